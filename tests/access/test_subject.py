"""Data-subject export: everything about one person, only for the privacy officer, audited."""

from __future__ import annotations

import pytest

from offensief.access import audit
from offensief.access.subject import subject_export
from offensief.model.errors import InputError, PermissionDenied
from tests.access.world import build


@pytest.fixture
def world(session):
    w = build(session)
    yield w
    w.store.close()


def test_export_gathers_across_datasets(world, session):
    out = subject_export(world.store, session, actor=world.users["aud"], reason="AVG-verzoek 2025-17",
                         name="jan de vries", birth_date="1980-04-02")
    subjects = [e for e in out["entities"] if e["role"] == "subject"]
    assert [e["id"] for e in subjects] == ["p1"]
    assert {s["dataset"] for s in subjects[0]["statements"]} == {"politie-bvh", "bd-aangifte"}
    assert {e["id"] for e in out["entities"] if e["role"] == "related"} == {"own1", "pay1"}
    assert {c["case"] for c in out["cases"]} == {"Zandloper"}
    entry = audit.entries(session, action="subject_export")[0]
    assert entry["purpose"] == "AVG-verzoek 2025-17" and entry["what"]["subjects"] == ["p1"]


def test_export_by_identifier(world, session):
    out = subject_export(world.store, session, actor=world.users["aud"], reason="r",
                         identifier="+31 6 87654321")
    assert [e["id"] for e in out["entities"]] == ["p2"]


def test_only_privacy_officer_and_with_reason(world, session):
    with pytest.raises(PermissionDenied):
        subject_export(world.store, session, actor=world.users["pol"], reason="r", name="Jan de Vries")
    with pytest.raises(InputError):
        subject_export(world.store, session, actor=world.users["aud"], reason="", name="Jan de Vries")
    with pytest.raises(InputError):
        subject_export(world.store, session, actor=world.users["aud"], reason="r")
