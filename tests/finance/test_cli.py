"""``offensief finance``: JSON shapes on a real workspace, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner, Result

from offensief.access.pseudonym import is_token
from offensief.cli import finance
from offensief.finance.transactions import insert_transactions
from offensief.model.dataset import Dataset
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.casework.helpers import CASE, add_case, as_user
from tests.finance.helpers import Ledger, add_statements

ALERT_KEYS = {"id", "typology", "score", "transaction_ids", "account_ids", "entity_ids", "amount", "start",
              "end", "explanation", "inputs"}


def run(ws: Workspace, *args: str, user: str | None = "ana") -> Result:
    """In-process, for speed; the one-line error path is checked in a real subprocess below."""
    env = {"OFFENSIEF_WORKSPACE": str(ws.root), "OFFENSIEF_CASE": CASE} | (as_user(user) if user else {})
    return CliRunner().invoke(finance.app, list(args), env=env)


def run_process(ws: Workspace, *args: str, user: str | None = "ana") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, OFFENSIEF_WORKSPACE=str(ws.root), OFFENSIEF_CASE=CASE) | (as_user(user) if user else {})
    env.pop("OFFENSIEF_USER", None) if user is None else None
    return subprocess.run([sys.executable, "-m", "offensief.cli.app", "finance", *args],
                          check=False, capture_output=True, text=True, env=env)


def _workspace(tmp_path: Path) -> Workspace:
    ws = Workspace.init(tmp_path / "ws")
    ledger = Ledger()
    planted = [ledger.pay("A", f"M{i}", 4000 + 50 * i, at=5 * i) for i in range(6)]
    ledger.pay("M0", "Z", 3900, at=40)
    with Store.open(ws) as store:
        for name, partner, regime in (("bank", "bank", "wwft"), ("kvk", "kvk", "open")):
            store.add_dataset(Dataset.create(name=name, partner=partner, regime=regime, purpose="test",
                                             collected_at="2025-01-01"))
        insert_transactions(store.con, ledger.rows)
        add_statements(store, [("own1", "Ownership", "owner", "P-KING"), ("own1", "Ownership", "asset", "HOUSE"),
                               ("HOUSE", "RealEstate", "amount", "450000"), ("P-KING", "Person", "name", "K. Ing")])
    assert planted
    add_case(ws)
    return ws


def test_alerts_trace_assets_json(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    out = tmp_path / "alerts.json"
    proc = run(ws, "alerts", "--json", str(out))
    assert proc.exit_code == 0, proc.output
    alerts = json.loads(out.read_text())
    assert [a["typology"] for a in alerts] == ["fan_out"] and set(alerts[0]) == ALERT_KEYS
    proc = run(ws, "trace", "--from", "A", "--direction", "forward", "--method", "fifo", "--json", "-")
    assert proc.exit_code == 0, proc.output
    traced = json.loads(proc.stdout)
    assert traced["start_kind"] == "account" and traced["flows"][0]["source"] == "A"
    assert any(f["source"] == "M0" and f["target"] == "Z" for f in traced["flows"])
    proc = run(ws, "assets", "--json", "-", "--subjects", str(tmp_path / "subjects.json"))
    assert proc.exit_code == 0, proc.output
    assets = json.loads(proc.stdout)
    house = next(a for a in assets if a["asset_id"] == "HOUSE")
    assert {"asset_id", "kind", "value", "beneficial_owner", "chain", "source_ids"} <= set(house)
    assert house["kind"] == "real_estate" and house["value"] == 450000 and house["beneficial_owner"] == "P-KING"
    subjects = json.loads((tmp_path / "subjects.json").read_text())
    assert subjects[0]["subject"] == "P-KING" and subjects[0]["value"] == 450000


def test_errors_are_one_line(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    bad = tmp_path / "settings.yml"
    bad.write_text("fan_windw: 3\n")
    proc = run_process(ws, "alerts", "--settings", str(bad))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "fan_windw" in proc.stderr
    assert proc.stderr.strip().count("\n") == 0
    result = run(ws, "trace", "--from", "nobody")
    assert result.exit_code != 0 and "nobody" in str(result.exception)
    anonymous = run_process(ws, "alerts", user=None)
    assert anonymous.returncode == 2 and "--as" in anonymous.stderr and "Traceback" not in anonymous.stderr


def test_what_the_municipality_sees(tmp_path: Path) -> None:
    """Payments of the bank (wwft) are not the municipality's to read in clear: alerts keep
    typology and score about tokens, without amounts or payments; the trace is withheld; the
    house (kvk, open) is owned per the payments too, so it is listed without owner or value."""
    ws = _workspace(tmp_path)
    alerts = json.loads(run(ws, "alerts", "--json", "-", user="gem").stdout)
    # a withheld alert has no id: it cannot be traced
    assert [a["typology"] for a in alerts] == ["fan_out"] and set(alerts[0]) == ALERT_KEYS - {"id"}
    assert alerts[0]["amount"] is None and alerts[0]["transaction_ids"] == [] and alerts[0]["account_ids"] == []
    assert all(is_token(e) for e in alerts[0]["entity_ids"]) and "4,000" not in alerts[0]["explanation"]
    traced = json.loads(run(ws, "trace", "--from", "A", "--json", "-", user="gem").stdout)
    assert traced["flows"] == [] and traced["traced"] is None and not traced["inputs"]["disclosed"]
    assets = json.loads(run(ws, "assets", "--json", "-", user="gem").stdout)
    house = next(a for a in assets if a["kind"] == "real_estate")
    assert house["value"] is None and house["beneficial_owner_name"] != "K. Ing" and "K. Ing" not in json.dumps(assets)
