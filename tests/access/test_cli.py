"""The access CLIs end to end on a real workspace (SQLite file or PostgreSQL schema),
including the no-leak check: an actor without access never gets a real value printed."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from offensief.access.pseudonym import normalise
from offensief.cli.app import app
from offensief.db.engine import open_workspace_database
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.access.world import ALL_PERSONAL, HIDDEN_FROM_GEMEENTE, fill_db, fill_store

runner = CliRunner()


@pytest.fixture
def ws(db, tmp_path, monkeypatch):
    if db.dialect == "postgresql":
        monkeypatch.setenv("OFFENSIEF_DATABASE_URL", db.url)
    else:
        monkeypatch.delenv("OFFENSIEF_DATABASE_URL", raising=False)
    workspace = Workspace.init(tmp_path / "ws")
    with Store.open(workspace) as store:
        fill_store(store)
    ops = open_workspace_database(workspace)
    with ops.session() as session:
        fill_db(session)
    ops.dispose()
    return workspace


def cli(ws, *args, user=None, ok=True):
    env = {"OFFENSIEF_WORKSPACE": str(ws.root)}
    if user:
        env |= {"OFFENSIEF_USER": user, "OFFENSIEF_PASSWORD": f"{user}-pw"}
    result = runner.invoke(app, list(args), env=env)
    if ok:
        assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_users_partners_and_tokens(ws):
    cli(ws, "partner", "add", "douane", "--kind", "douane")
    out = cli(ws, "user", "add", "dirk", "--partner", "douane", "--role", "investigator", "--token").output
    assert "password (shown once)" in out and "ofs_" in out
    listed = json.loads(cli(ws, "user", "list", "--json", "-").output)
    assert {"username": "dirk", "partner": "douane", "partner_kind": "douane",
            "roles": ["investigator"], "disabled": False} in listed
    assert "argon2" not in cli(ws, "user", "list").output
    denied = cli(ws, "user", "add", "eve", "--partner", "douane", "--role", "admin", user="gem", ok=False)
    assert denied.exit_code != 0 and "admin" in str(denied.exception)
    cli(ws, "user", "disable", "dirk", user="root")
    assert json.loads(cli(ws, "partner", "list", "--json", "-").output)[-1]["name"] in ("politie", "om", "ministerie", "gemeente", "fiu", "fiod", "douane", "belastingdienst")


def test_case_commands(ws):
    cli(ws, "case", "create", "Eb", "--level", "local", "--phenomenon", "hennep", "--owner", "politie",
        "--purpose", "p", "--legal-basis", "Wpg art. 9", user="pol")
    cli(ws, "case", "add-member", "Eb", "gem", user="pol")
    cli(ws, "case", "attach", "Eb", "politie-bvh", "kvk", user="pol")
    shown = json.loads(cli(ws, "case", "show", "Eb", "--json", "-", user="gem").output)
    assert shown["members"] == ["gem", "pol"]
    assert shown["visible_datasets"] == {"kvk": "clear", "politie-bvh": "token"}
    cli(ws, "case", "close", "Eb", user="pol")
    cases = json.loads(cli(ws, "case", "list", "--json", "-", user="gem").output)
    assert [(c["name"], c["status"]) for c in cases] == [("Zandloper", "open"), ("Eb", "closed")]


def test_hit_reveal_subject_audit(ws, tmp_path):
    answer = json.loads(cli(ws, "hit", "--kind", "iban", "--value", "NL91ABNA0417164300",
                            "--json", "-", user="om").output)
    assert answer["hit"] is True and answer["contacts"] == ["politie"]
    shown = json.loads(cli(ws, "case", "show", "Zandloper", "--entity", "p1", "--json", "-",
                           user="fiod").output)
    phone = next(s["value"] for s in shown["statements"] if s["prop"] == "phone")
    assert phone.startswith("tok_")
    revealed = cli(ws, "reveal", phone, "--case", "Zandloper", "--reason", "onderzoek FIOD", user="fiod")
    assert "+31612345678" in revealed.output
    cli(ws, "subject", "export", "--name", "Jan de Vries", "--birth-date", "1980-04-02",
        "--reason", "AVG-verzoek", "--json", str(tmp_path / "export.json"), user="aud")
    assert json.loads((tmp_path / "export.json").read_text())["entities"][0]["id"] == "p1"
    entries = json.loads(cli(ws, "audit", "list", "--json", "-", "--limit", "200", user="aud").output)
    actions = {e["action"] for e in entries}
    assert {"hit", "hit_received", "read", "reveal", "subject_export", "login"} <= actions
    exported = json.loads(cli(ws, "case", "export", "Zandloper", "--entity", "p1", "--json", "-",
                              user="pol").output)
    assert {r["dataset"] for r in exported} == {"politie-bvh"}
    assert "chain intact" in cli(ws, "audit", "verify").output
    cli(ws, "audit", "list", user="gem", ok=False)


def test_audit_verify_names_the_tampered_entry(ws):
    ops = open_workspace_database(ws)
    with ops.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_log SET purpose = 'vervalst' WHERE seq = 5")
    ops.dispose()
    result = cli(ws, "audit", "verify", ok=False)
    assert result.exit_code == 1 and "entry 5" in result.output


def test_retention_cli(ws):
    dry = json.loads(cli(ws, "retention", "run", "--dry-run", "--today", "2040-01-01", "--json", "-").output)
    assert dry["purged"] == ["bd-aangifte", "fiu-meldingen"] and dry["removed"] == {}
    cli(ws, "retention", "hold", "--dataset", "fiu-meldingen", "--reason", "ontneming")
    done = json.loads(cli(ws, "retention", "run", "--today", "2040-01-01", "--json", "-").output)
    assert done["purged"] == ["bd-aangifte"]
    with Store.open(ws) as store:
        assert store.con.execute("SELECT count(*) FROM statements WHERE dataset = 'bd-aangifte'").fetchone()[0] == 0


def no_leak(outputs, protected):
    blob = "\n".join(outputs)
    for value in protected:
        assert value not in blob and normalise(value) not in normalise(blob), value


def test_no_cli_command_leaks(ws):
    """The municipal liaison sees police, FIU and tax data only as tokens; a police analyst
    outside the case sees nothing real at all."""
    shown = json.loads(cli(ws, "case", "show", "Zandloper", "--entity", "p1", "--json", "-",
                           user="pol").output)
    token = next(s["value"] for s in shown["statements"] if s["value"].startswith("tok_"))
    runs = [
        ("case", "show", "Zandloper", "--entity", "p1", "--entity", "p2", "--entity", "p3",
         "--entity", "acc1", "--entity", "pay1", "--json", "-"),
        ("case", "show", "Zandloper", "--entity", "p1"),
        ("case", "list", "--json", "-"),
        ("case", "export", "Zandloper", "--json", "-"),
        ("hit", "--kind", "iban", "--value", "NL91ABNA0417164300", "--json", "-"),
        ("hit", "--kind", "name", "--value", "Jan de Vries", "--birth-date", "1980-04-02"),
        ("reveal", token, "--case", "Zandloper", "--reason", "x"),
        ("subject", "export", "--name", "Jan de Vries", "--reason", "x", "--json", "-"),
        ("audit", "list", "--json", "-"),
        ("audit", "verify"),
        ("retention", "run", "--dry-run"),
        ("user", "list", "--json", "-"),
    ]
    for who, protected in (("gem", HIDDEN_FROM_GEMEENTE), ("outsider", ALL_PERSONAL)):
        outputs = []
        for args in runs:
            result = cli(ws, *args, user=who, ok=False)
            outputs += [result.output, str(result.exception or "")]
        no_leak(outputs, protected)
        if who == "gem":
            assert "tok_" in "\n".join(outputs) and "Karin Smit" in "\n".join(outputs)


def test_case_export_takes_the_same_decision_as_the_api_export(ws):
    """``case export`` goes through the application layer's export: the same datasets as the
    API's export for every member, non-members refused like an unknown case (the case's name
    does not leak), and every refusal audited as a denial."""
    from offensief.casework.caller import Caller
    from offensief.casework.export import export_case

    ops = open_workspace_database(ws)
    try:
        with ops.session() as session, Store.open(ws) as store:
            from offensief.access.actors import get_actor
            for who in ("pol", "bd", "fiod", "om"):
                caller = Caller(actor=get_actor(session, who), db=session, workspace=ws, store=store)
                api = export_case(caller, "Zandloper", "ftm").datasets
                rows = json.loads(cli(ws, "case", "export", "Zandloper", "--json", "-", user=who).output)
                assert sorted({r["dataset"] for r in rows}) == api, who
    finally:
        ops.dispose()
    for who in ("gem", "prot", "outsider"):
        refused = cli(ws, "case", "export", "1", "--json", "-", user=who, ok=False)
        assert refused.exit_code != 0
    outsider = cli(ws, "case", "export", "1", "--json", "-", user="outsider", ok=False)
    assert "Zandloper" not in outsider.output + str(outsider.exception or "")
    entries = json.loads(cli(ws, "audit", "list", "--json", "-", "--limit", "500", user="aud").output)
    denied = {e["actor"] for e in entries if e["action"] == "denied"}
    assert {"gem", "prot", "outsider"} <= denied, denied
