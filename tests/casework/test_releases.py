"""Releasing a finding: an explicit, audited act with a legal ground, not access to the
analysis. The recipient reads the release; its view of the analysis stays pseudonymised."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from offensief.cli.app import app as cli
from offensief.db import open_workspace_database
from offensief.db.records import AuditEntry
from offensief.store.workspace import Workspace
from tests.api.conftest import CASE, PASSWORD, bearer, case_id, login
from tests.api.test_casework import finished
from tests.api.world import KINGPIN

BODY = {"kind": "role", "subject": "p0", "recipient": "gemeente-rotterdam", "legal_ground": "closure-13b",
        "note": "burgemeester: sluiting pand Havenstraat 12 (verzoek 2025-044)"}


def test_release_to_the_mayor_is_recorded_audited_and_only_the_recipient_reads_it(
        client: TestClient, world_workspace: Workspace) -> None:
    ana, gem, fio = bearer(client, "ana"), bearer(client, "gem"), bearer(client, "fio")
    cid = case_id(client, ana)
    finished(client, f"/api/cases/{cid}/network/roles", ana)
    bad = client.post(f"/api/cases/{cid}/releases", json=BODY | {"legal_ground": "because"}, headers=ana)
    assert bad.status_code == 400 and bad.json()["error"]["details"]["field"] == "legal_ground"
    made = client.post(f"/api/cases/{cid}/releases", json=BODY, headers=ana)
    assert made.status_code == 201, made.text
    record = made.json()
    assert record["finding"]["subject"]["name"] == KINGPIN and "politie-bvh" in record["inputs"]
    assert {r["role"] for r in record["finding"]["roles"]} >= {"kingpin"}

    theirs = client.get(f"/api/cases/{cid}/releases", headers=gem).json()
    assert [r["id"] for r in theirs] == [record["id"]] and theirs[0]["finding"]["subject"]["name"] == KINGPIN
    # a release is not access to the analysis: the municipality's roles stay tokens
    finished(client, f"/api/cases/{cid}/network/roles", gem)
    assert KINGPIN not in client.get(f"/api/cases/{cid}/network/roles", headers=gem).text
    # another partner does not read it
    assert KINGPIN not in client.get(f"/api/cases/{cid}/releases", headers=fio).text

    # the municipality cannot release what it sees only about a token
    token = finished(client, f"/api/cases/{cid}/network/roles", gem)["roles"][0]["id"]
    denied = client.post(f"/api/cases/{cid}/releases", json=BODY | {"subject": token}, headers=gem)
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "permission_denied"

    db = open_workspace_database(world_workspace)
    try:
        with db.session() as session:
            actions = [(e.actor, e.action) for e in session.scalars(select(AuditEntry))]
    finally:
        db.dispose()
    assert ("ana", "release") in actions and ("gem", "release_read") in actions
    assert ("gem", "denied") in actions

    # the page and the CLI show the same record to the recipient
    login(client, "gem")
    page = client.get(f"/cases/{cid}/releases")
    assert page.status_code == 200 and KINGPIN in page.text and "closure-13b" in page.text
    listed = CliRunner().invoke(cli, ["release", "list", "--case", CASE, "--json", "-",
                                      "--workspace", str(world_workspace.root)],
                                env={"OFFENSIEF_USER": "gem", "OFFENSIEF_PASSWORD": PASSWORD})
    assert listed.exit_code == 0, (listed.output, listed.exception)
    assert json.loads(listed.stdout)[0]["finding"]["subject"]["name"] == KINGPIN
