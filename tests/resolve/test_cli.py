"""``offensief resolve`` end to end on a workspace: run, JSON shape, judge, explain, undo."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from offensief.access.actors import get_actor
from offensief.access.judgements import add_judgement
from offensief.cli.app import app
from offensief.db.engine import open_workspace_database
from offensief.db.records import AuditEntry
from offensief.model.dataset import Dataset
from offensief.resolve import evaluation, synthetic
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.casework.helpers import CASE, add_case, as_user

runner = CliRunner()
PEOPLE = synthetic.generate(300, seed=11)


def _workspace(tmp_path):
    ws = Workspace.init(tmp_path / "ws")
    people = PEOPLE
    with Store.open(ws) as store:
        for source in synthetic.SOURCES:
            store.add_dataset(Dataset.create(name=source, partner=source, regime="open",
                                             purpose="test", collected_at="2025-01-01"))
            evaluation.load_entities(store, dataset=source,
                                     entities=[p for p in people if p["dataset"] == source])
    add_case(ws, users={"ana": ("riec", "riec", ["analyst"]), "pim": ("politie", "politie", ["liaison"])})
    return ws


def _invoke(ws, *args, user="ana", ok=True):
    env = {"OFFENSIEF_CASE": CASE} | (as_user(user) if user else {})
    result = runner.invoke(app, [*args[:1], "-w", str(ws.root), *args[1:]]
                           if args[0] != "resolve" or len(args) == 1 or args[1].startswith("-")
                           else ["resolve", args[1], "-w", str(ws.root), *args[2:]], env=env)
    if ok:
        assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_resolve_cli_round_trip(tmp_path):
    ws = _workspace(tmp_path)
    out = tmp_path / "clusters.json"
    _invoke(ws, "resolve", "--kind", "person", "--one-to-one", "politie", "--one-to-one", "kvk",
            "--one-to-one", "bank", "--one-to-one", "gemeente", "--json", str(out))
    clusters = json.loads(out.read_text())
    assert clusters and set(clusters[0]) == {"id", "members", "schema", "probability"}
    pair = next(c for c in clusters if len(c["members"]) == 2)
    a, b = pair["members"]

    shown = tmp_path / "show.json"
    _invoke(ws, "resolve", "show", a, "--json", str(shown))
    described = json.loads(shown.read_text())
    assert described["id"] == pair["id"] and [m["id"] for m in described["members"]] == [a, b]

    explained = tmp_path / "explain.json"
    _invoke(ws, "resolve", "explain", a, b, "--json", str(explained))
    assert json.loads(explained.read_text())["merged"] is True

    judged = tmp_path / "judge.json"
    _invoke(ws, "resolve", "judge", a, b, "--not-same", "--reason", "twins", "--json", str(judged))
    verdict = json.loads(judged.read_text())
    assert verdict["canonical"][a] != verdict["canonical"][b]

    listed = tmp_path / "judgements.json"
    _invoke(ws, "resolve", "judgements", "--json", str(listed))
    assert [j["verdict"] for j in json.loads(listed.read_text())] == ["not_same"]

    _invoke(ws, "resolve", "undo", *map(str, verdict["judgements"]), "--reason", "wrong")
    _invoke(ws, "resolve", "--json", str(out), "--new")
    after = {c["id"]: c["members"] for c in json.loads(out.read_text())}
    assert after[pair["id"]] == pair["members"]


def test_judge_needs_exactly_one_verdict(tmp_path):
    ws = _workspace(tmp_path)
    result = runner.invoke(app, ["resolve", "judge", "x", "y", "-w", str(ws.root), "--reason",
                                 "r", "--as", "ana", "--same", "--unsure"])
    assert result.exit_code != 0 and "exactly one" in str(result.exception)


def test_resolution_on_the_store_needs_an_acting_user_in_a_case(tmp_path):
    ws = _workspace(tmp_path)
    for args in (["resolve"], ["resolve", "show", "x"], ["resolve", "explain", "x", "y"]):
        anonymous = _invoke(ws, *args, user=None, ok=False)
        assert anonymous.exit_code != 0 and "--as" in str(anonymous.exception), args
    # a liaison may read the case but not run resolution (a judgement on the data): denied, audited
    denied = _invoke(ws, "resolve", "--kind", "person", user="pim", ok=False)
    assert "judge" in str(denied.exception)
    db = open_workspace_database(ws)
    with db.session() as session:
        actions = [(e.action, json.loads(e.what).get("action")) for e in session.scalars(select(AuditEntry))]
    db.dispose()
    assert ("denied", "judge") in actions


def test_listing_judgements_needs_a_steward_sees_only_visible_entities_and_is_audited(tmp_path):
    ws = _workspace(tmp_path)
    db = open_workspace_database(ws)
    with db.session() as session:
        ana = get_actor(session, "ana")
        add_judgement(session, left_id=PEOPLE[0]["id"], right_id=PEOPLE[1]["id"], verdict="not_same",
                      actor=ana, reason="Jan is not his brother Piet")
        add_judgement(session, left_id="elsewhere-1", right_id="elsewhere-2", verdict="same",
                      actor=ana, reason="Karel Geheim, same BSN")
    db.dispose()
    listed = tmp_path / "judgements.json"

    anonymous = _invoke(ws, "resolve", "judgements", "--json", str(listed), user=None, ok=False)
    assert anonymous.exit_code != 0 and "--as" in str(anonymous.exception)
    liaison = _invoke(ws, "resolve", "judgements", "--json", str(listed), user="pim", ok=False)
    assert liaison.exit_code != 0 and "judge" in str(liaison.exception)
    assert not listed.exists()

    _invoke(ws, "resolve", "judgements", "--json", str(listed))
    rows = json.loads(listed.read_text())
    assert [(r["left"], r["right"]) for r in rows] == [tuple(sorted((PEOPLE[0]["id"], PEOPLE[1]["id"])))]
    assert rows[0]["reason"] == "Jan is not his brother Piet"       # open data: both in clear
    assert "Karel" not in listed.read_text() and "elsewhere" not in listed.read_text()

    db = open_workspace_database(ws)
    with db.session() as session:
        entries = [(e.action, e.actor, json.loads(e.what)) for e in session.scalars(select(AuditEntry))]
    db.dispose()
    reads = [w for action, actor, w in entries if action == "read_judgements" and actor == "ana"]
    assert len(reads) == 1 and reads[0]["listed"] == 1 and reads[0]["withheld"] == 1
    assert ("denied", "judge") in [(a, w.get("action")) for a, _, w in entries]
