"""Exports other tools open, through the API, per partner: read back with networkx, the ANX
structure Analyst's Notebook imports, FtM entities, CSV, and the PDF rendered to PNG."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import networkx as nx
import orjson
import pytest
from fastapi.testclient import TestClient
from followthemoney import model

from offensief.access.actors import get_actor
from offensief.access.policy import Actor
from offensief.casework.caller import Caller
from offensief.casework.export import export_case
from offensief.db import open_workspace_database
from offensief.model.errors import PermissionDenied
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.api.conftest import CASE, bearer, case_id
from tests.api.world import KINGPIN, iban
from tests.web.conftest import ARTIFACTS


def _get(client: TestClient, who: str, fmt: str, **params: str):
    cid = case_id(client, bearer(client, "ana"))
    return client.get(f"/api/cases/{cid}/export", params={"format": fmt, **params},
                      headers=bearer(client, who))


def test_graphml_and_gexf_read_back_with_networkx(client: TestClient) -> None:
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        response = _get(client, "ana", fmt)
        assert response.status_code == 200, response.text
        assert "attachment" in response.headers["content-disposition"]
        graph = read(io.BytesIO(response.content))
        labels = nx.get_node_attributes(graph, "label")
        assert labels["p0"] == KINGPIN
        assert labels["acc-0"] == iban(100000000)  # an account is named by its IBAN
        assert nx.get_node_attributes(graph, "schema")["c1"] == "Company"
        calls = [d for _, _, d in graph.edges(data=True) if d["relation"] == "Call"]
        assert len(calls) == 20 and all(d["weight"] >= 1 for d in calls)
        pays = [d for _, _, d in graph.edges(data=True) if d["relation"] == "Payment"]
        assert sum(float(d["amount"]) for d in pays) == pytest.approx(sum(9000 + 10 * k for k in range(15)))
        assert graph.has_edge("p0", "c1")  # ownership


def test_anx_has_the_chart_structure_analysts_notebook_imports(client: TestClient) -> None:
    response = _get(client, "ana", "anx")
    assert response.status_code == 200
    chart = ET.fromstring(response.content)
    assert chart.tag == "Chart"
    entity_types = {e.get("Name") for e in chart.find("EntityTypeCollection")}
    link_types = {e.get("Name") for e in chart.find("LinkTypeCollection")}
    items = chart.find("ChartItemCollection").findall("ChartItem")
    entities = [i.find("End/Entity") for i in items if i.find("End/Entity") is not None]
    links = [i.find("Link") for i in items if i.find("Link") is not None]
    identities = {e.get("Identity") for e in entities}
    assert len(entities) + len(links) == len(items)
    assert {"p0", "c1", "acc-0"} <= identities
    assert all(e.find("Icon/IconStyle").get("Type") in entity_types for e in entities)
    assert all(link.get("End1Id") in identities and link.get("End2Id") in identities for link in links)
    assert all(link.find("LinkStyle").get("Type") in link_types for link in links)
    label = {i.find("End/Entity").get("Identity"): i.get("Label") for i in items if i.find("End/Entity") is not None}
    assert label["p0"] == KINGPIN
    assert {"Call", "Payment", "Ownership", "Directorship"} <= link_types


def test_ftm_lines_and_csv(client: TestClient) -> None:
    response = _get(client, "ana", "ftm")
    lines = [orjson.loads(line) for line in response.content.splitlines()]
    by_id = {e["id"]: e for e in lines}
    assert by_id["p0"]["properties"]["name"] == [KINGPIN]
    for entity in lines:  # each line is an entity FollowTheMoney (and so Aleph) accepts
        proxy = model.get_proxy({"id": entity["id"], "schema": entity["schema"],
                                 "properties": entity["properties"]}, cleaned=False)
        assert proxy.schema.name == entity["schema"]
    rows = list(csv.DictReader(io.StringIO(_get(client, "ana", "csv", table="payments").content.decode("utf-8-sig"))))
    assert len(rows) == 15 and {r["relation"] for r in rows} == {"Payment"}
    assert any(r["target_caption"] == KINGPIN for r in rows)
    bad = _get(client, "ana", "csv", table="passwords")
    assert bad.status_code == 400 and "table" in bad.text
    assert _get(client, "ana", "docx").status_code == 400


def test_export_holds_only_what_the_caller_may_export(client: TestClient) -> None:
    # the municipality may export the open KvK data, never the police data it sees as tokens
    response = _get(client, "gem", "graphml")
    assert response.status_code == 200
    assert response.headers["x-offensief-datasets"] == "kvk-handelsregister"
    assert set(response.headers["x-offensief-left-out"].split(",")) == {"fiu-meldingen", "politie-bvh"}
    text = response.content.decode()
    assert KINGPIN not in text and "tok_" not in text and "Call" not in text
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert nx.get_node_attributes(graph, "label")["c1"] == "Zandloper Transport BV"
    ftm = _get(client, "gem", "ftm").content.decode()
    assert KINGPIN not in ftm and "politie-bvh" not in ftm
    # non-members learn nothing
    for who in ("out", "aud"):
        denied = _get(client, who, "graphml")
        assert denied.status_code in (403, 404) and KINGPIN not in denied.text
    entries = client.get("/api/audit", params={"action": "export", "limit": 20},
                         headers=bearer(client, "aud")).json()
    gem = [e for e in entries if e["actor"] == "gem"]
    assert gem and gem[0]["what"]["left_out"] == ["fiu-meldingen", "politie-bvh"]


def test_a_member_who_may_export_nothing_is_refused_and_audited(world_workspace: Workspace) -> None:
    db = open_workspace_database(world_workspace)
    seen: list = []
    try:
        with db.session() as session, Store.open(world_workspace) as store:
            gem = get_actor(session, "gem")
            liaison = Actor(id=gem.id, username=gem.username, partner=gem.partner,
                            partner_kind=gem.partner_kind, roles=frozenset({"liaison"}))
            caller = Caller(actor=liaison, db=session, workspace=world_workspace, store=store,
                            sink=seen.append)
            with pytest.raises(PermissionDenied):
                export_case(caller, CASE, "graphml")
    finally:
        db.dispose()
    what = seen[-1].what if isinstance(seen[-1].what, dict) else orjson.loads(seen[-1].what)
    assert seen[-1].action == "denied" and what["action"] == "export"


def test_pdf_report_renders(client: TestClient) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    response = _get(client, "ana", "pdf")
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"%PDF")
    document = pdfium.PdfDocument(response.content)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "Zaakrapport" in text and "Rollen en redenen" in text and "Witwasalerts" in text
    assert "Interventieplan" in text and KINGPIN in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image = document[0].render(scale=1.5).to_pil()
    image.save(ARTIFACTS / "export-report-page1.png")
    assert image.size[0] > 800
    gem = _get(client, "gem", "pdf")  # the municipality's report: open data only, no police names
    assert gem.status_code == 200
    gem_doc = pdfium.PdfDocument(gem.content)
    gem_text = "".join(gem_doc[i].get_textpage().get_text_range() for i in range(len(gem_doc)))
    assert KINGPIN not in gem_text and "politie-bvh" in gem_text  # named as left out
