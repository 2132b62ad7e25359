"""Difference-in-differences: a campaign's effect on a linked indicator.

The panel is one outcome per area and period (a rate per 1,000 where the indicator has a
base, else the count), taken from the *published* table, so an estimate never rests on a
withheld cell. The model is the two-way fixed-effects regression

    y_it = a_i + l_t + delta * (treated_i * after_t) + e_it

fitted by OLS in statsmodels, with standard errors clustered by area (errors within an area
are correlated over time) and a t distribution with G - 1 degrees of freedom (G = number of
areas), as is usual with few clusters. ``delta`` is the estimated effect; its confidence
interval is what a reader should look at. With two or more periods before the start, the
same estimate with a fake start at the last of them (``pre_trend``, a placebo) checks the
assumption the method rests on: without the campaign both groups would have moved alike.

>>> rows = [(a, t, 10.0 + (a == "x") * 2 + t - (a == "x" and t >= 2) * 3) for a in "xyz" for t in range(4)]
>>> e = did([(a, str(t), y) for a, t, y in rows], treated={"x"}, start="2")
>>> round(e.estimate, 6)
-3.0
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from offensief.model.errors import InputError

METHOD = ("two-way fixed effects OLS (statsmodels), standard errors clustered by area, "
          "t distribution with G-1 degrees of freedom")


@dataclass
class Effect:
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    level: float
    treated_areas: int
    comparison_areas: int
    periods: list[str]
    start: str
    method: str = METHOD
    means: list[dict[str, object]] = field(default_factory=list)  # per period and group, for charts
    pre_trend: dict[str, object] | None = None  # placebo: the same estimate before the start

    def to_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def did(panel: Iterable[tuple[str, str, float]], *, treated: set[str], start: str,
        level: float = 0.95) -> Effect:
    """Estimate the effect of a treatment that starts in period ``start`` in the ``treated``
    areas, from ``(area, period, outcome)`` rows (missing cells are left out)."""
    frame = pd.DataFrame(list(panel), columns=["area", "period", "y"]).dropna()
    frame["treated"] = frame["area"].isin(treated).astype(float)
    frame["after"] = (frame["period"] >= start).astype(float)
    n_treated = frame.loc[frame.treated == 1, "area"].nunique()
    n_control = frame.loc[frame.treated == 0, "area"].nunique()
    periods = sorted(frame["period"].unique())
    before = [p for p in periods if p < start]
    if n_treated < 1 or n_control < 1:
        raise InputError("difference-in-differences needs treated and comparison areas with "
                         f"published values (have {n_treated} treated, {n_control} comparison)")
    if not before or len(before) == len(periods):
        raise InputError(f"difference-in-differences needs periods before and from {start} "
                         f"(have {', '.join(periods) or 'none'})", field="period")
    frame["d"] = frame["treated"] * frame["after"]
    dummies = pd.get_dummies(frame[["area", "period"]], drop_first=True, dtype=float)
    x = sm.add_constant(pd.concat([frame[["d"]], dummies], axis=1), has_constant="add")
    groups = pd.factorize(frame["area"])[0]
    fit = sm.OLS(frame["y"].to_numpy(float), x.to_numpy(float)).fit(
        cov_type="cluster", cov_kwds={"groups": groups})
    estimate, se = float(fit.params[1]), float(fit.bse[1])
    g = int(frame["area"].nunique())
    q = float(stats.t.ppf(0.5 + level / 2, df=max(1, g - 1)))
    p = float(2 * stats.t.sf(abs(estimate / se), df=max(1, g - 1))) if se > 0 else 0.0
    means: list[dict[str, object]] = [{"period": str(p_), "group": "campaign areas" if t else "comparison areas", "mean": float(m)}
             for (p_, t), m in frame.groupby(["period", "treated"])["y"].mean().items()]
    placebo: dict[str, object] | None = None
    if len(before) >= 2:  # parallel trends before the start? a fake start at the last period before
        fake = did(frame.loc[frame.period < start, ["area", "period", "y"]].itertuples(index=False),
                   treated=treated, start=before[-1], level=level)
        placebo = {"start": before[-1], "estimate": fake.estimate, "ci_low": fake.ci_low,
                   "ci_high": fake.ci_high, "p_value": fake.p_value}
    return Effect(estimate, se, estimate - q * se, estimate + q * se, p if np.isfinite(p) else 1.0,
                  level, int(n_treated), int(n_control), [str(p_) for p_ in periods], start, means=means,
                  pre_trend=placebo)
