"""The register through the application layer: the compartment on every read and write,
every read and denial audited, the national overview, and the signals that cross into the
offensive's data (new threatener activity; hit/no-hit on protected subjects)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from offensief.access.actors import get_actor
from offensief.casework import protect as cp
from offensief.casework.caller import Caller
from offensief.casework.protect_signals import mark_seen, scan
from offensief.db import open_workspace_database
from offensief.db.records import AuditEntry
from offensief.model.errors import PermissionDenied
from offensief.protect import register as reg
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.protect import world

NOT_THE_REGISTER = ["ana", "gem", "aud", "adm"]


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    return world.build(tmp_path)


@contextmanager
def acting(ws: Workspace, username: str) -> Iterator[Caller]:
    db = open_workspace_database(ws)
    try:
        with db.session() as session, Store.open(ws) as store:
            yield Caller(actor=get_actor(session, username), db=session, workspace=ws,
                         store=store, purpose="test")
    finally:
        db.dispose()


def audit_rows(ws: Workspace) -> list[AuditEntry]:
    db = open_workspace_database(ws)
    with db.session() as session:
        rows = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    db.dispose()
    return rows


def test_unit_and_authority_read_other_units_do_not(ws: Workspace) -> None:
    with acting(ws, "olga") as olga:
        assert [r["name"] for r in cp.list_subjects(olga)] == [world.LAWYER]
        record = cp.show_subject(olga, 1)
        assert record["access"].startswith("officer of the responsible unit")
        assert record["threateners"][0]["case"] == "case 1 (not yours)"  # olga is no member
    with acting(ws, "hovj") as hovj:
        assert [r["id"] for r in cp.list_subjects(hovj)] == [1, 2]
        assert cp.show_subject(hovj, 2)["access"].startswith("officer of the competent authority")
    with acting(ws, "kees") as kees:
        assert [r["id"] for r in cp.list_subjects(kees)] == [2]
        with pytest.raises(PermissionDenied, match="not in your compartment"):
            cp.show_subject(kees, 1)
        with pytest.raises(PermissionDenied, match="not in your compartment"):
            cp.show_subject(kees, 999)  # the same answer for a record that does not exist
        with pytest.raises(PermissionDenied):
            cp.add_contact(kees, 1, channel="phone", note="x")
    denied = [json.loads(e.what) for e in audit_rows(ws) if e.action == "denied"]
    assert [(d["subject"], d["rule"]) for d in denied] == [(1, "protect compartment"),
                                                           (999, "protect compartment"),
                                                           (1, "protect compartment")]
    reads = [json.loads(e.what) for e in audit_rows(ws) if e.action == "protect_read"]
    assert {"view": "list", "subjects": [1]} in reads
    assert any(r.get("subject") == 2 and r["op"] == "show" for r in reads)


@pytest.mark.parametrize("username", NOT_THE_REGISTER)
def test_other_roles_get_nothing_and_are_audited(ws: Workspace, username: str) -> None:
    before = len(audit_rows(ws))
    with acting(ws, username) as who:
        for call in (lambda: cp.list_subjects(who), lambda: cp.show_subject(who, 1),
                     lambda: cp.due_list(who), lambda: cp.caseload(who), lambda: scan(who),
                     lambda: cp.add_contact(who, 1, channel="x", note="y")):
            with pytest.raises(PermissionDenied, match="no role of"):
                call()
    assert [e.action for e in audit_rows(ws)[before:]] == ["denied"] * 6


def test_records_are_registered_only_for_ones_own_compartment(ws: Workspace) -> None:
    data = reg.SubjectInput(name="X", kind="person", profession="judge", region="Utrecht",
                            unit_partner="kmar", authority_partner="om")
    with acting(ws, "olga") as olga, pytest.raises(PermissionDenied, match="own unit"):
        cp.add_subject(olga, data)
    with acting(ws, "kees") as kees:
        assert cp.add_subject(kees, data)["unit_partner"] == "kmar"


def test_the_workflow_side_is_enforced_and_a_wrong_side_audited(ws: Workspace) -> None:
    with acting(ws, "olga") as olga:
        assert cp.move(olga, 1, "assessing")["to"] == "assessing"
        cp.add_product(olga, 1, kind="ird", author_org="politie", issued_on=date(2026, 1, 11),
                       conclusion="concrete")
        cp.add_product(olga, 1, kind="di", author_org="politie", issued_on=date(2026, 1, 12),
                       conclusion="concrete", threat_level=3, decision="beveiligen")
        with pytest.raises(PermissionDenied, match="authority side"):
            cp.move(olga, 1, "decided")
    with acting(ws, "hovj") as hovj:
        assert cp.move(hovj, 1, "decided")["sides"] == ["authority"]
    assert any(json.loads(e.what).get("op") == "move:decided" for e in audit_rows(ws)
               if e.action == "denied")


def test_overview_is_aggregate_only(ws: Workspace) -> None:
    with acting(ws, "hovj") as hovj:  # the authority of both records sees every cell
        data, spec = cp.caseload(hovj)
    assert data.total == 2 and data.by["profession"] == {"lawyer": 1, "witness": 1}
    text = json.dumps({**data.to_dict(), "spec": spec})
    assert world.LAWYER not in text and "Getuige" not in text and "p1" not in text
    assert spec["hconcat"][0]["data"]["values"][0]["month"] == "2026-01"
    with acting(ws, "kees") as kees:  # the lawyer is not kees's: her single cells are hidden
        data, _ = cp.caseload(kees)
    assert data.total == 2
    assert data.by["profession"] == {"witness": 1, "other (suppressed)": 1}
    assert data.by["region"] == {"Landelijk": 1, "other (suppressed)": 1}
    assert "lawyer" not in json.dumps(data.to_dict()) and "Rotterdam" not in json.dumps(data.to_dict())
    # a cell holding kees's witness and the lawyer (2 < 3, one not his) is hidden as a whole
    assert data.by["domain"] == {"other (suppressed)": 2}
    assert data.suppressed_months == 2 and data.months == []


def test_new_activity_of_a_threatener_alerts_the_right_officer(ws: Workspace) -> None:
    with acting(ws, "olga") as olga:
        assert scan(olga).activity == []  # nothing new since the threateners were linked
    world.load(ws, world.SECOND_LOAD, "second.jsonl")
    with acting(ws, "kees") as kees:
        assert scan(kees).activity == []  # p2 (kees's threatener) shows no new activity
        assert all(s["unseen_signals"] == 0 for s in cp.list_subjects(kees))
    with acting(ws, "olga") as olga:
        found = scan(olga).activity
        assert len(found) == 1 and found[0]["subject"] == 1
        kinds = {r["kind"]: r["count"] for r in found[0]["activity"]}
        assert kinds == {"calls": 2, "address": 1}
        assert found[0]["contacts"] == ["politie"]
        assert scan(olga).activity == []  # the check moved on: no repeat alert
    with acting(ws, "hovj") as hovj:  # the authority's officer sees the alert on the record
        record = cp.show_subject(hovj, 1)
        signal = next(g for g in record["signals"] if g["kind"] == "activity")
        text = json.dumps(signal)
        for secret in ("p9", "Hofplein", "Geheime", "+31687654321", "3032"):
            assert secret not in text  # counterparties and values never reach the register
        assert cp.list_subjects(hovj)[0]["unseen_signals"] >= 1
        assert mark_seen(hovj, 1) >= 1
        assert cp.list_subjects(hovj)[0]["unseen_signals"] == 0


def test_hit_no_hit_names_the_case_owner_only(ws: Workspace) -> None:
    with acting(ws, "olga") as olga:
        hits = {h["subject"]: h for h in scan(olga).hits}
    assert hits == {1: {"subject": 1, "hit": True, "kinds": ["address", "name", "phone"],
                        "contacts": ["politie"]}}
    entries = audit_rows(ws)
    received = [e for e in entries if e.action == "hit_received"]
    assert [e.case_id for e in received] == [1]
    text = received[0].what
    assert world.LAWYER not in text and "Advocaat" not in text and "1234" not in text
    asked = [json.loads(e.what) for e in entries if e.action == "hit"]
    assert asked[0]["hit"] is True and len(asked[0]["query"]) == 32
    with acting(ws, "kees") as kees:  # the witness's phone is in no case: no hit
        assert [h["hit"] for h in scan(kees).hits] == [False]


def test_the_case_team_gets_nothing_from_the_register(ws: Workspace) -> None:
    with acting(ws, "olga") as olga:
        scan(olga)
    with acting(ws, "ana") as ana:
        for call in (lambda: cp.list_subjects(ana), lambda: cp.show_subject(ana, 1)):
            with pytest.raises(PermissionDenied):
                call()
