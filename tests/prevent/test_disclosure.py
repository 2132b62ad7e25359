"""Disclosure control: nothing below the threshold is published, and no withheld cell can be
recovered from the published cells and the relations a reader knows (totals, differences)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from offensief.prevent.areas import Area, Hierarchy
from offensief.prevent.disclosure import (
    BELOW,
    PUBLISHED,
    SECONDARY,
    Relation,
    Table,
    audit,
    protect,
)
from offensief.prevent.sectors import sector_table
from offensief.prevent.tables import Observation, build_table, publish


def attacker_ranges(table: Table, cells: dict, *, threshold: int) -> dict:
    """An independent check: for every withheld cell, its min and max over all non-negative
    values consistent with the published cells and every relation (dense LPs, one per bound),
    knowing ``x < threshold`` for cells withheld as below the threshold."""
    hidden = sorted((k for k, c in cells.items() if c.value is None), key=str)
    index = {k: i for i, k in enumerate(hidden)}
    rows, rhs = [], []
    for rel in table.relations:
        row, known = np.zeros(len(hidden)), float(rel.offset)
        for c, sign in ((rel.total, 1.0), *((p, -1.0) for p in rel.parts)):
            if c in index:
                row[index[c]] += sign
            else:
                known -= sign * table.values[c]  # exact published values: the strictest reader
        if row.any():
            rows.append(row)
            rhs.append(known)
    bounds = [(0, threshold - 1) if cells[k].status == BELOW else (0, None) for k in hidden]
    out = {}
    for k, i in index.items():
        c = np.zeros(len(hidden))
        c[i] = 1
        low = linprog(c, A_eq=np.array(rows) if rows else None, b_eq=rhs or None, bounds=bounds)
        high = linprog(-c, A_eq=np.array(rows) if rows else None, b_eq=rhs or None, bounds=bounds)
        out[k] = (low.fun, np.inf if high.status == 3 else -high.fun)
    return out


def test_one_small_cell_needs_a_partner():
    t = Table({"a": 3, "b": 40, "c": 25, "T": 68}, [Relation("T", ("a", "b", "c"))])
    r = protect(t)
    assert r.cells["a"].status == BELOW and r.cells["c"].status == SECONDARY
    assert r.cells["b"] == r.cells["b"].__class__(40, PUBLISHED)
    assert r.cells["T"].value == 70  # rounded to base 5


def test_two_withheld_per_relation_is_not_enough_and_the_audit_sees_it():
    """a+b, a+c and b+c published: each relation has two withheld cells, yet the three
    equations give a, b and c exactly. The audit must find this and withhold more."""
    values = {"a": 12, "b": 15, "c": 20, "ab": 27, "ac": 32, "bc": 35, "x": 50, "X": 62}
    relations = [Relation("ab", ("a", "b")), Relation("ac", ("a", "c")), Relation("bc", ("b", "c")),
                 Relation("X", ("a", "x"))]
    t = Table(values, relations)
    ranges = audit(t, {"a", "b", "c", "x"}, primary=set(), threshold=10)
    assert ranges["a"][1] - ranges["a"][0] < 1  # recoverable
    r = protect(t)
    hidden = {k for k, c in r.cells.items() if c.value is None}
    assert len(hidden) > 4 or not {"a", "b", "c"} <= hidden
    for lo, hi in attacker_ranges(t, r.cells, threshold=10).values():
        assert hi - lo >= 1 - 1e-6


def test_rounding_and_reasons_in_a_published_table():
    areas = [Area("GM0001", "G"), Area("WK000100", "W1"), Area("WK000101", "W2"),
             Area("BU00010000", "B1"), Area("BU00010001", "B2"), Area("BU00010100", "B3")]
    obs = [Observation("BU00010000", "drug_incidents", "2024", 4, 1000),
           Observation("BU00010001", "drug_incidents", "2024", 51, 1200),
           Observation("BU00010100", "drug_incidents", "2024", 33, 900)]
    t = publish(obs, Hierarchy.of(areas), indicator="drug_incidents")
    cells = {(r.area, c.period): c for r in t.rows for c in r.cells}
    assert cells[("BU00010000", "2024")].reason == BELOW
    assert cells[("BU00010001", "2024")].reason == SECONDARY  # else W1 - B2 = B1
    assert cells[("WK000100", "2024")].value == 55  # the sum of two withheld cells reveals neither
    assert cells[("BU00010100", "2024")].value == 35 and cells[("GM0001", "2024")].value == 90
    for c in cells.values():
        assert c.value is None or (c.value % 5 == 0 and c.value >= 10)


@st.composite
def area_tables(draw):
    """Random gemeente/wijk/buurt trees, 1-3 periods, many small counts."""
    areas, obs = [], []
    periods = [str(2020 + i) for i in range(draw(st.integers(1, 3)))]
    small = st.one_of(st.integers(0, 12), st.integers(0, 200))
    for g in range(draw(st.integers(1, 3))):
        gm = f"{g + 1:04d}"
        areas.append(Area("GM" + gm, gm))
        for w in range(draw(st.integers(1, 3))):
            wk = f"{gm}{w:02d}"
            areas.append(Area("WK" + wk, wk))
            for b in range(draw(st.integers(1, 3))):
                bu = f"BU{wk}{b:02d}"
                areas.append(Area(bu, bu))
                for p in periods:
                    obs.append(Observation(bu, "cannabis_farms", p, draw(small)))
    return areas, obs


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
          database=None)
@given(area_tables(), st.sampled_from([5, 10]))
def test_property_nothing_small_published_nothing_recoverable(data, threshold):
    areas, obs = data
    table, _, _ = build_table(obs, Hierarchy.of(areas))
    result = protect(table, threshold=threshold, rounding=5)
    assert not result.exposed
    for key, cell in result.cells.items():
        if cell.value is not None:
            assert table.values[key] >= threshold, key  # no published cell below the threshold
            assert cell.value % 5 == 0
        else:
            assert (cell.status == BELOW) == (table.values[key] < threshold)
    for key, (lo, hi) in attacker_ranges(table, result.cells, threshold=threshold).items():
        assert hi - lo >= 1 - 1e-6, (key, lo, hi)  # not recoverable from totals or differences


def test_bad_parameters():
    with pytest.raises(ValueError):
        protect(Table({"a": 1}, []), threshold=0)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
          database=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["5610", "5630", "4511", "9602"]),
                          st.integers(0, 30)), min_size=1, max_size=30))
def test_property_sector_table(rows):
    """The gemeente x sector table of cash businesses, with its totals, is protected alike."""
    areas = [Area(f"GM000{g}", f"G{g}") for g in range(4)] + [Area(f"WK000{g}00", "w") for g in range(4)]
    areas += [Area(f"BU000{g}0000", "b") for g in range(4)]
    counts = [(f"BU000{g}0000", s, n) for g, s, n in rows if n > 0]
    table = sector_table(counts, Hierarchy.of(areas), year="2026")
    values: dict = {}
    for buurt, s, n in counts:
        for area in (buurt.replace("BU", "GM")[:6], "NL01"):
            values[(area, s)] = values.get((area, s), 0) + n
    for row in table.rows:
        for s, cell in row.cells.items():
            true = values.get((row.area, s)) if s != "all" else sum(
                v for (a, _), v in values.items() if a == row.area)
            assert cell.value is None or (true >= 10 and cell.value % 5 == 0)
            assert (cell.reason == BELOW) == (true < 10)
