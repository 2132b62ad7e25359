"""Prevention by area: areas, indicator values (aggregates only), postcode keys, loads,
prevention tracks and drug-normalisation campaigns. No table here holds a person."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from offensief.db.base import Base, utcnow


class AreaRecord(Base):
    """A gemeente, wijk or buurt by CBS code; ``outline`` is GeoJSON geometry text."""

    __tablename__ = "areas"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(12), index=True)
    outline: Mapped[str | None] = mapped_column(Text, nullable=True)
    outline_source: Mapped[str | None] = mapped_column(String(200), nullable=True)


class AreaPostcode(Base):
    """Which buurt a four-digit postcode lies in (to count store records by area)."""

    __tablename__ = "area_postcodes"

    postcode: Mapped[str] = mapped_column(String(4), primary_key=True)
    area: Mapped[str] = mapped_column(ForeignKey("areas.code"))


class AreaLoad(Base):
    """One load of an area file (re-loading identical content changes nothing)."""

    __tablename__ = "area_loads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    rows: Mapped[int] = mapped_column(Integer)
    loaded_by: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AreaValue(Base):
    """A count per area, indicator and period, with the base it is a share of."""

    __tablename__ = "area_values"
    __table_args__ = (UniqueConstraint("area", "indicator", "period", name="uq_area_values_cell"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area: Mapped[str] = mapped_column(ForeignKey("areas.code"), index=True)
    indicator: Mapped[str] = mapped_column(String(40), index=True)
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[int] = mapped_column(Integer)
    base: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str] = mapped_column(String(500))


class PreventionTrack(Base):
    """An intervention in an area on one of the four tracks, with aggregate figures only."""

    __tablename__ = "prevention_tracks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area: Mapped[str] = mapped_column(ForeignKey("areas.code"), index=True)
    track: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date, nullable=True)
    budget: Mapped[float] = mapped_column(Float)
    participants: Mapped[int] = mapped_column(Integer)
    outputs: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    outcomes: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Campaign(Base):
    """A drug-normalisation campaign: who it aims at, how, when, reach and survey results."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    target_group: Mapped[str] = mapped_column(String(200))
    channels: Mapped[list[str]] = mapped_column(JSON, default=list)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    reach: Mapped[int] = mapped_column(Integer)
    survey_before: Mapped[float | None] = mapped_column(Float, nullable=True)
    survey_after: Mapped[float | None] = mapped_column(Float, nullable=True)
    survey_question: Mapped[str | None] = mapped_column(Text, nullable=True)
    indicator: Mapped[str] = mapped_column(String(40))
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    comparison: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
