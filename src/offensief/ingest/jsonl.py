"""FtM entities as JSON lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from offensief.ingest.source import check_file, iter_lines
from offensief.model.errors import InputError


def read_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """Yield ``(line, parsed object)``; blank lines are skipped, bad JSON names its line."""
    check_file(path, allow_utf8_bom=False)
    for number, text in iter_lines(path):
        if not text.strip():
            continue
        try:
            yield number, orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"malformed JSON: {exc}", file=str(path), line=number) from None
