"""Prevention by area: published indicator tables, maps, tracks and campaigns (aggregates
only, for ``prevent_read``/``prevent_write``)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from offensief.api.deps import Context, context
from offensief.casework import prevent as cw
from offensief.prevent import maps
from offensief.prevent.programme import CampaignInput, TrackInput

router = APIRouter(prefix="/api/prevent", tags=["prevent"])
Code = Field(pattern=r"^(NL01|GM\d{4}|WK\d{6}|BU\d{8})$", max_length=10)


class TrackBody(BaseModel):
    area: str = Code
    track: str = Field(max_length=16)
    kind: str = Field(max_length=32)
    title: str = Field(min_length=1, max_length=200)
    start: date
    end: date | None = None
    budget: float = Field(0.0, ge=0, le=1e12)
    participants: int = Field(0, ge=0, le=10_000_000)
    outputs: dict[str, float] = Field(default_factory=dict, max_length=20)
    outcomes: dict[str, float] = Field(default_factory=dict, max_length=20)


class CampaignBody(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    target_group: str = Field(min_length=1, max_length=200)
    channels: list[str] = Field(min_length=1, max_length=10)
    start: date
    end: date
    reach: int = Field(ge=0, le=100_000_000)
    indicator: str = Field(max_length=40)
    areas: list[str] = Field(min_length=1, max_length=500)
    comparison: list[str] = Field(default_factory=list, max_length=2000)
    survey_before: float | None = Field(None, ge=0, le=100)
    survey_after: float | None = Field(None, ge=0, le=100)
    survey_question: str | None = Field(None, max_length=500)


@router.get("/indicators")
def indicators(ctx: Context = Depends(context),
               indicator: list[str] | None = Query(None, max_length=20)) -> dict[str, Any]:
    """Published tables: withheld cells have ``value: null`` and their ``reason``."""
    return cw.tables_json(cw.indicator_tables(ctx.caller, indicators=indicator or None))


@router.get("/sectors")
def sectors(ctx: Context = Depends(context)) -> dict[str, Any]:
    """Cash-intensive businesses per gemeente and sector (protected like every table)."""
    return asdict(cw.cash_sectors(ctx.caller))


@router.get("/map.svg", response_class=Response)
def map_svg(ctx: Context = Depends(context), indicator: str = Query(..., max_length=40),
            period: str | None = Query(None, max_length=10),
            level: str = Query("buurt", pattern="^(gemeente|wijk|buurt)$")) -> Response:
    """The choropleth as SVG (the same picture ``offensief area map`` writes)."""
    result = cw.area_map(ctx.caller, indicator=indicator, period=period, level=level)
    return Response(maps.svg(result.areas, result.outlines, title=result.title),
                    media_type="image/svg+xml")


@router.get("/tracks")
def tracks(ctx: Context = Depends(context), area: str | None = Query(None, max_length=10),
           track: str | None = Query(None, max_length=16)) -> list[dict[str, Any]]:
    return cw.list_tracks(ctx.caller, area=area, track=track)


@router.post("/tracks", status_code=201)
def add_track(body: TrackBody, ctx: Context = Depends(context)) -> dict[str, Any]:
    return cw.add_track(ctx.caller, TrackInput(**body.model_dump()))


@router.get("/campaigns")
def campaigns(ctx: Context = Depends(context)) -> list[dict[str, Any]]:
    return cw.list_campaigns(ctx.caller)


@router.post("/campaigns", status_code=201)
def add_campaign(body: CampaignBody, ctx: Context = Depends(context)) -> dict[str, Any]:
    return cw.add_campaign(ctx.caller, CampaignInput(**body.model_dump()))


@router.get("/campaigns/{campaign_id}/effect")
def campaign_effect(ctx: Context = Depends(context),
                    campaign_id: int = Path(ge=1, le=2_147_483_647)) -> dict[str, Any]:
    """Difference-in-differences of the campaign's linked indicator, with its interval."""
    return cw.campaign_effect(ctx.caller, campaign_id).to_dict()
