"""Prevention data in the operational store: loads, reads and registers (no policy here;
:mod:`offensief.casework.prevent` asks the policy and audits)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import shapely
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from offensief.db.prevent import (
    AreaLoad,
    AreaPostcode,
    AreaRecord,
    AreaValue,
    Campaign,
    PreventionTrack,
)
from offensief.model.errors import Conflict, InputError, NotFound
from offensief.prevent.areas import COUNTRY, Area, Hierarchy, level_of, parent_code
from offensief.prevent.outlines import read_outlines
from offensief.prevent.programme import CampaignInput, TrackInput
from offensief.prevent.tables import Observation
from offensief.prevent.tables_csv import read_csv


@dataclass
class LoadSummary:
    file: str
    kind: str
    rows: int
    skipped: bool  # identical content was loaded before


def load_file(session: Session, path: Path, *, by: str, code_field: str | None = None) -> LoadSummary:
    """Load a CSV table or an outline file; all of it or (on an error) nothing. Loading the
    same content again changes nothing; a changed file replaces the cells it names."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None
    if session.scalar(select(AreaLoad).where(AreaLoad.sha256 == digest)) is not None:
        return LoadSummary(str(path), "unchanged", 0, True)
    known = {c: lv for c, lv in session.execute(select(AreaRecord.code, AreaRecord.level))}
    if path.suffix.lower() in (".geojson", ".json", ".gpkg"):
        outlines = read_outlines(path, code_field=code_field)
        for code, (name, geom) in outlines.items():
            row = session.get(AreaRecord, code)
            if row is None:
                _need_parent(code, known, set(outlines), file=str(path), line=None)
                row = AreaRecord(code=code, name=name or code, level=level_of(code))
                session.add(row)
            row.outline, row.outline_source = shapely.to_geojson(geom), path.name
        kind, rows = "outlines", len(outlines)
    else:
        parsed = read_csv(path)
        kind, rows = parsed.kind, parsed.rows
        if parsed.kind == "areas":
            codes = {a.code for a in parsed.areas}
            for area, line in zip(parsed.areas, parsed.lines, strict=True):
                _need_parent(area.code, known, codes, file=str(path), line=line)
                row = session.get(AreaRecord, area.code)
                if row is None:
                    session.add(AreaRecord(code=area.code, name=area.name, level=area.level))
                else:
                    row.name = area.name
        elif parsed.kind == "postcodes":
            for (pc4, buurt), line in zip(parsed.postcodes.items(), parsed.lines, strict=True):
                _need_area(buurt, known, file=str(path), line=line)
                session.merge(AreaPostcode(postcode=pc4, area=buurt))
        else:
            existing = {(v.area, v.indicator, v.period): v for v in session.scalars(
                select(AreaValue).where(AreaValue.indicator.in_({o.indicator for o in parsed.values})))}
            for ob, line in zip(parsed.values, parsed.lines, strict=True):
                _need_area(ob.area, known, file=str(path), line=line)
                cell = existing.get((ob.area, ob.indicator, ob.period))
                if cell is None:
                    session.add(AreaValue(area=ob.area, indicator=ob.indicator, period=ob.period,
                                          value=ob.value, base=ob.base, source=path.name))
                else:
                    cell.value, cell.base, cell.source = ob.value, ob.base, path.name
    session.add(AreaLoad(file=str(path), sha256=digest, kind=kind, rows=rows, loaded_by=by))
    session.flush()
    return LoadSummary(str(path), kind, rows, False)


def _need_area(code: str, known: dict[str, str], *, file: str, line: int | None) -> None:
    if code not in known and code != COUNTRY:
        raise InputError(f"unknown area {code}; load its areas file first", file=file, line=line, field="area")


def _need_parent(code: str, known: dict[str, str], loading: set[str], *, file: str, line: int | None) -> None:
    parent = parent_code(code)
    if parent not in (None, COUNTRY) and parent not in known and parent not in loading:
        raise InputError(f"{code}'s parent {parent} is not a known area", file=file, line=line, field="code")


