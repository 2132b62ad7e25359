"""Areas by CBS code: gemeente ``GMxxxx``, wijk ``WKxxxxxx``, buurt ``BUxxxxxxxx``, and the
country ``NL01`` above them, with the hierarchy their codes imply.

>>> level_of("BU05990101"), parent_code("BU05990101"), parent_code("GM0599")
('buurt', 'WK059901', 'NL01')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from offensief.model.errors import InputError

COUNTRY = "NL01"
LEVELS: tuple[str, ...] = ("land", "gemeente", "wijk", "buurt")
_PATTERNS = {
    "land": re.compile(r"^NL01$"),
    "gemeente": re.compile(r"^GM\d{4}$"),
    "wijk": re.compile(r"^WK\d{6}$"),
    "buurt": re.compile(r"^BU\d{8}$"),
}


def level_of(code: str) -> str:
    """The level a CBS code names; :class:`ValueError` if it names none."""
    for level, pattern in _PATTERNS.items():
        if pattern.match(code):
            return level
    raise ValueError(f"{code!r} is not a CBS area code (NL01, GMxxxx, WKxxxxxx or BUxxxxxxxx)")


def parent_code(code: str) -> str | None:
    """The code of the area one level up, as the CBS numbering implies it."""
    level = level_of(code)
    if level == "buurt":
        return "WK" + code[2:8]
    if level == "wijk":
        return "GM" + code[2:6]
    if level == "gemeente":
        return COUNTRY
    return None


@dataclass(frozen=True, slots=True)
class Area:
    """One area: its code, name and level; ``parent`` follows from the code."""

    code: str
    name: str

    @property
    def level(self) -> str:
        return level_of(self.code)

    @property
    def parent(self) -> str | None:
        return parent_code(self.code)


@dataclass
class Hierarchy:
    """Areas with their parents and children (the country is always present)."""

    areas: dict[str, Area] = field(default_factory=dict)
    _children: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for code in sorted(self.areas):
            parent = self.areas[code].parent
            if parent is not None:
                self._children.setdefault(parent, []).append(code)

    @classmethod
    def of(cls, areas: Iterable[Area]) -> Hierarchy:
        found = {a.code: a for a in areas}
        found.setdefault(COUNTRY, Area(COUNTRY, "Nederland"))
        return cls(found)

    def children(self, code: str) -> list[str]:
        return list(self._children.get(code, ()))

    def at(self, level: str) -> list[str]:
        return sorted(c for c, a in self.areas.items() if a.level == level)

    def ancestors(self, code: str) -> list[str]:
        """Parents up to the country, nearest first (only those present)."""
        out, parent = [], parent_code(code)
        while parent is not None:
            if parent in self.areas:
                out.append(parent)
            parent = parent_code(parent)
        return out

    def name(self, code: str) -> str:
        area = self.areas.get(code)
        return area.name if area else code


def check_code(code: str, *, file: str, line: int, field: str = "code") -> str:
    """A valid CBS code, else an :class:`InputError` naming where it was read."""
    code = code.strip().upper()
    try:
        level_of(code)
    except ValueError as exc:
        raise InputError(str(exc), file=file, line=line, field=field) from None
    return code
