"""The most specific of several FtM schemata: one rule for every place that merges records.

Partners state the same entity under different schemata (a register says ``LegalEntity``,
the chamber of commerce ``Company``); a cluster of resolved records carries them all. The
entity is shown under the **deepest** one: of two schemata on one line of FtM's hierarchy
the descendant (what :meth:`followthemoney.model.Model.common_schema` returns), and of two
that are not (a ``Person`` and a ``Company`` record merged by mistake) the one with more
ancestors, then the first by name — so the choice never depends on the order of the records.
The analytical store ranks the schemata by the same rule (``schema_depth``), so SQL and
Python agree.

>>> deepest(["LegalEntity", "Person"])
'Person'
>>> deepest(["Thing", "Company", "Organization"])
'Company'
>>> deepest(["Person", "Vessel"])   # not on one line: more ancestors wins, then the name
'Vessel'
>>> deepest([])
'Thing'
"""

from __future__ import annotations

from collections.abc import Iterable

from followthemoney import model
from followthemoney.schema import Schema


def _ranked() -> list[Schema]:
    """All schemata, least specific first: by depth, and on equal depth the later name first."""
    by_name = sorted(model.schemata.values(), key=lambda s: s.name, reverse=True)
    return sorted(by_name, key=lambda s: len(s.schemata))  # stable: keeps the name order


#: Schema name -> its specificity rank: greater is deeper; on equal depth the earlier name
#: ranks higher. Comparable only with each other (what ``schema_depth.depth`` holds).
RANK: dict[str, int] = {schema.name: rank for rank, schema in enumerate(_ranked())}


def deepest(names: Iterable[str], *, default: str = "Thing") -> str:
    """The most specific of ``names`` (unknown names ignored; ``default`` when none is known)."""
    known = [name for name in set(names) if name in RANK]
    return max(known, key=RANK.__getitem__) if known else default