def hierarchy(session: Session) -> Hierarchy:
    return Hierarchy.of(Area(c, n) for c, n in session.execute(select(AreaRecord.code, AreaRecord.name)))


def postcodes(session: Session) -> dict[str, str]:
    return {p: a for p, a in session.execute(select(AreaPostcode.postcode, AreaPostcode.area))}


def observations(session: Session, indicator: str) -> list[Observation]:
    return [Observation(v.area, v.indicator, v.period, v.value, v.base)
            for v in session.scalars(select(AreaValue).where(AreaValue.indicator == indicator))]


def indicators_present(session: Session) -> list[str]:
    return sorted(set(session.scalars(select(AreaValue.indicator).distinct())))


def bases(session: Session, base: str, indicators: Iterable[str]) -> dict[tuple[str, str], int]:
    """Known bases (e.g. residents) per (area, period) from indicators sharing that base."""
    rows = session.execute(select(AreaValue.area, AreaValue.period, AreaValue.base)
                           .where(AreaValue.indicator.in_(list(indicators)), AreaValue.base.is_not(None)))
    return {(a, p): b for a, p, b in rows if b is not None}


def replace_computed(session: Session, indicator: str, rows: list[Observation], *, source: str) -> int:
    """Replace the store-computed values of one indicator (one transaction with the caller's)."""
    session.execute(delete(AreaValue).where(AreaValue.indicator == indicator))
    session.add_all(AreaValue(area=o.area, indicator=indicator, period=o.period, value=o.value,
                              base=o.base, source=source) for o in rows)
    session.flush()
    return len(rows)


def outlines(session: Session) -> dict[str, object]:
    return {c: shapely.from_geojson(g) for c, g in session.execute(
        select(AreaRecord.code, AreaRecord.outline).where(AreaRecord.outline.is_not(None)))}


def set_outlines(session: Session, shapes: dict[str, object], *, source: str) -> None:
    for code, geom in shapes.items():
        row = session.get(AreaRecord, code)
        if row is not None:
            row.outline, row.outline_source = shapely.to_geojson(geom), source
    session.flush()


def add_track(session: Session, item: TrackInput, *, by: str) -> PreventionTrack:
    item.check()
    if session.get(AreaRecord, item.area) is None:
        raise NotFound(f"unknown area {item.area}", field="area")
    row = PreventionTrack(area=item.area, track=item.track, kind=item.kind, title=item.title,
                          start=item.start, end=item.end, budget=item.budget,
                          participants=item.participants, outputs=item.outputs,
                          outcomes=item.outcomes, created_by=by)
    session.add(row)
    session.flush()
    return row


def tracks(session: Session, *, area: str | None = None, track: str | None = None) -> list[PreventionTrack]:
    query = select(PreventionTrack).order_by(PreventionTrack.area, PreventionTrack.start)
    if area:
        query = query.where(PreventionTrack.area == area)
    if track:
        query = query.where(PreventionTrack.track == track)
    return list(session.scalars(query))


def add_campaign(session: Session, item: CampaignInput, *, by: str) -> Campaign:
    item.check()
    for code in [*item.areas, *item.comparison]:
        if session.get(AreaRecord, code) is None:
            raise NotFound(f"unknown area {code}", field="areas")
    if session.scalar(select(Campaign).where(Campaign.name == item.name)) is not None:
        raise Conflict(f"a campaign named {item.name!r} exists")
    row = Campaign(name=item.name, target_group=item.target_group, channels=item.channels,
                   start=item.start, end=item.end, reach=item.reach, indicator=item.indicator,
                   areas=item.areas, comparison=item.comparison, survey_before=item.survey_before,
                   survey_after=item.survey_after, survey_question=item.survey_question, created_by=by)
    session.add(row)
    session.flush()
    return row


def campaigns(session: Session) -> list[Campaign]:
    return list(session.scalars(select(Campaign).order_by(Campaign.start)))


def campaign(session: Session, campaign_id: int) -> Campaign:
    row = session.get(Campaign, campaign_id)
    if row is None:
        raise NotFound(f"no campaign {campaign_id}")
    return row
