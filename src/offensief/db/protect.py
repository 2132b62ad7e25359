"""The protection register (bewaken en beveiligen): subjects, threat reports, threateners,
products, measures, re-evaluations, contact log and signals.

Every row belongs to one subject; the subject carries the compartment (the responsible unit
and the competent authority's partner) that decides who may read any of it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from offensief.db.base import Base, utcnow


class ProtectSubject(Base):
    """A protected person, object or service, with its compartment and workflow state."""

    __tablename__ = "protect_subjects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # person | object | service
    name: Mapped[str] = mapped_column(String(200))
    profession: Mapped[str] = mapped_column(String(40))
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    address: Mapped[str | None] = mapped_column(String(300), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    region: Mapped[str] = mapped_column(String(60))
    domain: Mapped[str] = mapped_column(String(16))  # decentral | rijk
    authority: Mapped[str] = mapped_column(String(16))  # mayor | hovj | cbb
    authority_partner: Mapped[str] = mapped_column(String(64), index=True)
    unit_partner: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(16), default="registered")
    threat_level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    closure_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    reports: Mapped[list[ProtectReport]] = relationship(
        back_populates="subject", cascade="all, delete-orphan", lazy="selectin",
        order_by="ProtectReport.id")
    threateners: Mapped[list[ProtectThreatener]] = relationship(
        back_populates="subject", cascade="all, delete-orphan", lazy="selectin",
        order_by="ProtectThreatener.id")
    products: Mapped[list[ProtectProduct]] = relationship(
        back_populates="subject", cascade="all, delete-orphan", lazy="selectin",
        order_by="ProtectProduct.id")
    measures: Mapped[list[ProtectMeasure]] = relationship(
        back_populates="subject", cascade="all, delete-orphan", lazy="selectin",
        order_by="ProtectMeasure.id")
    reviews: Mapped[list[ProtectReview]] = relationship(
        back_populates="subject", cascade="all, delete-orphan", lazy="selectin",
        order_by="ProtectReview.id")
    contacts: Mapped[list[ProtectContact]] = relationship(
        back_populates="subject", cascade="all, delete-orphan", lazy="selectin",
        order_by="ProtectContact.id")
    signals: Mapped[list[ProtectSignal]] = relationship(
        back_populates="subject", cascade="all, delete-orphan", lazy="selectin",
        order_by="ProtectSignal.id")
    moves: Mapped[list[ProtectMove]] = relationship(
        back_populates="subject", cascade="all, delete-orphan", lazy="selectin",
        order_by="ProtectMove.id")


class ProtectReport(Base):
    """A threat report (dreigingsmelding) as received: source, date, classification."""

    __tablename__ = "protect_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("protect_subjects.id"), index=True)
    source: Mapped[str] = mapped_column(String(200))
    reported_on: Mapped[date] = mapped_column(Date)
    classification: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64))

    subject: Mapped[ProtectSubject] = relationship(back_populates="reports")


class ProtectThreatener(Base):
    """Who threatens, as named in a report; optionally linked to a store entity and a case.

    ``checked_at`` is when the analytical store was last searched for their new activity."""

    __tablename__ = "protect_threateners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("protect_subjects.id"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("protect_reports.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    entity_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True)
    checked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    subject: Mapped[ProtectSubject] = relationship(back_populates="threateners")


class ProtectProduct(Base):
    """One information product of the chain melding → IRD → DI → DA → RA."""

    __tablename__ = "protect_products"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("protect_subjects.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    author_org: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[date] = mapped_column(Date)
    conclusion: Mapped[str] = mapped_column(String(16))  # concrete | conceivable | none
    threat_level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    decision: Mapped[str] = mapped_column(Text, default="")
    requests: Mapped[str | None] = mapped_column(String(8), nullable=True)
    requested_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[str] = mapped_column(String(64))

    subject: Mapped[ProtectSubject] = relationship(back_populates="products")


class ProtectMeasure(Base):
    """A decided measure: level, executing unit, start and (once ended) end."""

    __tablename__ = "protect_measures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("protect_subjects.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(16))
    start_on: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_by: Mapped[str] = mapped_column(String(64))

    subject: Mapped[ProtectSubject] = relationship(back_populates="measures")


class ProtectReview(Base):
    """A planned re-evaluation and, once held, its date and outcome."""

    __tablename__ = "protect_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("protect_subjects.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    outcome: Mapped[str | None] = mapped_column(Text, nullable=True)

    subject: Mapped[ProtectSubject] = relationship(back_populates="reviews")


class ProtectContact(Base):
    """One contact with the protected person (the communication log)."""

    __tablename__ = "protect_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("protect_subjects.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    channel: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(64))

    subject: Mapped[ProtectSubject] = relationship(back_populates="contacts")


class ProtectMove(Base):
    """One workflow transition: from, to, who (and for which side), why."""

    __tablename__ = "protect_moves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("protect_subjects.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(String(64))
    side: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")

    subject: Mapped[ProtectSubject] = relationship(back_populates="moves")


class ProtectSignal(Base):
    """A signal for the subject's officers: new activity of a threatener, or a hit of the
    subject's identifiers in a case. Holds kinds, counts, dates and whom to contact — never
    the case content."""

    __tablename__ = "protect_signals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("protect_subjects.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # activity | hit
    threatener_id: Mapped[int | None] = mapped_column(
        ForeignKey("protect_threateners.id", ondelete="SET NULL"), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    what: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reference: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seen_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    subject: Mapped[ProtectSubject] = relationship(back_populates="signals")
