"""The app stops cleanly while a background query still runs on one of its cursors: the query is
interrupted and the store closed, instead of the stop failing on a busy connection."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest
from fastapi.testclient import TestClient

from offensief.access import audit
from offensief.access.audit import Entry
from offensief.access.policy import Actor
from offensief.api.cursors import close_store, own_cursor, release_cursors
from offensief.api.errors import status_for
from offensief.casework.jobs import Stopped
from offensief.db import open_workspace_database
from offensief.server import create_app
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

SLOW = "SELECT sum(hash(range)) FROM range(100000000000)"  # hours: ends only when interrupted


def _state() -> SimpleNamespace:
    return SimpleNamespace(store=Store.memory(), cursor_lock=threading.Lock(), cursors=set())


def test_a_running_query_is_interrupted_and_the_store_closed() -> None:
    state = _state()
    started, outcome = threading.Event(), {}

    def job() -> None:
        with own_cursor(state) as store:
            started.set()
            try:
                store.con.execute(SLOW).fetchall()
                outcome["result"] = "finished"
            except duckdb.Error as exc:
                outcome["result"] = type(exc).__name__
    thread = threading.Thread(target=job)
    thread.start()
    assert started.wait(10)
    time.sleep(0.2)
    t0 = time.monotonic()
    close_store(state, timeout=10)
    thread.join(10)
    assert not thread.is_alive() and time.monotonic() - t0 < 10
    assert outcome["result"] == "InterruptException"
    assert state.cursors == set()
    with pytest.raises(duckdb.Error, match="closed"):
        state.store.con.execute("SELECT 1")


def test_closing_twice_and_with_no_cursors_is_quiet() -> None:
    state = _state()
    with own_cursor(state) as store:
        assert store.con.execute("SELECT 42").fetchone() == (42,)
    assert state.cursors == set()
    close_store(state)
    state.store.close()


def test_no_cursor_is_given_out_once_the_store_is_closing() -> None:
    state = _state()
    assert release_cursors(state, timeout=1)
    with pytest.raises(Stopped), own_cursor(state):
        pass
    close_store(state)


def test_the_app_stops_its_jobs_before_what_they_use(tmp_path: Path) -> None:
    """A job still running when the app stops: its query is interrupted, it gets no new cursor,
    and what it records on its way out is on the audit trail (the audit writer closes after
    the jobs ended, not before); a job still queued is reported failed, not left queued."""
    ws = Workspace.init(tmp_path / "ws")
    app = create_app(ws, workers=1)
    actor = Actor(id=1, username="ana", partner="politie", partner_kind="politie")
    started, outcome = threading.Event(), {}
    with TestClient(app):
        engine = app.state.engine

        def job(progress):
            with engine.cursor() as store:
                started.set()
                try:
                    store.con.execute(SLOW).fetchall()
                    outcome["query"] = "finished"
                except duckdb.Error as exc:
                    outcome["query"] = type(exc).__name__
            try:
                with engine.cursor():
                    outcome["again"] = "a cursor"
            except Stopped:
                outcome["again"] = "stopped"
            engine.record([Entry.of(actor=actor, action="job_end", what={"query": outcome["query"]})])
            return {"ok": True}

        running = app.state.jobs.submit("slow", job)
        queued = app.state.jobs.submit("later", lambda progress: {"ran": True})
        assert started.wait(10)
    assert outcome == {"query": "InterruptException", "again": "stopped"}
    assert running.status == "done", running.error
    assert queued.status == "failed" and queued.error["code"] == "unavailable"
    db = open_workspace_database(ws)
    with db.session() as session:
        assert [e["action"] for e in audit.entries(session, actor="ana", limit=5)] == ["job_end"]
    db.dispose()


def test_a_job_refused_while_stopping_is_a_503_in_the_one_shape() -> None:
    error = Stopped("the server is stopping; no new jobs are taken", kind="network")
    assert status_for(error) == 503
    assert error.to_dict()["code"] == "unavailable"
