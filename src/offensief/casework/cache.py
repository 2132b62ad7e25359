"""Analysis results cached per case, as JSON files in the workspace cache folder.

A key names the case, the analysis, its parameters and a fingerprint of the data it read
(the datasets visible to the viewer and their load ids) and the code that computed it, so a
new load, a different view or a changed rule never returns a stale result. Cached results hold entity ids and numbers; names are added
through the case view when a result is shown (asset chains carry ``{{id}}`` marks, see
:mod:`offensief.casework.idchain`). Folders are created with mode 0700 and files with
0600. Retention purges ``Workspace.cache_dir``.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import Any

import orjson


@cache
def code_version() -> str:
    """A digest of the installed package's Python sources: a new rule or weight is a new key."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(case: str | int, kind: str, params: dict[str, Any], fingerprint: str) -> str:
    """A stable key for one analysis of one case on one version of its data and code."""
    blob = orjson.dumps(
        {"case": str(case), "kind": kind, "params": params, "data": fingerprint,
         "code": code_version()},
        option=orjson.OPT_SORT_KEYS,
        default=str,
    )
    return f"{kind}-{hashlib.sha256(blob).hexdigest()[:24]}"


class AnalysisCache:
    """JSON files under one folder, one per case: ``<root>/<case>/<key>.json``."""

    def __init__(self, root: Path, *, memory: int = 32) -> None:
        self.root = Path(root)
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        for folder in (self.root, self.root.parent):
            folder.chmod(0o700)
        self._lock = threading.Lock()
        self._memory: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self._size = memory

    def _path(self, case: str | int, key: str) -> Path:
        safe_case = "".join(c for c in str(case) if c.isalnum() or c in "-_") or "_"
        return self.root / safe_case / f"{key}.json"

    def get(self, case: str | int, key: str) -> Any | None:
        """The cached result, or None. The last ``memory`` results stay parsed in memory
        while their file exists (results are never changed in place: callers build new dicts
        from them)."""
        slot = (str(case), key)
        path = self._path(case, key)
        with self._lock:
            if slot in self._memory:
                if path.exists():  # a purge (retention) removes the file: forget it too
                    self._memory.move_to_end(slot)
                    return self._memory[slot]
                del self._memory[slot]
        try:
            value = orjson.loads(path.read_bytes())
        except (FileNotFoundError, orjson.JSONDecodeError):
            return None
        self._remember(slot, value)
        return value

    def _remember(self, slot: tuple[str, str], value: Any) -> None:
        with self._lock:
            self._memory[slot] = value
            self._memory.move_to_end(slot)
            while len(self._memory) > self._size:
                self._memory.popitem(last=False)

    def put(self, case: str | int, key: str, value: Any) -> None:
        """Store a result atomically (write to a temporary file, then rename)."""
        path = self._path(case, key)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            out.write(orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY,
                                   default=str))
        with self._lock:
            tmp.replace(path)
        self._remember((str(case), key), value)

    def clear(self, case: str | int) -> int:
        """Drop every cached result of a case; return how many."""
        folder = self.root / "".join(c for c in str(case) if c.isalnum() or c in "-_")
        with self._lock:
            for slot in [s for s in self._memory if s[0] == str(case)]:
                del self._memory[slot]
        removed = 0
        if folder.exists():
            for path in folder.glob("*.json"):
                path.unlink(missing_ok=True)
                removed += 1
        return removed
