"""``offensief protect ...`` end to end as the officers and as the roles that get nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from offensief.cli.app import app
from offensief.store.workspace import Workspace
from tests.protect import world

runner = CliRunner()


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    return world.build(tmp_path)


def cli(ws: Workspace, *args: str, user: str | None = "olga", ok: bool = True):
    env = {"OFFENSIEF_WORKSPACE": str(ws.root), "OFFENSIEF_DATABASE_URL": ""}
    if user:
        env |= {"OFFENSIEF_USER": user, "OFFENSIEF_PASSWORD": world.PASSWORD}
    result = runner.invoke(app, ["protect", *args], env=env)
    if ok:
        assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_the_officer_works_a_record_end_to_end(ws: Workspace, tmp_path: Path) -> None:
    rows = json.loads(cli(ws, "subject", "list", "--json", "-").output)
    assert [r["name"] for r in rows] == [world.LAWYER]
    added = json.loads(cli(ws, "subject", "add", "Jan Journalist", "--profession", "journalist",
                           "--region", "Rotterdam", "--unit", "politie", "--authority-partner",
                           "om", "--json", "-").output)
    sid = str(added["id"])
    cli(ws, "report", "add", sid, "--source", "redactie", "--date", "2026-02-01",
        "--classification", "conceivable", "--threatener", "Tom Dreiger=p1")
    cli(ws, "move", sid, "assessing")
    cli(ws, "product", "add", sid, "--kind", "ird", "--author", "politie", "--date", "2026-02-02",
        "--conclusion", "conceivable", "--requests", "di")
    cli(ws, "product", "add", sid, "--kind", "di", "--author", "politie", "--date", "2026-02-03",
        "--conclusion", "concrete", "--level", "3", "--decision", "surveillance")
    denied = cli(ws, "move", sid, "decided", ok=False)  # the unit may not decide
    assert denied.exit_code != 0 and "authority side" in str(denied.exception)
    cli(ws, "move", sid, "decided", user="hovj")
    measure = json.loads(cli(ws, "measure", "add", sid, "--description", "surveillance",
                             "--level", "2", "--unit", "politie", "--start", "2026-02-04",
                             "--json", "-").output)
    assert measure["reviews"] == ["2026-05-05"]
    cli(ws, "move", sid, "protected")
    cli(ws, "contact", "add", sid, "--note", "besproken")
    record = json.loads(cli(ws, "subject", "show", sid, "--json", "-").output)
    assert [link["kind"] for link in record["chain"]] == ["melding", "ird", "di"]
    assert record["state"] == "protected" and record["threateners"][0]["entity_id"] == "p1"
    assert "Jan Journalist" in cli(ws, "subject", "show", sid).output
    cli(ws, "measure", "end", sid, str(measure["measure"]), "--date", "2026-03-01",
        "--reason", "dreiging geweken")
    due = tmp_path / "due.json"
    cli(ws, "due", "--today", "2026-05-01", "--json", str(due))
    items = json.loads(due.read_text())["items"]
    assert {(i["subject_id"], i["rule"], i["status"]) for i in items} >= {
        (int(sid), "review", "due"), (1, "ird_after_report", "overdue")}
    over = tmp_path / "overview.json"
    chart = tmp_path / "chart.vl.json"
    cli(ws, "overview", "--json", str(over), "--chart", str(chart))
    # olga's own records in full; kmar's single witness hidden (minimum-frequency rule)
    assert json.loads(over.read_text())["by"]["profession"] == {"journalist": 1, "lawyer": 1,
                                                                "other (suppressed)": 1}
    assert json.loads(chart.read_text())["$schema"].endswith("v6.json")
    assert "HIT on address, name, phone; contact politie" in cli(ws, "scan").output


@pytest.mark.parametrize("user", ["ana", "gem", "aud", "adm", "kees", None])
def test_no_record_for_anyone_else(ws: Workspace, user: str | None) -> None:
    commands = [("subject", "show", "1"), ("report", "add", "1", "--source", "x", "--date",
                "2026-01-01", "--classification", "c"), ("contact", "add", "1", "--note", "n")]
    if user != "kees":  # kees is an officer: his own register, due list and overview are his
        commands += [("subject", "list"), ("due",), ("overview",), ("scan",)]
    for args in commands:
        result = cli(ws, *args, user=user, ok=False)
        assert result.exit_code != 0, args
        assert world.LAWYER not in result.output and "Tom Dreiger" not in result.output
        assert type(result.exception).__name__ in ("PermissionDenied", "AuthenticationError")


def test_the_system_watch_alerts_and_the_purge(ws: Workspace) -> None:
    world.load(ws, world.SECOND_LOAD, "second.jsonl")
    out = cli(ws, "watch", "--json", "-", user=None).output
    assert json.loads(out) == {"records": 2, "threateners": 2, "activity_signals": 1,
                               "records_hit": 1}
    assert world.LAWYER not in out and "Tom Dreiger" not in out
    rows = json.loads(cli(ws, "subject", "list", "--json", "-").output)
    assert rows[0]["unseen_signals"] == 2  # activity + hit, for olga's record
    kees = json.loads(cli(ws, "subject", "list", "--json", "-", user="kees").output)
    assert kees[0]["unseen_signals"] == 0  # nothing on kees's record
    assert json.loads(cli(ws, "purge", "--json", "-", user=None).output) == {"removed": []}


def ingest(ws: Workspace, name: str):
    path = world.write(ws.root / name, world.SECOND_LOAD)
    env = {"OFFENSIEF_WORKSPACE": str(ws.root), "OFFENSIEF_DATABASE_URL": ""}
    return runner.invoke(app, ["ingest", str(path), "--dataset", "politie-bvh"], env=env)


def test_a_load_alerts_the_officers_without_cron(ws: Workspace) -> None:
    loaded = ingest(ws, "second.jsonl")
    assert loaded.exit_code == 0, (loaded.output, loaded.exception)
    assert "protection watch: 1 new-activity signal(s), 1 record(s) with a hit" in loaded.output
    assert world.LAWYER not in loaded.output and "Tom Dreiger" not in loaded.output
    rows = json.loads(cli(ws, "subject", "list", "--json", "-").output)
    assert rows[0]["unseen_signals"] == 2  # activity + hit, without `protect watch`
    again = ingest(ws, "second.jsonl")  # nothing new: no scan
    assert again.exit_code == 0 and "already loaded" in again.output
    assert "protection watch" not in again.output


def test_a_failing_watch_does_not_fail_the_load(ws: Workspace, monkeypatch: pytest.MonkeyPatch,
                                                caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_args: object, **_kw: object) -> dict[str, int]:
        raise RuntimeError("scan broke")

    monkeypatch.setattr("offensief.casework.protect_signals.watch", broken)
    loaded = ingest(ws, "second.jsonl")
    assert loaded.exit_code == 0, (loaded.output, loaded.exception)
    assert "4 records" in loaded.output and "protection watch" not in loaded.output
    assert "protect watch after the load failed" in caplog.text
    rows = json.loads(cli(ws, "subject", "list", "--json", "-").output)
    assert rows[0]["unseen_signals"] == 0
