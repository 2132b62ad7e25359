"""KPIs of oprollen, afpakken and voorkomen, per case, region and nationally.

Every KPI is an auditable count over registered interventions (the definitions are in
:data:`DEFINITIONS` and docs/programme.md). Grouping: a case's interventions belong to the
case; the region is where the intervention was carried out; an effect measurement belongs
to the region most of its case's executed interventions were carried out in.

Other registers (protection, prevention) add their figures through ``providers``: a
callable ``(level, keys) -> {key: {kpi: value}}`` that the application layer passes in;
this module never imports them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import Any

from offensief.cases.results import Money, funnel
from offensief.model.errors import InputError

LEVELS = ("case", "region", "national")
DONE = ("executed", "result")

DEFINITIONS: dict[str, str] = {
    "interventions": "interventions registered, by status (proposed, approved, executed, "
                     "result, cancelled)",
    "barriers_raised": "interventions executed or with a result, by kind and by partner",
    "persons_removed": "distinct persons (per case) that a result took out of the network "
                       "(e.g. an arrest that held), by their network role when proposed",
    "administrative_measures": "administrative interventions executed or with a result, by "
                               "instrument (art. 13b closures, Bibob, permits)",
    "networks_measured": "cases whose network was re-analysed at least N months after its "
                         "last executed intervention",
    "networks_down": "of those, cases whose observed process capacity is at least DROP below "
                     "the capacity before the interventions",
    "afpakken": "seized value (beslag), confiscation orders (ontneming), collected on them "
                "(inning), fiscal assessments and collections, in EUR; gap = seized - collected",
    "weapons_seized": "seized weapons, and of those linked to a network entity",
    "days_to_execution": "median days from proposal to execution of executed interventions",
}


@dataclass(frozen=True, slots=True)
class Record:
    """One intervention as the KPIs see it (no names: entity ids only)."""

    case: str
    region: str
    kind: str
    instrument: str
    partner: str
    status: str
    proposed_on: date
    executed_on: date | None
    subjects: tuple[tuple[str, str, str | None, bool], ...] = ()  # entity, kind, role, removed
    weapons: tuple[bool, ...] = ()  # per seized weapon: linked to an entity
    money: tuple[Money, ...] = ()
    measure: str | None = None


@dataclass(frozen=True, slots=True)
class Effect:
    """One effect measurement: capacity before and observed, months after."""

    case: str
    months_after: int
    before: float
    observed: float


Provider = Callable[[str, Sequence[str]], Mapping[str, Mapping[str, Any]]]


@dataclass
class Figures:
    """The KPIs of one group."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


def _key(level: str, case: str, region: str) -> str:
    return {"case": case, "region": region, "national": "national"}[level]


def case_regions(records: Iterable[Record]) -> dict[str, str]:
    """Per case, the region most of its executed interventions were carried out in."""
    counts: dict[str, Counter[str]] = {}
    for r in records:
        if r.status in DONE:
            counts.setdefault(r.case, Counter())[r.region] += 1
    return {case: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            for case, c in counts.items()}


def compute(records: Sequence[Record], effects: Sequence[Effect] = (), *, level: str,
            months: int = 6, drop: float = 0.25,
            providers: Sequence[Provider] = ()) -> list[Figures]:
    """The KPIs per group at ``level``; see :data:`DEFINITIONS`."""
    if level not in LEVELS:
        raise InputError(f"level must be one of {', '.join(LEVELS)}", field="level")
    if months < 0 or not 0 < drop <= 1:
        raise InputError("months must be >= 0 and drop in (0, 1]", field="drop")
    groups: dict[str, list[Record]] = {}
    for r in records:
        groups.setdefault(_key(level, r.case, r.region), []).append(r)
    regions = case_regions(records)
    effect_groups: dict[str, list[Effect]] = {}
    for e in effects:
        effect_groups.setdefault(_key(level, e.case, regions.get(e.case, "unknown")), []).append(e)
    keys = sorted(set(groups) | set(effect_groups) | ({"national"} if level == "national" else set()))
    out = [Figures(key, _figures(groups.get(key, []), effect_groups.get(key, []),
                                 months=months, drop=drop)) for key in keys]
    for provider in providers:
        extra = provider(level, keys)
        for figures in out:
            figures.values.update(extra.get(figures.key, {}))
    return out


def _latest(effects: Sequence[Effect], months: int) -> dict[str, Effect]:
    latest: dict[str, Effect] = {}
    for e in effects:
        if e.months_after >= months and (e.case not in latest
                                         or e.months_after > latest[e.case].months_after):
            latest[e.case] = e
    return latest


def _figures(records: Sequence[Record], effects: Sequence[Effect], *, months: int,
             drop: float) -> dict[str, Any]:
    done = [r for r in records if r.status in DONE]
    removed: dict[tuple[str, str], str] = {}
    for r in records:
        if r.status != "result":
            continue
        for entity, kind, role, gone in r.subjects:
            if gone and kind == "person":
                removed.setdefault((r.case, entity), role or "unknown")
    measured = _latest(effects, months)
    down = [e for e in measured.values() if e.before > 0 and e.observed <= (1 - drop) * e.before]
    total = funnel([m for r in records if r.status in DONE for m in r.money])[0]
    weapons = [linked for r in done for linked in r.weapons]
    days = [(r.executed_on - r.proposed_on).days for r in done if r.executed_on is not None]
    return {
        "interventions": dict(sorted(Counter(r.status for r in records).items())),
        "barriers_raised": {"total": len(done),
                            "by_kind": dict(sorted(Counter(r.kind for r in done).items())),
                            "by_partner": dict(sorted(Counter(r.partner for r in done).items()))},
        "persons_removed": {"total": len(removed),
                            "by_role": dict(sorted(Counter(removed.values()).items()))},
        "administrative_measures": dict(sorted(Counter(
            r.instrument for r in done if r.kind == "administrative").items())),
        "networks_measured": len(measured),
        "networks_down": len(down),
        "afpakken": {k: v for k, v in total.as_dict().items()},
        "weapons_seized": {"total": len(weapons), "linked": sum(weapons)},
        "days_to_execution": median(days) if days else None,
    }
