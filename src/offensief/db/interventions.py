"""Interventions, the persons/companies/assets they concern, seized items, money, effects."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from offensief.db.base import Base, utcnow


class Intervention(Base):
    """One barrier raised (or proposed) in a case by a responsible partner."""

    __tablename__ = "interventions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    instrument: Mapped[str] = mapped_column(String(40))
    partner: Mapped[str] = mapped_column(String(32))
    legal_basis: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(String(40))
    measure: Mapped[str | None] = mapped_column(String(64), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    plan_rank: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(Text, nullable=True)
    proposed_by: Mapped[str] = mapped_column(String(64))
    proposed_on: Mapped[date] = mapped_column(Date)
    approved_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    approved_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    executed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    result_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    cancelled_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    subjects: Mapped[list[InterventionSubject]] = relationship(
        back_populates="intervention", cascade="all, delete-orphan", lazy="selectin")
    events: Mapped[list[InterventionEvent]] = relationship(
        back_populates="intervention", cascade="all, delete-orphan", lazy="selectin",
        order_by="InterventionEvent.id")
    items: Mapped[list[SeizedItem]] = relationship(
        back_populates="intervention", cascade="all, delete-orphan", lazy="selectin")
    money: Mapped[list[RecoveryAmount]] = relationship(
        back_populates="intervention", cascade="all, delete-orphan", lazy="selectin")


class InterventionSubject(Base):
    """A person, company or asset (entity id) an intervention concerns."""

    __tablename__ = "intervention_subjects"

    intervention_id: Mapped[int] = mapped_column(ForeignKey("interventions.id"), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # person | company | asset
    role: Mapped[str | None] = mapped_column(String(40), nullable=True)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)

    intervention: Mapped[Intervention] = relationship(back_populates="subjects")


class InterventionEvent(Base):
    """One status change, by whom, under which rule."""

    __tablename__ = "intervention_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    intervention_id: Mapped[int] = mapped_column(ForeignKey("interventions.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_status: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(64))
    partner: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(Text)
    dated: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    intervention: Mapped[Intervention] = relationship(back_populates="events")


class SeizedItem(Base):
    """What was seized: kind, identifier (a weapon's serial, an IBAN, a plate), value, entity."""

    __tablename__ = "seized_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    intervention_id: Mapped[int] = mapped_column(ForeignKey("interventions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    identifier: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    entity_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    value_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    seized_on: Mapped[date] = mapped_column(Date)

    intervention: Mapped[Intervention] = relationship(back_populates="items")


class RecoveryAmount(Base):
    """A confiscation order, a collection, a fiscal assessment or fiscal collection."""

    __tablename__ = "recovery_amounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    intervention_id: Mapped[int] = mapped_column(ForeignKey("interventions.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    cents: Mapped[int] = mapped_column(BigInteger)
    dated: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(200), default="")

    intervention: Mapped[Intervention] = relationship(back_populates="money")


class EffectMeasurement(Base):
    """The network re-analysed after interventions: predicted against observed (JSON)."""

    __tablename__ = "effect_measurements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    observed_on: Mapped[date] = mapped_column(Date)
    months_after: Mapped[int] = mapped_column(Integer)
    later_datasets: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    measured_by: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
