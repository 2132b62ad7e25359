"""Notes on nodes and links and saved canvas views: shared with the case's members only,
shown against tokens to a member who sees the person only as one, audited; denials for
non-members, an administrator outside the case and another case."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import select

from offensief.access.actors import get_actor
from offensief.access.pseudonym import is_token
from offensief.cases import service
from offensief.db.engine import open_workspace_database
from offensief.db.records import AuditEntry
from offensief.store.workspace import Workspace
from tests.api.conftest import bearer, case_id
from tests.api.world import KINGPIN

STATE: dict[str, Any] = {
    "seeds": ["p0"], "nodes": ["p0", "c1"], "selected": ["p0"], "relations": ["Call", "Ownership"],
    "hops": "2", "since": "2025-01-01", "until": None, "known_by": None, "brush": ["2025-02-01", "2025-03-01"],
    "positions": {"p0": {"x": 10, "y": 20}, "c1": {"x": 110.5, "y": -40}}, "zoom": 1.5, "pan": {"x": 3, "y": 4},
}


def _audit(ws: Workspace, action: str) -> list[dict[str, Any]]:
    db = open_workspace_database(ws)
    try:
        with db.session() as session:
            return [orjson.loads(e.what) | {"actor": e.actor} for e in
                    session.scalars(select(AuditEntry).where(AuditEntry.action == action))]
    finally:
        db.dispose()


def test_a_note_is_shared_with_members_against_a_token_where_they_see_one(own) -> None:
    ws, client = own
    ana, gem, fio = (bearer(client, u) for u in ("ana", "gem", "fio"))
    cid = case_id(client, ana)
    written = client.post(f"/api/cases/{cid}/notes", headers=ana,
                          json={"entity": "p0", "text": "leidt de overleggen in de loods"})
    assert written.status_code == 201, written.text
    assert written.json()["caption"] == KINGPIN and written.json()["disclosed"]
    link = client.post(f"/api/cases/{cid}/notes", headers=ana,
                       json={"entity": "p0", "other": "c1", "relation": "Ownership", "text": "stroman?"})
    assert link.status_code == 201, link.text

    mine = client.get(f"/api/cases/{cid}/notes", headers=ana).json()
    assert mine["total"] == 2
    on_link = next(n for n in mine["notes"] if n["other"])
    assert (on_link["caption"], on_link["other_caption"], on_link["relation"]) == (
        KINGPIN, "Zandloper Transport BV", "Ownership")
    assert [n["text"] for n in client.get(f"/api/cases/{cid}/notes", params={"entity": "c1"},
                                          headers=ana).json()["notes"]] == ["stroman?"]

    # the municipality sees the police data as tokens: the notes are shown against tokens
    theirs = client.get(f"/api/cases/{cid}/notes", headers=gem)
    assert theirs.status_code == 200
    body = theirs.text
    assert KINGPIN not in body and '"p0"' not in body
    for note in theirs.json()["notes"]:
        assert not note["disclosed"] and is_token(note["entity"]) and note["caption"] == note["entity"]
    assert {n["text"] for n in theirs.json()["notes"]} == {"leidt de overleggen in de loods", "stroman?"}
    # the token is the same subject token every time (a member can find the notes on it)
    token = theirs.json()["notes"][1]["entity"]
    assert client.get(f"/api/cases/{cid}/notes", params={"entity": token}, headers=gem).json()["total"] == 2
    assert client.get(f"/api/cases/{cid}/notes", headers=fio).status_code == 200

    added = _audit(ws, "note_add")
    assert len(added) == 2 and {a["actor"] for a in added} == {"ana"}
    assert added[0]["datasets"] == ["politie-bvh"]
    reads = _audit(ws, "read_notes")
    assert any(r["actor"] == "gem" and r["withheld"] == 2 for r in reads)


def test_notes_and_views_are_refused_outside_the_case(own) -> None:
    ws, client = own
    ana = bearer(client, "ana")
    cid = case_id(client, ana)
    assert client.post(f"/api/cases/{cid}/notes", headers=ana, json={"entity": "p0", "text": "x"}).status_code == 201
    assert client.put(f"/api/cases/{cid}/views/overzicht", headers=ana, json={"state": STATE}).status_code == 200
    for outsider in ("out", "adm"):  # a non-member, an administrator who is no member
        headers = bearer(client, outsider)
        assert client.get(f"/api/cases/{cid}/notes", headers=headers).status_code == 404
        assert client.post(f"/api/cases/{cid}/notes", headers=headers,
                           json={"entity": "p0", "text": "x"}).status_code == 404
        assert client.get(f"/api/cases/{cid}/views", headers=headers).status_code == 404
        assert client.get(f"/api/cases/{cid}/views/overzicht", headers=headers).status_code == 404
        assert client.put(f"/api/cases/{cid}/views/mine", headers=headers,
                          json={"state": STATE}).status_code == 404
    denied = [d for d in _audit(ws, "denied") if d["actor"] in ("out", "adm")]
    assert len(denied) >= 10
    # another case of the same analyst holds none of them
    db = open_workspace_database(ws)
    with db.session() as session:
        other = service.create_case(session, name="Operatie Elders", level="local", phenomenon="fraude",
                                    owner="politie-rotterdam", purpose="test", legal_basis="test",
                                    actor=get_actor(session, "ana"))
        other_id = other.id
    db.dispose()
    assert client.get(f"/api/cases/{other_id}/notes", headers=ana).json()["total"] == 0
    assert client.get(f"/api/cases/{other_id}/views", headers=ana).json()["views"] == []
    assert client.get(f"/api/cases/{other_id}/views/overzicht", headers=ana).status_code == 404
    # an entity the case's data do not hold cannot be annotated; a note needs text
    assert client.post(f"/api/cases/{cid}/notes", headers=ana,
                       json={"entity": "nobody", "text": "x"}).status_code == 404
    assert client.post(f"/api/cases/{cid}/notes", headers=ana,
                       json={"entity": "p0", "text": "  "}).status_code == 400


def test_a_saved_view_reopens_with_its_state(own) -> None:
    ws, client = own
    ana, gem = bearer(client, "ana"), bearer(client, "gem")
    cid = case_id(client, ana)
    saved = client.put(f"/api/cases/{cid}/views/overzicht", headers=ana, json={"state": STATE})
    assert saved.status_code == 200, saved.text
    again = client.put(f"/api/cases/{cid}/views/overzicht", headers=ana,
                       json={"state": STATE | {"selected": ["c1"]}})  # the same name replaces
    assert again.status_code == 200
    listed = client.get(f"/api/cases/{cid}/views", headers=gem).json()["views"]
    assert [(v["name"], v["nodes"], v["saved_by"]) for v in listed] == [("overzicht", 2, "ana")]
    state = client.get(f"/api/cases/{cid}/views/overzicht", headers=gem).json()["state"]
    assert state["selected"] == ["c1"] and state["relations"] == ["Call", "Ownership"]
    assert state["positions"]["c1"] == {"x": 110.5, "y": -40.0} and state["zoom"] == 1.5
    assert state["brush"] == ["2025-02-01", "2025-03-01"] and state["since"] == "2025-01-01"
    bad = client.put(f"/api/cases/{cid}/views/kapot", headers=ana,
                     json={"state": STATE | {"positions": {"p0": {"x": "links"}}}})
    assert bad.status_code == 400 and bad.json()["error"]["details"]["field"] == "positions"
    assert [a["view"] for a in _audit(ws, "view_save")] == ["overzicht", "overzicht"]
    assert any(a["actor"] == "gem" for a in _audit(ws, "view_open"))
