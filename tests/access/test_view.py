"""Statement-level filtering through CaseView: clear, tokens or nothing, audited per request."""

from __future__ import annotations

import pytest

from offensief.access import audit
from offensief.access.pseudonym import Pseudonymiser, is_token
from offensief.access.view import case_view
from offensief.model.errors import PermissionDenied
from tests.access.world import SECRET


@pytest.fixture
def world(shared_world):
    return shared_world[0]


@pytest.fixture
def session(shared_world):
    return shared_world[1]


def view_for(world, session, who):
    return case_view(world.store, session, actor=world.users[who], case=world.case, secret=SECRET)


def test_levels_follow_the_policy(world, session):
    assert view_for(world, session, "gem").visible_datasets() == {
        "bd-aangifte": "token", "fiu-meldingen": "token", "gemeente-brp": "clear",
        "kvk": "clear", "politie-bvh": "token", "politie-riec": "clear"}
    assert view_for(world, session, "pol").visible_datasets()["politie-bvh"] == "clear"
    assert view_for(world, session, "pol").visible_datasets()["bd-aangifte"] == "token"
    assert view_for(world, session, "bd").visible_datasets()["bd-aangifte"] == "clear"
    assert set(view_for(world, session, "prot").visible_datasets().values()) == {"token"}


def test_non_members_and_non_readers_get_no_view(world, session):
    for who in ("outsider", "ctrl", "aud", "root"):
        with pytest.raises(PermissionDenied):
            view_for(world, session, who)


def test_tokens_are_stable_and_keep_links(world, session):
    view = view_for(world, session, "gem")
    rows = {(r["dataset"], r["prop"]): r["value"] for r in view.statements("p1")}
    name = rows[("politie-bvh", "name")]
    assert is_token(name) and is_token(rows[("politie-bvh", "birthDate")])
    assert rows[("bd-aangifte", "taxNumber")] != "987654321"
    # the ownership link and the payment amount stay readable: the network keeps its shape
    own = {r["prop"]: r["value"] for r in view.statements("own1")}
    assert own["owner"] == "p1" and own["percentage"] == "100"
    assert {r["prop"]: r["value"] for r in view.statements("pay1")}["amount"] == "9500"
    # the same value gets the same token again and in the same case for another actor
    assert view.pseudonymise("jan  de VRIES") == name
    assert view_for(world, session, "prot").pseudonymise("Jan de Vries") == name
    # but another case has other tokens
    assert Pseudonymiser(secret=SECRET, case_id=world.case.id + 1).token("Jan de Vries") != name


def test_clear_reader_sees_values(world, session):
    rows = view_for(world, session, "pol").statements("p1")
    values = {r["value"] for r in rows if r["dataset"] == "politie-bvh"}
    assert {"Jan de Vries", "1980-04-02", "+31612345678"} <= values
    assert all(r["visibility"] in ("clear", "token") for r in rows)


def test_captions_prefer_clear_names(world, session):
    gem = view_for(world, session, "gem")
    captions = gem.captions(["p1", "p3", "c1", "nobody"])
    assert captions["p3"] == "Karin Smit" and captions["c1"] == "Zandloper Holding BV"
    assert is_token(captions["p1"]) and captions["nobody"] == "nobody"
    assert view_for(world, session, "bd").entity_caption("p1") == "Johannes de Vries"


def test_transactions_mask_free_text(world, session):
    gem = view_for(world, session, "gem").transactions()
    assert gem[0]["amount"] == 9500 and is_token(gem[0]["description"])
    pol = view_for(world, session, "pol").transactions()
    assert pol[0]["description"].startswith("contant")


def test_one_audit_record_per_request(world, session):
    view = view_for(world, session, "gem")
    before = audit.count(session)
    view.statements(entity_ids=["p1", "p3", "c1", "own1"])
    assert audit.count(session) == before + 1
    entry = audit.entries(session, limit=1)[0]
    assert entry["action"] == "read" and entry["actor"] == "gem" and entry["case_id"] == world.case.id
    assert entry["what"]["tokenised"] > 0
    view.captions(["p1", "p3"])
    assert audit.count(session) == before + 2
    assert audit.verify(session).ok


def test_visible_entity_ids(world, session):
    assert view_for(world, session, "gem").visible_entity_ids(["p1", "p3", "zzz"]) == {"p1", "p3"}


def test_search_finds_clear_by_substring_and_hidden_only_by_exact_identifier(world, session):
    gem = view_for(world, session, "gem")
    assert [r["entity_id"] for r in gem.search("karin")] == ["p3"]
    assert gem.search("karin")[0]["caption"] == "Karin Smit"
    # the police phone number is hidden from the municipality: a partial number finds nothing,
    # the full number (any notation) finds the entity, still shown only by token
    assert gem.search("612345") == []
    hits = gem.search("06-12345678")
    assert [(r["entity_id"], r["visibility"]) for r in hits] == [("p1", "token")]
    assert hits[0]["caption"].startswith("tok_") and "de Vries" not in str(hits)
    assert [r["entity_id"] for r in gem.search("NL91 ABNA 0417 1643 00")] == ["acc1"]
    entry = audit.entries(session, action="search")[0]
    assert entry["what"]["query"].startswith("tok_") and "NL91" not in str(entry)
    with pytest.raises(PermissionDenied):
        view_for(world, session, "prot").search("karin")


def test_export_only_datasets_the_actor_may_export(world, session):
    rows = view_for(world, session, "pol").export(entity_ids=["p1"])
    assert {r["dataset"] for r in rows} == {"politie-bvh"}          # not the tax record
    assert "Jan de Vries" in {r["value"] for r in rows}
    assert audit.entries(session, action="export")[0]["what"]["statements"] == len(rows)
    with pytest.raises(PermissionDenied):
        view_for(world, session, "gem").export()                     # liaison: no export role


def test_export_never_holds_a_dataset_the_view_shows_as_tokens(world, session):
    """An export is a read in clear taken outside: a view narrowed to tokens for a dataset
    (whatever the export right says) does not export that dataset's raw values."""
    view = view_for(world, session, "pol")
    view.levels = {**view.levels, "politie-bvh": "token"}
    rows = view.export(entity_ids=["p1", "own1"])
    assert "politie-bvh" not in {r["dataset"] for r in rows}
    assert "Jan de Vries" not in {r["value"] for r in rows}
