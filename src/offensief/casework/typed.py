"""Typed results of the application layer: real fields for the front ends, one JSON shape.

A result is a frozen dataclass; the pages read its fields, the API and the CLI send
:meth:`Result.to_json` — the documented shape, field by field in declaration order (nested
results become objects, lists of results lists of objects).

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Point(Result):
...     x: int
...     y: int
>>> Point(1, 2).to_json()
{'x': 1, 'y': 2}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Result:
    """Base of the typed results (no fields of its own)."""

    def to_json(self) -> dict[str, Any]:
        """The result as the JSON object the API and the CLI send."""
        return asdict(self)
