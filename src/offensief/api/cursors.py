"""A DuckDB cursor of the app's store for one thread (a request or a background job)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from offensief.store.duckstore import Store


@contextmanager
def own_cursor(state: Any) -> Iterator[Store]:
    """A :class:`Store` on a fresh cursor of ``state.store`` (the app's state). Cursors are made
    one at a time under ``state.cursor_lock``: the parent connection is not thread-safe."""
    base: Store = state.store
    with state.cursor_lock:
        cursor = base.con.cursor()
    try:
        yield Store(cursor, base.workspace)
    finally:
        cursor.close()
