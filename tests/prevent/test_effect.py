"""Difference-in-differences recovers a known effect on a synthetic panel within its interval."""

from __future__ import annotations

import numpy as np
import pytest

from offensief.model.errors import InputError
from offensief.prevent.effect import did


def panel(rng: np.random.Generator, *, effect: float, areas: int = 30, treated: int = 8,
          periods: int = 6, start: int = 3, noise: float = 1.0) -> tuple[list, set[str]]:
    """Area and period fixed effects, an area-level AR(1) error (so clustering matters) and
    ``effect`` added to treated areas from period ``start``."""
    rows, chosen = [], {f"A{i:02d}" for i in range(treated)}
    level = rng.normal(50, 10, areas)
    trend = np.cumsum(rng.normal(0.5, 0.3, periods))
    for i in range(areas):
        e = 0.0
        for t in range(periods):
            e = 0.6 * e + rng.normal(0, noise)
            area = f"A{i:02d}"
            y = level[i] + trend[t] + e + (effect if area in chosen and t >= start else 0.0)
            rows.append((area, f"{2020 + t}", y))
    return rows, chosen


def test_known_effect_is_inside_the_interval():
    rng = np.random.default_rng(11)
    rows, treated = panel(rng, effect=-3.0)
    e = did(rows, treated=treated, start="2023")
    assert e.ci_low < -3.0 < e.ci_high
    assert e.ci_high < 0  # and the interval excludes no change
    assert e.treated_areas == 8 and e.comparison_areas == 22 and e.start == "2023"
    assert {m["group"] for m in e.means} == {"campaign areas", "comparison areas"}
    pre = e.pre_trend  # placebo start before the real one: no effect there
    assert pre is not None and pre["start"] == "2022" and pre["ci_low"] < 0 < pre["ci_high"]


def test_placebo_flags_diverging_trends():
    rng = np.random.default_rng(2)
    rows, treated = panel(rng, effect=0.0, noise=0.2)
    drift = [(a, p, y + (int(p) - 2020) * 2.0 * (a in treated)) for a, p, y in rows]  # own trend
    e = did(drift, treated=treated, start="2023")
    assert e.pre_trend is not None and e.pre_trend["ci_low"] > 0  # the placebo sees the drift


def test_interval_covers_the_truth_about_as_often_as_it_says():
    rng = np.random.default_rng(5)
    hits = 0
    for _ in range(100):
        rows, treated = panel(rng, effect=2.0)
        e = did(rows, treated=treated, start="2023")
        hits += e.ci_low <= 2.0 <= e.ci_high
    assert 0.87 <= hits / 100 <= 0.99, hits  # nominal 95 % (92 with this seed)


def test_no_effect_is_not_found_where_there_is_none():
    rng = np.random.default_rng(3)
    found = sum(did(*panel(rng, effect=0.0)[:1], treated={f"A{i:02d}" for i in range(8)},
                    start="2023").p_value < 0.05 for _ in range(100))
    assert found <= 12


def test_needs_before_and_after_and_both_groups():
    rows = [("a", "2020", 1.0), ("b", "2020", 2.0), ("a", "2021", 1.0), ("b", "2021", 2.0)]
    with pytest.raises(InputError, match="before"):
        did(rows, treated={"a"}, start="2020")
    with pytest.raises(InputError, match="comparison"):
        did(rows, treated={"a", "b"}, start="2021")
