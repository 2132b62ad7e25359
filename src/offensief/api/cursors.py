"""A DuckDB cursor of the app's store for one thread (a request or a background job), and the
orderly close of the store when the app stops."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from offensief.store.duckstore import Store

log = logging.getLogger(__name__)


@contextmanager
def own_cursor(state: Any) -> Iterator[Store]:
    """A :class:`Store` on a fresh cursor of ``state.store`` (the app's state). Cursors are made
    one at a time under ``state.cursor_lock``: the parent connection is not thread-safe. Each
    live cursor is kept in ``state.cursors`` so that :func:`close_store` can interrupt it."""
    base: Store = state.store
    with state.cursor_lock:
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


def close_store(state: Any, *, timeout: float = 10.0) -> None:
    """Close the app's store when it stops: interrupt the queries still running on cursors
    (a background job that outlived its server) and wait, up to ``timeout`` seconds, for their
    threads to give the cursors back, since DuckDB refuses to close a connection in use."""
    deadline = time.monotonic() + timeout
    while True:
        with state.cursor_lock:
            live = list(state.cursors)
        if not live or time.monotonic() > deadline:
            break
        for cursor in live:
            try:
                cursor.interrupt()
            except duckdb.Error:
                pass
        time.sleep(0.05)
    try:
        state.store.close()
    except duckdb.Error as exc:  # a job still holds its cursor: the process's exit frees it
        log.warning("the store stays open at shutdown: %s", exc)
