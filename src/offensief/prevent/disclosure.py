"""Disclosure control for tables of counts: threshold, secondary suppression, rounding.

A table is a set of cells (e.g. area x period) and the linear relations between them that a
reader knows: ``total = part_1 + ... + part_k + offset`` (a parent area is the sum of its
children, an area's all-period total the sum of its periods; ``offset`` is what the table does
not itemise and is assumed *known to the reader*, which is the cautious choice).

1. **Primary suppression**: every cell below ``threshold`` (default 10) is withheld.
2. **Secondary suppression**: no relation may contain exactly one withheld cell, else the
   reader subtracts. Each such relation gets a complementary cell withheld, the one that costs
   least (the smallest value, a part before a total). Because relations share cells this is
   repeated until it holds everywhere.
3. **Audit**: a withheld cell is *protected* when the set of values consistent with every
   published cell, every relation and what a reason discloses (``below_threshold`` tells the
   reader ``0 <= x < threshold``; any cell is ``>= 0``) leaves it a range of at least
   ``protection`` wide. The range is found by linear programming (HiGHS) over the withheld
   cells; a cell whose range is too narrow gets a further complementary suppression in its
   relations, and the audit runs again. The two-per-relation rule alone is not enough in
   two-dimensional tables, which is why the audit exists.
4. **Rounding**: published counts are rounded to a multiple of ``base`` (default 5); the
   audit assumed exact published values, so rounding only makes recovery harder.

>>> t = Table({"a": 3, "b": 40, "c": 25, "T": 68}, [Relation("T", ("a", "b", "c"))])
>>> r = protect(t)
>>> sorted(k for k, c in r.cells.items() if c.value is None), r.cells["b"].value
(['a', 'c'], 40)
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

Key = Hashable
PUBLISHED, BELOW, SECONDARY = "published", "below_threshold", "secondary_suppression"


@dataclass(frozen=True, slots=True)
class Relation:
    """``total = sum(parts) + offset`` (the offset is filled in from the data when built)."""

    total: Key
    parts: tuple[Key, ...]
    offset: int = 0

    @property
    def cells(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass
class Table:
    values: dict[Key, int]
    relations: list[Relation]

    def __post_init__(self) -> None:
        fixed = []
        for rel in self.relations:
            parts = tuple(p for p in rel.parts if p in self.values)
            if rel.total not in self.values or not parts:
                continue
            offset = self.values[rel.total] - sum(self.values[p] for p in parts)
            fixed.append(Relation(rel.total, parts, offset))
        self.relations = fixed


@dataclass(frozen=True, slots=True)
class Cell:
    value: int | None  # the published (rounded) count, None when withheld
    status: str  # published | below_threshold | secondary_suppression


@dataclass
class Protected:
    cells: dict[Key, Cell]
    threshold: int
    rounding: int
    protection: int
    ranges: dict[Key, tuple[float, float]] = field(default_factory=dict)  # audit, not published
    exposed: list[Key] = field(default_factory=list)  # empty unless nothing more could be withheld


def round_to(value: int, base: int) -> int:
    """Round half up to a multiple of ``base`` (1 = no rounding)."""
    if base <= 1:
        return int(value)
    return int(base * ((2 * value + base) // (2 * base)))


def protect(table: Table, *, threshold: int = 10, rounding: int = 5, protection: int = 1) -> Protected:
    """Suppress, audit and round ``table`` (see the module text)."""
    if threshold < 1 or rounding < 1 or protection < 1:
        raise ValueError("threshold, rounding and protection must be at least 1")
    values = table.values
    primary = {k for k, v in values.items() if v < threshold}
    withheld = set(primary)
    by_cell: dict[Key, list[Relation]] = {}
    for rel in table.relations:
        for key in rel.cells:
            by_cell.setdefault(key, []).append(rel)
    ranges: dict[Key, tuple[float, float]] = {}
    exposed: list[Key] = []
    memo: dict[frozenset[Key], dict[Key, tuple[float, float]]] = {}
    while True:
        _two_per_relation(table.relations, values, withheld)
        ranges = audit(table, withheld, primary=primary, threshold=threshold, enough=protection,
                       memo=memo)
        exposed = [k for k, (lo, hi) in ranges.items() if hi - lo < protection]
        added: set[Key] = set()
        for key in exposed:  # one complementary cell per exposed cell, then audit again
            pick = _cheapest(values, withheld | added,
                             (c for rel in by_cell.get(key, []) for c in rel.cells))
            if pick is None:  # widen the search to the relations of every withheld cell
                pick = _cheapest(values, withheld | added,
                                 (c for w in withheld for rel in by_cell.get(w, []) for c in rel.cells))
            if pick is not None:
                added.add(pick)
        if not exposed or not added:
            break
        withheld |= added
    cells = {k: Cell(None, BELOW if k in primary else SECONDARY) if k in withheld
             else Cell(round_to(v, rounding), PUBLISHED) for k, v in values.items()}
    return Protected(cells, threshold, rounding, protection, ranges, exposed)


def _cheapest(values: Mapping[Key, int], withheld: set[Key], candidates: Iterable[Key]) -> Key | None:
    free = {c for c in candidates if c not in withheld}
    if not free:
        return None
    return min(free, key=lambda c: (values[c], str(c)))


def _two_per_relation(relations: list[Relation], values: Mapping[Key, int], withheld: set[Key]) -> None:
    changed = True
    while changed:
        changed = False
        for rel in relations:
            hidden = [c for c in rel.cells if c in withheld]
            if len(hidden) == 1:
                parts_first = [c for c in rel.parts if c not in withheld] or [rel.total]
                pick = _cheapest(values, withheld, parts_first)
                if pick is not None:
                    withheld.add(pick)
                    changed = True


def audit(table: Table, withheld: set[Key], *, primary: set[Key], threshold: int,
          enough: float = np.inf, memo: dict[frozenset[Key], dict[Key, tuple[float, float]]] | None = None,
          ) -> dict[Key, tuple[float, float]]:
    """The range each withheld cell can take given everything published (an attacker's view).

    Solved per connected group of withheld cells (a group already audited, in ``memo``, is not
    solved again). Every LP solution found is kept, so most cells are shown to vary without an
    LP of their own; a cell whose range is already ``enough`` wide gets none (its range is then
    a lower bound of the true one)."""
    values = table.values
    by_cell: dict[Key, list[Relation]] = {}
    for rel in table.relations:
        for key in rel.cells:
            if key in withheld:
                by_cell.setdefault(key, []).append(rel)
    ranges: dict[Key, tuple[float, float]] = {}
    memo = {} if memo is None else memo
    for group in _components(table.relations, withheld):
        tag = frozenset(group)
        if tag not in memo:
            memo[tag] = _group_ranges(group, by_cell, values, primary=primary, threshold=threshold,
                                      enough=enough)
        ranges.update(memo[tag])
    return ranges


def _group_ranges(group: list[Key], by_cell: Mapping[Key, list[Relation]], values: Mapping[Key, int],
                  *, primary: set[Key], threshold: int, enough: float) -> dict[Key, tuple[float, float]]:
    index = {k: i for i, k in enumerate(group)}
    relations = {id(rel): rel for k in group for rel in by_cell.get(k, [])}.values()
    cols, row_ids, coef, rhs = [], [], [], []
    for r, rel in enumerate(relations):
        known = float(rel.offset)
        for c, sign in ((rel.total, 1.0), *((p, -1.0) for p in rel.parts)):
            if c in index:
                row_ids.append(r)
                cols.append(index[c])
                coef.append(sign)
            else:
                known -= sign * values[c]
        rhs.append(known)
    a_eq = sparse.csr_array((coef, (row_ids, cols)), shape=(len(rhs), len(group))) if rhs else None
    b_eq = np.array(rhs) if rhs else None
    # A cap far above every value keeps each LP bounded; a range that reaches it is wide anyway,
    # and a capped range is never wider than the true one, so the proof stays sound.
    cap = 2.0 * max(values.values()) + threshold
    bounds = [(0, threshold - 1) if k in primary else (0, cap) for k in group]
    truth = np.array([values[k] for k in group], dtype=float)
    lo, hi = truth.copy(), truth.copy()

    def solve(c: np.ndarray) -> None:
        res = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if not res.success:
            raise RuntimeError(f"disclosure audit LP failed: {res.message}")
        np.minimum(lo, res.x, out=lo)
        np.maximum(hi, res.x, out=hi)

    rng = np.random.default_rng(len(group))
    stale = 0
    for _ in range(40):  # move all unproven cells at once, both ways: proves most without own LPs
        todo = (hi - lo) < enough
        if not todo.any() or stale >= 2:
            break
        before = int(todo.sum())
        weights = rng.uniform(0.5, 1.5, len(group)) * rng.choice((-1.0, 1.0), len(group))
        for sense in (-1.0, 1.0):  # random signs: neighbours in a relation move apart
            solve(np.where(todo, sense * weights, 0.0))
        stale = stale + 1 if int(((hi - lo) < enough).sum()) == before else 0
    for i in range(len(group)):
        for sense in (-1.0, 1.0):
            if hi[i] - lo[i] >= enough:
                break
            objective = np.zeros(len(group))
            objective[i] = sense
            solve(objective)
    return {k: (float(lo[i]), float(hi[i])) for k, i in index.items()}


def _components(relations: list[Relation], withheld: set[Key]) -> list[list[Key]]:
    parent = {k: k for k in withheld}

    def find(k: Key) -> Key:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for rel in relations:
        hidden = [c for c in rel.cells if c in withheld]
        for other in hidden[1:]:
            a, b = find(hidden[0]), find(other)
            if a != b:
                parent[a] = b
    groups: dict[Key, list[Key]] = {}
    for k in withheld:
        groups.setdefault(find(k), []).append(k)
    return [sorted(g, key=str) for g in groups.values()]
