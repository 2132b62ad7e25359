"""One case, one answer: the network tab, the roles API and page, the what-if, the plan and
the CLI give the same roles, communities and numbers (they share the case pipeline)."""

from __future__ import annotations

import json
from html import unescape

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from offensief.cli.app import app as cli
from offensief.store.workspace import Workspace
from tests.api.conftest import CASE, PASSWORD, bearer, case_id, login
from tests.api.test_casework import finished
from tests.api.waiting import settled

runner = CliRunner()


def posted(client: TestClient, url: str, body: dict, headers: dict[str, str]) -> dict:
    response = settled(client, "POST", url, json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def run_cli(ws: Workspace, *args: str, user: str = "ana") -> object:
    result = runner.invoke(cli, [*args, "--workspace", str(ws.root), "--case", CASE, "--json", "-"],
                           env={"OFFENSIEF_USER": user, "OFFENSIEF_PASSWORD": PASSWORD})
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.stdout)


def test_one_case_gives_the_same_roles_communities_and_numbers_everywhere(
        client: TestClient, world_workspace: Workspace) -> None:
    ana = bearer(client, "ana")
    cid = case_id(client, ana)
    network = finished(client, f"/api/cases/{cid}/network", ana)
    roles = finished(client, f"/api/cases/{cid}/network/roles", ana)["roles"]
    assert network["inputs"]["disclosed"] and roles
    assert not [r for r in roles if "{{" in r["explanation"]["text"]]  # entity marks named for the viewer

    # network tab vs roles: the role each node shows is the one assigned in the roles table,
    # and a person's community is the one its role rows carry
    assigned = {r["id"]: r["assigned"] for r in roles if r["assigned"]}
    community = {r["id"]: r["community"] for r in roles}
    shown = {n["id"]: n for n in network["nodes"]}
    assert assigned and all(shown[i]["role"] == role for i, role in assigned.items() if i in shown)
    assert all(node["role"] is None for i, node in shown.items() if i not in assigned)
    assert all(shown[i]["community"] == c for i, c in community.items() if i in shown)
    assert network["communities"] == finished(client, f"/api/cases/{cid}/network/roles", ana)["communities"]

    # the CLI on the same case as the same user: the same ranked rows and communities
    cli_roles = run_cli(world_workspace, "network", "roles", "--top", "40")
    key = ["id", "role", "rank", "score", "community", "assigned", "name"]
    assert [[r[k] for k in key] for r in cli_roles] == [[r[k] for k in key] for r in roles]
    cli_communities = run_cli(world_workspace, "network", "communities")
    members = {m["id"]: m["community"] for m in cli_communities["members"]}
    assert all(members[i] == c for i, c in community.items())
    assert cli_communities["count"] == network["communities"]["count"]

    # the roles page lists the same candidates in the same order
    login(client, "ana")
    page = unescape(client.get(f"/cases/{cid}/roles").text)
    kingpins = [r["name"] for r in roles if r["role"] == "kingpin"][:5]
    positions = [page.index(name) for name in kingpins]
    assert positions == sorted(positions)

    # plan targets carry the roles the network tab shows
    plan = finished(client, f"/api/cases/{cid}/disrupt/plan", ana)
    assert plan["targets"]
    for target in plan["targets"]:
        want = assigned.get(target["id"]) or "background"
        assert target["role"] == ("facilitator" if want.endswith("_facilitator") else want), target

    # the plan's strategy comparison is the what-if's curve (sequential, the plan's size)
    size = plan["strategies"][0]["k"]
    for row in plan["strategies"]:
        curve = posted(client, f"/api/cases/{cid}/disrupt/whatif",
                       {"strategy": row["strategy"], "mode": "sequential", "steps": size}, ana)["curve"]
        at = next(r for r in curve if r["k"] == size)
        assert at["immediate"] == row["immediate"] and at["after_recovery"] == row["after_recovery"], row
        assert at["band"] == row["band"]
    # names, not ids, in the what-if
    assert all(r["removed_name"] and r["removed_name"] != r["removed"] for r in curve[1:])
