"""store.watch: new activity around entities in a time window, identifier values, relations."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from offensief.ingest import ingest_file
from offensief.store.duckstore import Store
from offensief.store.watch import activity_since, identifier_values, relations, same_as


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def load(store: Store, tmp_path, name: str, rows: list[dict]) -> None:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    ingest_file(store, dataset="politie-bvh", path=path)


def test_activity_in_a_window_own_and_pointing(store: Store, tmp_path) -> None:
    load(store, tmp_path, "a.jsonl", [
        {"id": "p1", "schema": "Person", "properties": {"name": ["A"]}},
        {"id": "as1", "schema": "Associate", "properties": {
            "person": ["p1"], "associate": ["p2"], "relationship": ["handlanger"]}}])
    before = now()
    first = activity_since(store, ["p1"], datetime(2000, 1, 1), before)
    assert {(a.how, a.schema) for a in first} == {("own", "Person"), ("ref", "Associate")}
    load(store, tmp_path, "b.jsonl", [
        {"id": "c1", "schema": "Call", "properties": {"caller": ["p1"], "receiver": ["p2"]}},
        {"id": "p1", "schema": "Person", "properties": {"name": ["A"], "address": ["X 1"]}}])
    after = now()
    new = activity_since(store, ["p1"], before, after)
    assert {(a.how, a.schema, a.prop) for a in new} == {("ref", "Call", "caller"),
                                                        ("own", "Person", "address")}
    assert activity_since(store, ["p1"], before, before) == []  # the window's end holds
    assert relations(store, dataset="politie-bvh", relationship="handlanger") == [("p1", "p2")]
    assert same_as(store, ["p1"]) == ["p1"]  # no resolution run: itself only
    assert ("p1", "address", "X 1", "politie-bvh") in identifier_values(
        store, props=("address",), datasets=["politie-bvh"])
