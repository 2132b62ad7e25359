"""Prevention pages: area indicators with map and trend, tracks, campaigns and their effect."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, Path, Query
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from offensief.api.deps import Context, context
from offensief.casework import prevent as cw
from offensief.model.errors import InputError, OffensiefError
from offensief.prevent import maps
from offensief.prevent.indicators import INDICATORS
from offensief.prevent.programme import KINDS, TRACKS, TrackInput
from offensief.prevent.tables import PublishedTable
from offensief.web.pages.common import redirect, render

router = APIRouter()
LEVEL = Query("gemeente", pattern="^(gemeente|wijk|buurt)$")


def sparkline(points: list[float | None], *, width: int = 90, height: int = 22) -> Markup:
    """A small inline SVG line of the published values (gaps where withheld)."""
    known = [p for p in points if p is not None]
    if len(known) < 2:
        return Markup('<span class="muted small">–</span>')
    lo, hi = min(known), max(known)
    span = (hi - lo) or 1.0
    step = width / max(1, len(points) - 1)
    segments: list[list[str]] = []
    current: list[str] = []
    for i, p in enumerate(points):
        if p is None:
            if current:
                segments.append(current)
            current = []
            continue
        current.append(f"{i * step:.1f},{height - 2 - (p - lo) / span * (height - 4):.1f}")
    if current:
        segments.append(current)
    lines = "".join(f'<polyline points="{" ".join(s)}" fill="none" stroke="#de2d26" stroke-width="1.5"/>'
                    for s in segments if len(s) > 1)
    return Markup(f'<svg width="{width}" height="{height}" class="spark" aria-hidden="true">{lines}</svg>')


def _rows(table: PublishedTable, level: str) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for row in table.rows:
        if row.level != level:
            continue
        cells = {c.period: c for c in row.cells}
        series = [(cells[p].rate if table.base else cells[p].value) if p in cells else None
                  for p in table.periods]
        first = next((v for v in series if v is not None), None)
        last = next((v for v in reversed(series) if v is not None), None)
        change = None if first is None or last is None or first == 0 or first is last else (last - first) / first
        out.append({"area": row.area, "name": row.name, "cells": [cells.get(p) for p in table.periods],
                    "spark": sparkline(series), "change": change})
    return out


@router.get("/prevent", response_class=HTMLResponse)
def indicators_page(ctx: Context = Depends(context), indicator: str = Query("drug_incidents", max_length=40),
                    level: str = LEVEL, period: str | None = Query(None, max_length=10)) -> Response:
    caller = ctx.caller
    tables = cw.indicator_tables(caller)
    available = [t.indicator for t in tables]
    if indicator not in available:
        indicator = available[0] if available else indicator
    table = next((t for t in tables if t.indicator == indicator), None)
    svg, title = Markup(""), ""
    if table is not None and table.periods:
        result = cw.area_map(caller, indicator=indicator, period=period, level=level)
        svg, title, period = Markup(maps.svg(result.areas, result.outlines, title=result.title)), result.title, result.period
    sectors = cw.cash_sectors(caller) if indicator == "cash_businesses" and table else None
    return render(ctx, "prevent_indicators.html", table=table, rows=_rows(table, level) if table else [],
                  sectors=sectors,
                  indicators=[(k, INDICATORS[k].title) for k in available], indicator=indicator,
                  level=level, period=period, map_svg=svg, map_title=title,
                  threshold=cw.THRESHOLD, rounding=cw.ROUNDING)


@router.get("/prevent/tracks", response_class=HTMLResponse)
def tracks_page(ctx: Context = Depends(context), area: str | None = Query(None, max_length=10)) -> Response:
    rows = cw.list_tracks(ctx.caller, area=area)
    totals: dict[str, float] = {}
    for r in rows:
        totals[r["track"]] = totals.get(r["track"], 0.0) + r["budget"]
    can_write = ctx.caller.can("prevent_write").allowed
    return render(ctx, "prevent_tracks.html", tracks=rows, totals=totals, track_names=TRACKS,
                  kinds=list(KINDS), can_write=can_write, threshold=cw.THRESHOLD)


@router.post("/prevent/tracks")
def tracks_add(ctx: Context = Depends(context), area: str = Form(..., max_length=10),
               track: str = Form(..., max_length=16), kind: str = Form(..., max_length=32),
               title: str = Form(..., max_length=200), start: str = Form(..., max_length=10),
               end: str = Form("", max_length=10), budget: float = Form(0.0, ge=0, le=1e12),
               participants: int = Form(0, ge=0, le=10_000_000)) -> Response:
    try:
        item = TrackInput(area=area.strip().upper(), track=track, kind=kind, title=title,
                          start=date.fromisoformat(start), end=date.fromisoformat(end) if end else None,
                          budget=budget, participants=participants)
    except ValueError:
        raise InputError("dates must be YYYY-MM-DD", field="start") from None
    cw.add_track(ctx.caller, item)
    return redirect("/prevent/tracks")


@router.get("/prevent/campaigns", response_class=HTMLResponse)
def campaigns_page(ctx: Context = Depends(context)) -> Response:
    return render(ctx, "prevent_campaigns.html", campaigns=cw.list_campaigns(ctx.caller))


@router.get("/prevent/campaigns/{campaign_id}", response_class=HTMLResponse)
def campaign_page(ctx: Context = Depends(context), campaign_id: int = Path(ge=1, le=2_147_483_647)) -> Response:
    error = None
    try:
        result = cw.campaign_effect(ctx.caller, campaign_id)
    except InputError as exc:  # too few published cells: say so on the page
        result, error = None, exc.message
    except OffensiefError:
        raise
    campaign = result.campaign if result else next(
        (c for c in cw.list_campaigns(ctx.caller) if c["id"] == campaign_id), None)
    return render(ctx, "prevent_campaign.html", result=result, campaign=campaign, error=error,
                  spec=effect_chart(result) if result else None)


def effect_chart(result: cw.CampaignEffect) -> dict[str, object]:
    """Vega-lite: the mean outcome per period of campaign and comparison areas, campaign start marked."""
    e = result.effect
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json", "width": "container", "height": 260,
        "layer": [
            {"data": {"values": e.means}, "mark": {"type": "line", "point": True},
             "encoding": {"x": {"field": "period", "type": "ordinal", "title": "period"},
                          "y": {"field": "mean", "type": "quantitative", "title": result.outcome,
                                "scale": {"zero": False}},
                          "color": {"field": "group", "type": "nominal", "title": None,
                                    "scale": {"domain": ["campaign areas", "comparison areas"],
                                              "range": ["#de2d26", "#1f5fa8"]}},
                          "tooltip": [{"field": "period"}, {"field": "group"},
                                      {"field": "mean", "format": ".2f"}]}},
            {"data": {"values": [{"period": e.start}]}, "mark": {"type": "rule", "strokeDash": [4, 4]},
             "encoding": {"x": {"field": "period", "type": "ordinal"}}},
        ],
    }
