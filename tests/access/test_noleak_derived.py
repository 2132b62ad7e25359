"""No leak of derived results: a viewer who may not read every input of a finding in clear
gets no clear identity and no restricted amount from it — over the API, the web pages and the
CLI's JSON exports, for every finding type (network position, community, role, what-if
removal, plan target, alert, trace, asset and beneficial owner).

The world (tests/api/world.py): police persons, calls and a family tie (wpg-9), a KvK company
with its director and owner (open), bank accounts and payments (wwft). The municipality
(``gem``) reads only the open register in clear; FIOD (``fio``) reads the bank data and the
register but not the police data. Every network finding rests on the police data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from offensief.access.pseudonym import normalise
from offensief.cli.app import app as cli
from offensief.db import open_workspace_database
from offensief.db.records import AuditEntry
from offensief.store.workspace import Workspace
from tests.api.conftest import CASE, PASSWORD, bearer, case_id, login
from tests.api.test_casework import finished
from tests.api.waiting import page, settled
from tests.api.world import FIRST, KINGPIN, LAST, iban

#: Clear identities: police names, the register's names (public, but the findings about them
#: rest on police data), phone numbers and IBANs.
NAMES = [KINGPIN, *(f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]} {i}" for i in range(1, 21)),
         "J. Jansen", "Zandloper Transport"]
IDENTIFIERS = [iban(100000000 + i) for i in (0, 1, 2, 11, 20)] + [f"+316{10000000 + i}" for i in range(21)]
#: Entity ids tie a token to a profile page (and so to a register's clear name).
IDS = [f'"p{i}"' for i in range(21)] + [f"/entities/p{i}" for i in range(21)]
WHATIF = {"strategy": "betweenness", "mode": "sequential", "steps": 8}


def posted(client: TestClient, url: str, body: dict, headers: dict) -> dict:
    response = settled(client, "POST", url, json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def amounts(values: list[float]) -> list[str]:
    """Ways an amount is written: JSON number, table (1,234) and page (€ 1.234)."""
    out = []
    for value in values:
        if value and value >= 100:
            out += [json.dumps(value), f"{value:,.0f}", f"€ {value:,.0f}".replace(",", ".")]
    return out


def assert_clean(blob: str, protected: list[str], who: str, where: str) -> None:
    folded = normalise(blob)
    for value in protected:
        assert value not in blob, (who, where, value)
        if not value.startswith(('"', "/")) and len(value) > 4:
            assert normalise(value) not in folded, (who, where, value)


@pytest.fixture
def restricted(client: TestClient) -> Iterator[dict]:
    """What the police analyst (every input in clear) sees: the values others must not."""
    ana = bearer(client, "ana")
    cid = case_id(client, ana)
    alerts = finished(client, f"/api/cases/{cid}/finance/alerts", ana)["alerts"]
    assets = finished(client, f"/api/cases/{cid}/finance/assets", ana)
    trace = finished(client, f"/api/cases/{cid}/finance/trace?start=pay-0", ana)
    assert alerts and assets["assets"] and trace["flows"]  # the world has findings to leak
    roles = finished(client, f"/api/cases/{cid}/network/roles", ana)["roles"]
    assert KINGPIN in [r["name"] for r in roles]
    yield {"cid": cid,
           "alert_amounts": amounts([a["amount"] for a in alerts]),
           "trace_amounts": amounts([f["amount"] for f in trace["flows"]])}


def api_outputs(client: TestClient, cid: int, who: str) -> dict[str, str]:
    headers = bearer(client, who)
    out = {}
    network = finished(client, f"/api/cases/{cid}/network", headers)
    out["network"] = json.dumps(network)
    first = network["nodes"][0]["id"]
    out["neighbours"] = client.get(f"/api/cases/{cid}/network/neighbours", params={"entity": first},
                                   headers=headers).text
    out["roles"] = json.dumps(finished(client, f"/api/cases/{cid}/network/roles", headers))
    out["whatif"] = json.dumps(posted(client, f"/api/cases/{cid}/disrupt/whatif", WHATIF, headers))
    out["plan"] = json.dumps(finished(client, f"/api/cases/{cid}/disrupt/plan", headers))
    out["alerts"] = json.dumps(finished(client, f"/api/cases/{cid}/finance/alerts", headers))
    out["assets"] = json.dumps(finished(client, f"/api/cases/{cid}/finance/assets", headers))
    out["trace"] = json.dumps(finished(client, f"/api/cases/{cid}/finance/trace?start=pay-0", headers))
    return out


def web_outputs(client: TestClient, cid: int, who: str) -> dict[str, str]:
    login(client, who)
    urls = {"workspace": f"/cases/{cid}", "roles": f"/cases/{cid}/roles",
            "whatif": f"/cases/{cid}/disrupt/whatif?strategy=betweenness&mode=sequential&steps=8",
            "plan": f"/cases/{cid}/disrupt/plan", "alerts": f"/cases/{cid}/finance/alerts",
            "assets": f"/cases/{cid}/finance/assets", "trace": f"/cases/{cid}/finance/trace?start=pay-0"}
    return {name: page(client, url) for name, url in urls.items()}


def cli_outputs(ws: Workspace, who: str) -> dict[str, str]:
    runner = CliRunner()
    env = {"OFFENSIEF_USER": who, "OFFENSIEF_PASSWORD": PASSWORD}
    commands = {"roles": ["network", "roles"], "communities": ["network", "communities"],
                "metrics": ["network", "metrics"], "brokerage": ["network", "brokerage"],
                "timeslices": ["network", "timeslices"],
                "alerts": ["finance", "alerts"], "assets": ["finance", "assets"],
                "trace": ["finance", "trace", "--from", "pay-0"],
                "plan": ["disrupt", "plan", "--size", "4", "--runs", "5"],
                "simulate": ["disrupt", "simulate", "-s", "betweenness", "--steps", "4", "--runs", "5"]}
    out = {}
    for name, args in commands.items():
        result = runner.invoke(cli, [*args, "--workspace", str(ws.root), "--case", CASE, "--json", "-"], env=env)
        assert result.exit_code == 0, (name, result.output, result.exception)
        out[name] = result.stdout
    return out


@pytest.mark.parametrize("who", ["gem", "fio"])
def test_network_findings_name_nobody_to_a_viewer_without_the_police_data(
        client: TestClient, world_workspace: Workspace, restricted: dict, who: str) -> None:
    cid = restricted["cid"]
    protected = NAMES + IDENTIFIERS + IDS
    api, web, exported = api_outputs(client, cid, who), web_outputs(client, cid, who), cli_outputs(world_workspace, who)
    for where in ("network", "neighbours", "roles", "whatif", "plan"):
        assert_clean(api[where], protected, who, f"api {where}")
        assert '"disclosed": false' in api[where] or where == "neighbours", (who, where)
    for where in ("workspace", "roles", "whatif", "plan"):
        assert_clean(web[where], protected, who, f"web {where}")
    assert "tok_" in web["roles"] and "may not read in clear" in web["roles"]
    for where in ("roles", "communities", "metrics", "brokerage", "timeslices", "plan", "simulate"):
        assert_clean(exported[where], protected, who, f"cli {where}")
    # the role explanations keep features and levels, not the values behind them
    roles = json.loads(api["roles"])["roles"]
    assert roles and all("value" not in f for r in roles for f in r["explanation"]["features"])


def test_finance_findings_withhold_parties_and_amounts_from_the_municipality(
        client: TestClient, world_workspace: Workspace, restricted: dict) -> None:
    cid = restricted["cid"]
    protected = NAMES + IDENTIFIERS + IDS + restricted["alert_amounts"] + restricted["trace_amounts"]
    api, web, exported = api_outputs(client, cid, "gem"), web_outputs(client, cid, "gem"), cli_outputs(world_workspace, "gem")
    for where in ("alerts", "assets", "trace"):
        assert_clean(api[where], protected, "gem", f"api {where}")
        assert_clean(web[where], protected, "gem", f"web {where}")
        assert_clean(exported[where], protected, "gem", f"cli {where}")
    alerts = json.loads(api["alerts"])["alerts"]
    assert alerts and all(a["amount"] is None and not a["transaction_ids"] for a in alerts)
    assert all("wwft" in a["inputs"]["reason"] or "fiu" in a["inputs"]["reason"] for a in alerts)


def test_fiod_sees_the_bank_findings_it_may_read_but_no_police_names(
        client: TestClient, restricted: dict) -> None:
    """A trace rests on bank data only: FIOD (wwft in clear) sees its amounts; the persons in
    it are named from police records, so by their tokens. The structuring alert groups the
    deposits of three accounts because their holders call each other (police data): without
    those calls it would be one account's three deposits, so FIOD gets it withheld."""
    fio = bearer(client, "fio")
    trace = finished(client, f"/api/cases/{restricted['cid']}/finance/trace?start=pay-0", fio)
    assert trace["flows"] and trace["inputs"]["disclosed"] and all(f["amount"] for f in trace["flows"])
    assert_clean(json.dumps(trace), NAMES, "fio", "trace")
    alerts = finished(client, f"/api/cases/{restricted['cid']}/finance/alerts", fio)["alerts"]
    grouped = [a for a in alerts if a["typology"] == "structuring"]
    assert grouped and all(not a["inputs"]["disclosed"] and a["amount"] is None for a in grouped)
    assert all("politie-bvh" in a["inputs"]["withheld"] for a in grouped)
    assert_clean(json.dumps(alerts), NAMES + restricted["alert_amounts"], "fio", "alerts")


def test_cli_reads_are_audited_as_the_acting_user(world_workspace: Workspace) -> None:
    cli_outputs(world_workspace, "gem")
    db = open_workspace_database(world_workspace)
    try:
        with db.session() as session:
            entries = [(e.action, e.purpose) for e in session.scalars(
                select(AuditEntry).where(AuditEntry.actor == "gem"))]
    finally:
        db.dispose()
    opened = [action for action, purpose in entries if purpose.startswith("cli:") and action == "read_pseudonymised"]
    assert len(opened) >= 10, entries  # each of the ten commands opened the case as gem
