"""Cached entity rows: masked per viewer, audited per read, dropped with their data version."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from offensief.api.rows import RowCache
from offensief.db.records import AuditEntry
from tests.api.conftest import bearer, case_id
from tests.api.world import KINGPIN


def reads(app, actor: str) -> int:
    with app.state.db.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.action == "read", AuditEntry.actor == actor)) or 0


def test_cached_rows_are_masked_per_viewer_and_reads_audited(app, client: TestClient) -> None:
    ana, gem = bearer(client, "ana"), bearer(client, "gem")
    cid = case_id(client, ana)
    url = f"/api/cases/{cid}/entities/p0"
    clear = client.get(url, headers=ana).json()
    assert KINGPIN in [v["value"] for v in clear["values"]]
    before = reads(app, "gem")
    for _ in range(2):  # the same rows, now from the cache: still tokens for the municipality
        tokens = client.get(url, headers=gem).json()
        names = [v["value"] for v in tokens["values"] if v["prop"] == "name"]
        assert names and all(n.startswith("tok_") for n in names)
        assert KINGPIN not in str(tokens)
    assert reads(app, "gem") >= before + 2  # each profile is an audited read
    assert client.get(url, headers=ana).json() == clear  # the first viewer's answer is unchanged


def test_a_new_version_drops_the_older_rows_and_copies_are_returned() -> None:
    cache = RowCache(size=2)
    fetched: list[str] = []

    def fetch(value: str):
        def run():
            fetched.append(value)
            return [{"entity_id": "p0", "value": value}]
        return run

    view = ("bank", "brp")
    rows = cache.rows(view, "v1", "q", fetch("Jan"))
    rows[0]["value"] = "tok_changed by the caller"
    assert cache.rows(view, "v1", "q", fetch("never"))[0]["value"] == "Jan"
    assert cache.rows(view, "v2", "q", fetch("Piet"))[0]["value"] == "Piet"  # a new load or a purge
    assert cache.rows(view, "v1", "q", fetch("Jan again"))[0]["value"] == "Jan again"
    assert cache.rows(("bank",), "v1", "q", fetch("other view"))[0]["value"] == "other view"
    for query in ("a", "b", "c"):  # at most two queries per view
        cache.rows(view, "v1", query, fetch(query))
    cache.rows(view, "v1", "a", fetch("a evicted"))
    assert fetched == ["Jan", "Piet", "Jan again", "other view", "a", "b", "c", "a evicted"]
