"""A DuckDB cursor of the app's store for one thread (a request or a background job), and the
orderly close of the store when the app stops: once ``state.closing`` is set no new cursor is
given out, the queries still running are interrupted, and the store closes when every cursor
is back."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from offensief.casework.jobs import Stopped
from offensief.store.duckstore import Store

log = logging.getLogger(__name__)


@contextmanager
def own_cursor(state: Any) -> Iterator[Store]:
    """A :class:`Store` on a fresh cursor of ``state.store`` (the app's state). Cursors are made
    one at a time under ``state.cursor_lock``: the parent connection is not thread-safe. Each
    live cursor is kept in ``state.cursors`` so that :func:`close_store` can interrupt it. Once
    the app stops (``state.closing``), a job asking for another cursor gets :class:`Stopped`
    instead of a cursor that would be interrupted, or of a closed connection."""
    base: Store = state.store
    with state.cursor_lock:
        if getattr(state, "closing", False):
            raise Stopped("the server is stopping; the store takes no new queries")
        cursor = base.con.cursor()
        state.cursors.add(cursor)
    try:
        yield Store(cursor, base.workspace)
    finally:
        with state.cursor_lock:
            state.cursors.discard(cursor)
        try:
            cursor.close()
        except duckdb.Error:
            pass  # already closed with its parent, or still unwinding an interrupted query


def release_cursors(state: Any, *, timeout: float = 10.0) -> bool:
    """Give out no new cursors, interrupt the queries still running on cursors (a background
    job that outlived its server) and wait, up to ``timeout`` seconds, for their threads to
    give the cursors back; whether they all did. The store stays open."""
    deadline = time.monotonic() + timeout
    with state.cursor_lock:
        state.closing = True
    while True:
        with state.cursor_lock:
            live = list(state.cursors)
        if not live:
            return True
        if time.monotonic() > deadline:
            return False
        for cursor in live:
            try:
                cursor.interrupt()
            except duckdb.Error:
                pass
        time.sleep(0.05)


def close_store(state: Any, *, timeout: float = 10.0) -> None:
    """Close the app's store when it stops: :func:`release_cursors`, then close, since DuckDB
    refuses to close a connection in use."""
    release_cursors(state, timeout=timeout)
    try:
        state.store.close()
    except duckdb.Error as exc:  # a job still holds its cursor: the process's exit frees it
        log.warning("the store stays open at shutdown: %s", exc)
