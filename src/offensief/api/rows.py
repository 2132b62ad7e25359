"""Statement rows of entity look-ups, kept per visible datasets and version of the data.

An entity profile reads the statements of the entity, the relationship entities that point
at it and their statements: three scans of the statements table by entity id or value
(15–20 ms of CPU each on the 610k-statement demo store; the table has no index). Analysts
open the same entities again and again, so :class:`RowCache` keeps the rows of recent
look-ups, per set of visible datasets and data fingerprint (the key of the analysis cache):
a new load or a purge changes the fingerprint, and the rows of the older version are
dropped when the newer version is first read.

Rows are cached as the store returned them, before masking: the case view still masks them
for each viewer (clear or tokens) and writes the audit entry of every read. Callers get
fresh copies (the view changes the rows it returns).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

Rows = list[dict[str, Any]]
_Entry = tuple[Hashable, "OrderedDict[Hashable, Rows]"]


class RowCache:
    """Rows of up to ``size`` look-ups for each of up to ``views`` sets of visible datasets."""

    def __init__(self, *, size: int = 4096, views: int = 16) -> None:
        self._entries: OrderedDict[tuple[str, ...], _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size
        self._views = views

    def rows(self, datasets: tuple[str, ...], version: Hashable, query: Hashable,
             fetch: Callable[[], Rows]) -> Rows:
        """Copies of the rows of ``query`` on ``datasets`` at ``version`` (fetched if missing)."""
        with self._lock:
            entry = self._entries.get(datasets)
            if entry is not None and entry[0] == version and query in entry[1]:
                entry[1].move_to_end(query)
                self._entries.move_to_end(datasets)
                return [dict(r) for r in entry[1][query]]
        rows = fetch()
        with self._lock:
            entry = self._entries.get(datasets)
            if entry is None or entry[0] != version:  # new view, or new data: older rows go
                entry = (version, OrderedDict())
                self._entries[datasets] = entry
            entry[1][query] = [dict(r) for r in rows]
            while len(entry[1]) > self._size:
                entry[1].popitem(last=False)
            self._entries.move_to_end(datasets)
            while len(self._entries) > self._views:
                self._entries.popitem(last=False)
        return rows

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
