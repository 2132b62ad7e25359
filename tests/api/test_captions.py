"""Cached captions: the same names as the uncached view, per viewer, every read still audited."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from offensief.access.actors import get_actor
from offensief.access.pseudonym import is_token
from offensief.access.view import CaseView, case_view
from offensief.api.captions import CaptionCache
from offensief.db.records import AuditEntry
from tests.api.conftest import bearer, case_id
from tests.api.test_casework import finished


def read_captions(app) -> int:
    with app.state.db.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.action == "read_captions")) or 0


def test_labels_equal_the_uncached_view_per_viewer(app, client: TestClient) -> None:
    for username in ("ana", "gem", "fio"):
        headers = bearer(client, username)
        cid = case_id(client, headers)
        data = finished(client, f"/api/cases/{cid}/network", headers)
        if not data["inputs"]["disclosed"]:  # police data in clear only for ana: subject tokens
            assert username != "ana"
            assert all(is_token(n["id"]) and n["label"] == n["id"] for n in data["nodes"])
            continue
        ids = [n["id"] for n in data["nodes"]]
        with app.state.db.session() as session:
            view = case_view(app.state.store, session, actor=get_actor(session, username), case=cid,
                             secret=app.state.workspace.secret)
            expected = CaseView._captions(view, ids)  # the plain query, no cache, no audit
        assert {n["id"]: n["label"] for n in data["nodes"]} == expected, username
        before = read_captions(app)
        again = client.get(f"/api/cases/{cid}/network", headers=headers).json()
        assert again["nodes"] == data["nodes"]
        assert read_captions(app) == before + 1  # a cached caption is still an audited read


def test_a_new_data_version_rebuilds_and_forgets_the_old_names() -> None:
    cache = CaptionCache(size=4)
    view = (1, (("bank", "clear"),))
    builds: list[str] = []

    def build(name: str) -> dict[str, str]:
        builds.append(name)
        return {"p0": name}

    assert cache.table(view, "v1", lambda: build("Jan"))["p0"] == "Jan"
    assert cache.table(view, "v1", lambda: build("never"))["p0"] == "Jan"
    assert cache.table(view, "v2", lambda: build("tok_1"))["p0"] == "tok_1"
    # v1 was dropped when v2 came
    assert cache.table(view, "v1", lambda: build("Jan again"))["p0"] == "Jan again"
    other = (1, (("bank", "token"),))
    assert cache.table(other, "v1", lambda: build("tok_2"))["p0"] == "tok_2"
    assert builds == ["Jan", "tok_1", "Jan again", "tok_2"]
