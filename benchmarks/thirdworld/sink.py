"""Where a source's records go: FtM entities per file, and the truth behind each record id."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def short(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12]


class Sink:
    """Collects entities per output file and the true identity of every person/firm record."""

    def __init__(self) -> None:
        self.files: dict[str, list[dict]] = {}
        self.records: dict[str, dict[str, str]] = {}     # source -> record id -> true id
        self.assets: dict[str, dict[str, str]] = {}      # true asset id -> source -> record id
        self.assets_seen: set[str] = set()

    def emit(self, file: str, eid: str, schema: str, **props: object) -> str:
        clean: dict[str, list[str]] = {}
        for k, v in props.items():
            values = v if isinstance(v, list) else [v]
            values = [str(x) for x in values if x not in (None, "")]
            if values:
                clean[k] = values
        self.files.setdefault(file, []).append({"id": eid, "schema": schema, "properties": clean})
        return eid

    def record(self, source: str, rid: str, true_id: str) -> None:
        self.records.setdefault(source, {})[rid] = true_id

    def write(self, folder: Path) -> dict[str, int]:
        counts = {}
        for name, ents in self.files.items():
            path = folder / name
            with path.open("w", encoding="utf-8") as fh:
                for e in ents:
                    fh.write(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n")
            counts[name] = len(ents)
        return counts
