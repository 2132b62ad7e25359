"""The app stops cleanly while a background query still runs on one of its cursors: the query is
interrupted and the store closed, instead of the stop failing on a busy connection."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import duckdb
import pytest

from offensief.api.cursors import close_store, own_cursor
from offensief.store.duckstore import Store

SLOW = "SELECT count(*) FROM range(1e11) a"


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
    assert outcome["result"] != "finished"
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
