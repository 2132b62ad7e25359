"""Writing partner records: opaque ids, FtM JSON lines, and how each source renders people.

Each source keeps its own record per real person (the KvK one per registered function), and
the ground truth remembers which true person or firm every record stands for.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import date
from pathlib import Path

from .names import render
from .places import address_variant, phone_variant
from .world import Person

# Per source: name styles with weights, chance of a typo on top, birth-date coverage,
# chance of a day/month swap, and whether the source writes the address as the register does.
STYLE = {
    "brp": ((("registry", 1.0),), 0.01, 1.0, 0.0, True),
    "kvk": ((("full", 0.55), ("initials", 0.3), ("usual", 0.15)), 0.04, 0.7, 0.03, True),
    "kadaster": ((("registry", 0.6), ("initials", 0.4)), 0.03, 0.9, 0.03, True),
    "bank": ((("usual", 0.4), ("full", 0.2), ("initials", 0.2), ("upper_initials", 0.1),
              ("initials_reversed", 0.1)), 0.08, 0.8, 0.05, False),
    "politie": ((("usual", 0.35), ("full", 0.15), ("short", 0.15), ("reversed_particle", 0.1),
                 ("initials_reversed", 0.1), ("upper_initials", 0.15)), 0.2, 0.75, 0.1, False),
    "telecom": ((("usual", 0.5), ("initials", 0.25), ("short", 0.25)), 0.2, 0.35, 0.08, False),
    "rdw": ((("initials", 0.7), ("full", 0.3)), 0.03, 1.0, 0.02, False),
}


class Source:
    """One partner file of FtM entities, with a record -> true id map for the truth."""

    def __init__(self, name: str, style: str, seed: int, rng: random.Random) -> None:
        self.name, self.style, self.seed, self.rng = name, style, seed, rng
        self.entities: list[dict] = []
        self.truth: dict[str, str] = {}  # record id -> true id (persons and companies)
        self._ids: dict[str, str] = {}

    def rid(self, key: str) -> str:
        """A stable opaque id for ``key`` in this source (nothing of the truth in it)."""
        if key not in self._ids:
            digest = hashlib.sha1(f"{self.seed}|{self.name}|{key}".encode()).hexdigest()[:20]
            self._ids[key] = f"{self.name[:3]}-{digest}"
        return self._ids[key]

    def add(self, eid: str, schema: str, **props) -> str:
        clean = {k: [str(x) for x in (v if isinstance(v, (list, tuple)) else [v]) if x not in (None, "")]
                 for k, v in props.items()}
        self.entities.append({"id": eid, "schema": schema,
                              "properties": {k: v for k, v in clean.items() if v}})
        return eid

    def person(self, p: Person, key: str | None = None, *, style: str = "", extra: dict | None = None) -> str:
        """A record of ``p`` written this source's way (``style`` picks the STYLE row)."""
        eid = self.rid(key or p.tid)
        if eid in self.truth:
            return eid
        styles, typo_rate, bd_rate, swap_rate, register_addr = STYLE[style or self.style]
        rng = self.rng
        pick = rng.random()
        acc = 0.0
        chosen = styles[-1][0]
        for s, weight in styles:
            acc += weight
            if pick < acc:
                chosen = s
                break
        name = render(rng, p.name, chosen)
        if rng.random() < typo_rate:
            name = render(rng, p.name, "typo") if chosen in ("usual", "full") else name
        birth = None
        if rng.random() < bd_rate:
            birth = p.birth
            if rng.random() < swap_rate and p.birth.day <= 12 and p.birth.day != p.birth.month:
                birth = date(p.birth.year, p.birth.day, p.birth.month)
        address = p.address.line() if register_addr else (
            address_variant(rng, p.address) if rng.random() < 0.6 else None)
        props = {"name": name, "birthDate": birth.isoformat() if birth else None,
                 "address": address, **(extra or {})}
        self.add(eid, "Person", **props)
        self.truth[eid] = p.tid
        return eid

    def phone(self, text: str, rate: float = 0.5) -> str:
        return phone_variant(self.rng, text) if self.rng.random() < rate else text

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.name}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for e in self.entities:
                fh.write(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n")
        return path
