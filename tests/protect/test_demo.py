"""The demo world's register: a lawyer, a journalist and a mayor threatened by kingpins of
the demo groups (checked against the generator's ground truth), seen by the demo officer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from offensief.access.actors import get_actor
from offensief.cases.seed import seed_demo
from offensief.casework import protect as cp
from offensief.casework.caller import Caller
from offensief.casework.protect_signals import scan
from offensief.db import open_workspace_database
from offensief.db.protect import ProtectSubject
from offensief.demo.generator import generate
from offensief.ingest import ingest_manifest
from offensief.protect.demo import seed_protection
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, Path]:
    root = tmp_path_factory.mktemp("protect-demo")
    world = generate(seed=7, size="small", out=root / "data")
    ws = Workspace.init(root / "ws")
    with Store.open(ws) as store:
        ingest_manifest(store, world.out / "datasets.json")
    db = open_workspace_database(ws)
    with Store.open(ws) as store, db.session() as session:
        seed_demo(session, store)
        assert seed_demo(session, store) and seed_protection(session, store) == []  # once only
    db.dispose()
    return ws, world.out / "ground_truth"


def test_threateners_are_kingpins_of_the_demo_groups(demo: tuple[Workspace, Path]) -> None:
    ws, truth = demo
    persons = json.loads((truth / "persons.json").read_text())
    role = {i: (p["role"], p["group"]) for p in persons for ids in p["source_ids"].values()
            for i in ids}
    db = open_workspace_database(ws)
    with db.session() as session:
        subjects = list(session.scalars(select(ProtectSubject).order_by(ProtectSubject.id)))
        assert [s.profession for s in subjects] == ["lawyer", "journalist", "mayor", "crown_witness"]
        found = [role[t.entity_id] for s in subjects for t in s.threateners]
    db.dispose()
    assert {r for r, _ in found} == {"kingpin"}
    assert len({g for _, g in found}) == 3  # three different groups


def test_the_demo_officer_sees_the_register(demo: tuple[Workspace, Path]) -> None:
    ws, _ = demo
    db = open_workspace_database(ws)
    with db.session() as session, Store.open(ws) as store:
        caller = Caller(actor=get_actor(session, "bescherming"), db=session, workspace=ws,
                        store=store, purpose="test")
        rows = cp.list_subjects(caller)
        assert [r["profession"] for r in rows] == ["lawyer", "journalist", "mayor"]
        assert {(i.rule, i.status) for i in cp.due_list(caller, today=date.today()).items} >= {
            ("requested_product", "overdue"), ("ird_after_report", "due")}
        hits = {h["subject"]: h["hit"] for h in scan(caller).hits}
        assert list(hits.values()) == [True, True, False]  # residents hit, the mayor not
    db.dispose()
