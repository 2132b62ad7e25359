"""Display names of a case view, computed once per view and version of the data.

A caption (a clear name, a token, or else the id) depends on the case (tokens are per case),
on how the viewer sees each dataset (clear or tokens) and on the data. The network, roles,
alerts and what-if routes caption up to thousands of entities per request, and each caption
query scans the statements. :class:`CaptionCache` keeps every caption of a view, computed
in one scan of the names, per (case, visibility per dataset, data fingerprint). A new load
or a purge changes the fingerprint, so stale names are never shown; the entry of the older
version is dropped when the newer one is built. Requests still read through the case view,
so every read is audited as before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

#: (case id, ((dataset, "clear" | "token"), ...)) — who sees what in which case.
ViewKey = tuple[int, tuple[tuple[str, str], ...]]


class CaptionCache:
    """Caption tables of the last ``size`` views; one build at a time."""

    def __init__(self, *, size: int = 32) -> None:
        self._tables: OrderedDict[ViewKey, tuple[Hashable, dict[str, str]]] = OrderedDict()
        self._lock = threading.Lock()
        self._build = threading.Lock()
        self._size = size

    def table(self, view: ViewKey, version: Hashable,
              build: Callable[[], dict[str, str]]) -> dict[str, str]:
        """The captions of ``view`` at data ``version``, built with ``build()`` when missing."""
        found = self._lookup(view, version)
        if found is not None:
            return found
        with self._build:
            found = self._lookup(view, version)
            if found is not None:
                return found
            table = build()
            with self._lock:
                self._tables[view] = (version, table)  # replaces an older version's names
                self._tables.move_to_end(view)
                while len(self._tables) > self._size:
                    self._tables.popitem(last=False)
            return table

    def _lookup(self, view: ViewKey, version: Hashable) -> dict[str, str] | None:
        with self._lock:
            entry = self._tables.get(view)
            if entry is None or entry[0] != version:
                return None
            self._tables.move_to_end(view)
            return entry[1]

    def clear(self) -> None:
        with self._lock:
            self._tables.clear()
