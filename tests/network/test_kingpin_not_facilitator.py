"""A facilitator of several criminal groups is not listed among the kingpins before them
(network/roles.py ``serves_several``; issue 13, third world, fresh seed 60301: five of the
first 20 kingpin rows were facilitators — tax advisers and recruiters whose firms both groups
called and paid reach both groups, so they score like heads).

The world of tests/network/test_group_heads.py (two groups: a head, two lieutenants, two crews),
and a tax adviser whose trade is known only from his firm's name (no sector in the register:
an inferred trade, which does not lower a kingpin score) — both groups' lieutenants phone and
pay him. The look-alike: the same adviser serving one group only stays where his score puts him —
one client group does not show a facilitator of several."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from offensief.network import roles
from offensief.network.graph import entity_graph, person_projection
from offensief.network.roles import analyse_roles
from offensief.store.duckstore import Store
from tests.network.test_group_heads import _calls, _pay, _world
from tests.network.world import _e, load_sources, person


def _with_adviser(groups: tuple[str, ...]) -> dict[str, list[dict]]:
    world = _world()
    world["kvk"] = [
        person("adv", "Rik Cijfer"),
        _e("c-adv", "Company", name="Fiscaal Advies Cijfer BV", legalForm="Besloten Vennootschap"),
        _e("d-adv", "Directorship", director="adv", organization="c-adv", role="bestuurder"),
    ]
    world["politie-bvh"].append(person("adv", "R. Cijfer"))  # known to police, as the third world's
    for g in groups:
        for i in range(2):
            world["telecom"] += _calls(f"{g}-lt{i}", "adv", 4)
            world["bank"] += _pay(f"{g}-lt{i}", "adv", 3, "12000")
    return world


def _rows(store: Store) -> list[dict]:
    eg = entity_graph(store)
    return analyse_roles(person_projection(eg), entity_graph=eg, top=300, seeds=2)["roles"]


def test_a_facilitator_of_two_groups_comes_after_the_kingpin_candidates(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_sources(store, tmp_path, _with_adviser(("a", "b")))
    rows = _rows(store)
    assert any(r["id"] == "adv" and r["role"] == "financial_facilitator" for r in rows), "not a facilitator row"
    kingpins = [r for r in rows if r["role"] == "kingpin"]
    ids = [r["id"] for r in kingpins]
    assert ids[-1] == "adv", ids  # after every other candidate
    assert "serves two or more criminal groups as a facilitator" in kingpins[-1]["explanation"]["text"]
    # the look-alike matters: by his score alone he stands above a group's head
    monkeypatch.setattr(roles, "serves_several",
                        lambda features: np.zeros(len(next(iter(features.values()))), dtype=bool))
    plain = [r["id"] for r in _rows(store) if r["role"] == "kingpin"]
    assert plain.index("adv") < max(plain.index("a-head"), plain.index("b-head")), plain


def test_an_adviser_of_one_group_keeps_his_row(store: Store, tmp_path: Path) -> None:
    load_sources(store, tmp_path, _with_adviser(("a",)))
    rows = _rows(store)
    ids = [r["id"] for r in rows if r["role"] == "kingpin"]
    assert "adv" in ids and ids[-1] != "adv", ids
    assert not any(r["id"] == "adv" and r["role"] == "financial_facilitator" and r.get("flagged") for r in rows)
