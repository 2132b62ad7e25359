"""Analysis results cached per case, as JSON files in the workspace cache folder.

A key names the case, the analysis, its parameters and a fingerprint of the data it read
(the datasets visible to the viewer and their load ids), so a new load or a different view
never returns a stale result. Cached results hold entity ids and numbers; names are added
through the case view when a result is shown. Retention purges ``Workspace.cache_dir``.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Any

import orjson


def cache_key(case: str | int, kind: str, params: dict[str, Any], fingerprint: str) -> str:
    """A stable key for one analysis of one case on one version of its data."""
    blob = orjson.dumps(
        {"case": str(case), "kind": kind, "params": params, "data": fingerprint},
        option=orjson.OPT_SORT_KEYS,
        default=str,
    )
    return f"{kind}-{hashlib.sha256(blob).hexdigest()[:24]}"


class AnalysisCache:
    """JSON files under one folder, one per case: ``<root>/<case>/<key>.json``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()

    def _path(self, case: str | int, key: str) -> Path:
        safe_case = "".join(c for c in str(case) if c.isalnum() or c in "-_") or "_"
        return self.root / safe_case / f"{key}.json"

    def get(self, case: str | int, key: str) -> Any | None:
        """The cached result, or None."""
        path = self._path(case, key)
        try:
            return orjson.loads(path.read_bytes())
        except (FileNotFoundError, orjson.JSONDecodeError):
            return None

    def put(self, case: str | int, key: str, value: Any) -> None:
        """Store a result atomically (write to a temporary file, then rename)."""
        path = self._path(case, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY, default=str))
        with self._lock:
            tmp.replace(path)

    def clear(self, case: str | int) -> int:
        """Drop every cached result of a case; return how many."""
        folder = self.root / "".join(c for c in str(case) if c.isalnum() or c in "-_")
        removed = 0
        if folder.exists():
            for path in folder.glob("*.json"):
                path.unlink(missing_ok=True)
                removed += 1
        return removed
