"""Prevention by area for its callers: published indicator tables, maps, loads, tracks and
campaigns with their effect. Every function asks ``prevent_read`` or ``prevent_write`` and
returns aggregates that have passed disclosure control; nothing here returns a person."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from offensief.casework.caller import Caller
from offensief.model.errors import InputError, NotFound
from offensief.prevent import compute, maps, service
from offensief.prevent.areas import LEVELS
from offensief.prevent.disclosure import PUBLISHED
from offensief.prevent.effect import Effect, did
from offensief.prevent.indicators import INDICATORS
from offensief.prevent.outlines import voronoi_outlines
from offensief.prevent.programme import CampaignInput, TrackInput
from offensief.prevent.sectors import SectorTable, sector_table
from offensief.prevent.tables import PublishedTable, publish
from offensief.store import areas as store_areas

THRESHOLD, ROUNDING, PROTECTION = 10, 5, 1
_CACHE: OrderedDict[str, PublishedTable] = OrderedDict()  # pure memo of publish(), by content
_CACHE_LOCK = threading.Lock()  # API routes run in worker threads


def _table(caller: Caller, indicator: str) -> PublishedTable:
    if indicator not in INDICATORS:
        raise NotFound(f"unknown indicator {indicator!r}; known: {', '.join(INDICATORS)}")
    db = caller.session()
    obs = sorted(service.observations(db, indicator), key=lambda o: (o.area, o.period))
    hierarchy = service.hierarchy(db)
    key = hashlib.sha256(repr((indicator, obs, sorted(hierarchy.areas), THRESHOLD, ROUNDING,
                               PROTECTION)).encode()).hexdigest()
    with _CACHE_LOCK:
        found = _CACHE.get(key)
    if found is None:
        found = publish(obs, hierarchy, indicator=indicator, threshold=THRESHOLD,
                        rounding=ROUNDING, protection=PROTECTION)
        with _CACHE_LOCK:
            _CACHE[key] = found
            while len(_CACHE) > 32:
                _CACHE.popitem(last=False)
    return found


def indicator_tables(caller: Caller, *, indicators: list[str] | None = None) -> list[PublishedTable]:
    """The published tables (every level; filter rows by ``level`` to show one)."""
    caller.allow("prevent_read", what={"view": "area_indicators", "indicators": indicators or "all"})
    keys = indicators or [k for k in INDICATORS if k in set(service.indicators_present(caller.session()))]
    return [_table(caller, k) for k in keys]


def tables_json(tables: list[PublishedTable]) -> dict[str, Any]:
    """The documented JSON shape of ``offensief area indicators --json``."""
    return {"threshold": THRESHOLD, "rounding": ROUNDING, "protection": PROTECTION,
            "indicators": [asdict(t) for t in tables]}


def load_area_file(caller: Caller, path: Path, *, code_field: str | None = None) -> service.LoadSummary:
    """Load areas, values, postcode keys or outlines (all or nothing; re-runnable)."""
    caller.allow("prevent_write", what={"load": path.name})
    db = caller.session()
    try:
        summary = service.load_file(db, path, by=caller.actor.username, code_field=code_field)
    except Exception:
        db.rollback()
        raise
    db.commit()
    return summary


def compute_from_store(caller: Caller, *, multiple: float = compute.AFFORDABILITY_MULTIPLE) -> dict[str, int]:
    """Recompute the store indicators (only counts leave the store); audited with the
    datasets read."""
    datasets = compute.network_datasets(caller.session())
    caller.allow("prevent_write", what={"compute": "store indicators", "network_datasets": datasets})
    return compute.refresh(caller.session(), caller.analytical().con, datasets=datasets, multiple=multiple)


@dataclass
class MapResult:
    indicator: str
    title: str
    period: str
    level: str
    areas: list[maps.MapArea]
    outlines: dict[str, Any]
    generated: bool  # outlines generated (schematic), not loaded


def area_map(caller: Caller, *, indicator: str, period: str | None = None, level: str = "buurt") -> MapResult:
    """The published values of one indicator, period and level, with their outlines."""
    if level not in LEVELS[1:]:
        raise InputError(f"level must be one of {', '.join(LEVELS[1:])}", field="level")
    caller.allow("prevent_read", what={"view": "area_map", "indicator": indicator, "level": level})
    table = _table(caller, indicator)
    if not table.periods:
        raise NotFound(f"no values for {indicator}")
    period = period or table.periods[-1]
    if period not in table.periods:
        raise InputError(f"no period {period}; have {', '.join(table.periods)}", field="period")
    db = caller.session()
    outlines = service.outlines(db)
    generated = not outlines
    if generated:
        outlines = voronoi_outlines(service.hierarchy(db))
    shown = []
    for row in table.rows:
        if row.level != level:
            continue
        cell = next((c for c in row.cells if c.period == period), None)
        if cell is None:
            continue
        withheld = cell.reason != PUBLISHED
        value = cell.rate if cell.rate is not None else cell.value
        label = ("withheld: " + cell.reason.replace("_", " ")) if withheld else (
            f"{cell.value:,}" + (f" ({cell.rate:g} per 1,000 {table.base})" if cell.rate is not None else ""))
        shown.append(maps.MapArea(row.area, row.name, None if withheld else value, label, withheld))
    title = f"{table.title}, {period}" + (" (per 1,000 " + table.base + ")" if table.base else "")
    return MapResult(indicator, title, period, level, shown, outlines, generated)


def map_file(caller: Caller, *, indicator: str, out: Path, period: str | None = None,
             level: str = "buurt") -> MapResult:
    """Write the map as SVG or PNG (by the file's suffix)."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        raise InputError("the map file must end in .svg or .png", file=str(out))
    result = area_map(caller, indicator=indicator, period=period, level=level)
    out.write_bytes(maps.figure(result.areas, result.outlines, title=result.title, fmt=fmt))
    caller.audit("export", what={"map": indicator, "period": result.period, "file": out.name})
    return result


def published_count(value: int) -> int | None:
    """An aggregate count as published: withheld below the threshold, else rounded."""
    return None if value < THRESHOLD else ROUNDING * ((2 * value + ROUNDING) // (2 * ROUNDING))


def track_dict(row: Any) -> dict[str, Any]:
    count = published_count(row.participants)
    return {"id": row.id, "area": row.area, "track": row.track, "kind": row.kind, "title": row.title,
            "start": row.start.isoformat(), "end": row.end.isoformat() if row.end else None,
            "budget": row.budget, "participants": count,
            "participants_reason": PUBLISHED if count is not None else "below_threshold",
            "outputs": row.outputs, "outcomes": row.outcomes}


def add_track(caller: Caller, item: TrackInput) -> dict[str, Any]:
    caller.allow("prevent_write", what={"track": item.track, "area": item.area})
    row = service.add_track(caller.session(), item, by=caller.actor.username)
    caller.session().commit()
    return track_dict(row)


def list_tracks(caller: Caller, *, area: str | None = None, track: str | None = None) -> list[dict[str, Any]]:
    caller.allow("prevent_read", what={"view": "tracks", "area": area, "track": track})
    return [track_dict(r) for r in service.tracks(caller.session(), area=area, track=track)]


def campaign_dict(row: Any) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "target_group": row.target_group, "channels": row.channels,
            "start": row.start.isoformat(), "end": row.end.isoformat(), "reach": published_count(row.reach),
            "indicator": row.indicator, "areas": row.areas, "comparison": row.comparison,
            "survey_question": row.survey_question, "survey_before": row.survey_before,
            "survey_after": row.survey_after}


def add_campaign(caller: Caller, item: CampaignInput) -> dict[str, Any]:
    caller.allow("prevent_write", what={"campaign": item.name})
    row = service.add_campaign(caller.session(), item, by=caller.actor.username)
    caller.session().commit()
    return campaign_dict(row)


def list_campaigns(caller: Caller) -> list[dict[str, Any]]:
    caller.allow("prevent_read", what={"view": "campaigns"})
    return [campaign_dict(r) for r in service.campaigns(caller.session())]


def period_of(day: date, like: str) -> str:
    """The period containing ``day``, in the form of ``like`` (YYYY, YYYY-Qn or YYYY-MM)."""
    if len(like) == 4:
        return f"{day.year}"
    if "Q" in like:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


@dataclass
class CampaignEffect:
    campaign: dict[str, Any]
    effect: Effect
    outcome: str  # what y is: "rate per 1,000 residents" or "count"

    def to_dict(self) -> dict[str, Any]:
        return {"campaign": self.campaign, "outcome": self.outcome, "effect": self.effect.to_dict()}


def campaign_effect(caller: Caller, campaign_id: int, *, level: float = 0.95) -> CampaignEffect:
    """Difference-in-differences of the linked indicator, campaign areas against comparison
    areas (by default every other area at the campaign areas' level), on published values."""
    caller.allow("prevent_read", what={"view": "campaign_effect", "campaign": campaign_id})
    row = service.campaign(caller.session(), campaign_id)
    table = _table(caller, row.indicator)
    treated = set(row.areas)
    levels = {r.level for r in table.rows if r.area in treated}
    comparison = set(row.comparison) or {r.area for r in table.rows if r.level in levels} - treated
    panel: list[tuple[str, str, float]] = []
    for r in table.rows:
        if r.area in treated or r.area in comparison:
            for c in r.cells:
                y = c.rate if table.base else c.value
                if c.period in table.periods and c.reason == PUBLISHED and y is not None:
                    panel.append((r.area, c.period, float(y)))
    start = period_of(row.start, table.periods[0] if table.periods else "0000")
    effect = did(panel, treated=treated, start=start, level=level)
    outcome = f"rate per 1,000 {table.base}" if table.base else "count"
    return CampaignEffect(campaign_dict(row), effect, outcome)


def cash_sectors(caller: Caller) -> SectorTable:
    """Cash-intensive businesses per gemeente and sector in the latest year of the tables,
    counted in the analytical store and protected like every table here."""
    caller.allow("prevent_read", what={"view": "cash_sectors"})
    db = caller.session()
    periods = sorted({o.period[:4] for o in service.observations(db, "cash_businesses")})
    year = periods[-1] if periods else str(date.today().year)
    rows = store_areas.cash_businesses_by_sector(caller.analytical().con, postcodes=service.postcodes(db),
                                                 year=int(year))
    return sector_table([(a, s, n) for a, s, n, _ in rows], service.hierarchy(db), year=year,
                        threshold=THRESHOLD, rounding=ROUNDING, protection=PROTECTION)
