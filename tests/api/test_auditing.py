"""Request audit entries: committed before the response leaves, in groups, chain intact."""

from __future__ import annotations

import threading
from concurrent.futures import Future

from fastapi.testclient import TestClient

from offensief.access import audit
from offensief.access.policy import Actor
from offensief.api.auditing import AuditWriter
from offensief.db import open_database
from tests.api.conftest import bearer, case_id
from tests.api.world import KINGPIN


def test_concurrent_requests_share_transactions_and_the_chain_verifies() -> None:
    db = open_database("sqlite://")
    writer = AuditWriter(db)
    actor = Actor(id=1, username="ana", partner="politie", partner_kind="politie")

    def request(n: int) -> None:
        for i in range(10):
            writer.write([audit.Entry.of(actor=actor, action="read",
                                         what={"request": n, "read": i}),
                          audit.Entry.of(actor=actor, action="read_captions", what={"request": n})])

    threads = [threading.Thread(target=request, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writer.close()
    with db.session() as session:
        assert audit.count(session) == 400
        assert audit.verify(session).ok
        # one request's two entries stay together and in order
        rows = sorted(audit.entries(session, limit=400), key=lambda e: e["seq"])
        for first, second in zip(rows[::2], rows[1::2], strict=True):
            assert (first["action"], second["action"]) == ("read", "read_captions")
            assert first["what"]["request"] == second["what"]["request"]
    db.dispose()


def test_a_read_is_on_record_before_its_response(app, client: TestClient) -> None:
    ana = bearer(client, "ana")
    cid = case_id(client, ana)
    profile = client.get(f"/api/cases/{cid}/entities/p0", headers=ana)
    assert profile.status_code == 200
    with app.state.db.session() as session:
        latest = audit.entries(session, actor="ana", limit=10)
    assert [e["action"] for e in latest[:1]] == ["read_captions"]  # the profile's last read
    assert {"read", "read_pseudonymised"} <= {e["action"] for e in latest}


class FailingWriter:
    """An audit store that cannot write."""

    def __init__(self) -> None:
        self.seen: list[audit.Entry] = []

    def submit(self, entries: list[audit.Entry]) -> Future[None]:
        self.seen += entries
        done: Future[None] = Future()
        done.set_exception(RuntimeError("audit store unavailable"))
        return done

    def write(self, entries: list[audit.Entry]) -> None:
        self.submit(entries).result()


def test_no_data_leaves_when_the_audit_cannot_be_written(app, client: TestClient) -> None:
    ana = bearer(client, "ana")
    cid = case_id(client, ana)
    writer, failing = app.state.audit_writer, FailingWriter()
    app.state.audit_writer = failing
    try:
        response = client.get(f"/api/cases/{cid}/entities/p0", headers=ana)
        profile = [e.action for e in failing.seen]
        denied = client.get("/api/audit", headers=ana)
    finally:
        app.state.audit_writer = writer
    assert response.status_code == 500 and KINGPIN not in response.text
    assert response.json()["error"]["code"] == "internal_error"
    assert profile[0] == "read_pseudonymised" and "read" in profile and "read_captions" in profile
    # a denial is not answered before it is on record either
    assert denied.status_code == 500
    assert failing.seen[-1].action == "denied"


def test_a_writing_request_appends_in_its_own_transaction(app, client: TestClient) -> None:
    """Reveal writes its own entry (holding the write lock); its later reads must not wait
    for the writer thread, which would wait for that lock."""
    fio = bearer(client, "fio")
    cid = case_id(client, fio)
    values = client.get(f"/api/cases/{cid}/entities/p0", headers=fio).json()["values"]
    token = next(v["value"] for v in values if v["prop"] == "name")
    revealed = client.post(f"/api/cases/{cid}/reveal", headers=fio, timeout=10,
                           json={"value": token, "reason": "FIOD onderzoek 13"})
    assert revealed.status_code == 200
    with app.state.db.session() as session:
        assert audit.verify(session).ok


def test_entries_submitted_while_the_writer_closes_fail_at_once_instead_of_never(monkeypatch) -> None:
    """A background job records entries while the app stops: once ``close`` has queued its stop
    mark, a batch queued behind it would never be written, and ``write`` would block for ever."""
    db = open_database("sqlite://")
    writer = AuditWriter(db)
    actor = Actor(id=1, username="ana", partner="politie", partner_kind="politie")
    inside, release = threading.Event(), threading.Event()
    original = audit.append

    def slow_append(session, entries):
        inside.set()
        assert release.wait(10)
        return original(session, entries)

    monkeypatch.setattr(audit, "append", slow_append)
    first = writer.submit([audit.Entry.of(actor=actor, action="read", what={"n": 1})])
    assert inside.wait(10)  # the writer thread is busy with the first batch
    closer = threading.Thread(target=writer.close)
    closer.start()
    while writer._queue.qsize() == 0:  # close() has queued its stop mark
        closer.join(0.01)
    late = writer.submit([audit.Entry.of(actor=actor, action="read", what={"n": 2})])
    release.set()
    closer.join(10)
    assert not closer.is_alive()
    assert first.result(timeout=1) is None
    assert late.done() and isinstance(late.exception(timeout=0), RuntimeError)
    writer.close()  # a second close is quiet
    db.dispose()
