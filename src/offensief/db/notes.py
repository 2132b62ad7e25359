"""Analysts' annotations of a case: notes on nodes and links, and saved canvas views."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from offensief.db.base import Base, utcnow


class CaseNote(Base):
    """A note on an entity (``other_id`` empty) or on a link between two entities, shared
    with the case's members; ``inputs`` are the datasets the author saw the entity (or both
    ends) in, so a reader who may not read them in clear sees the note against tokens."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    entity_id: Mapped[str] = mapped_column(String(200), index=True)
    other_id: Mapped[str] = mapped_column(String(200), default="")
    relation: Mapped[str] = mapped_column(String(60), default="")
    text: Mapped[str] = mapped_column(Text)
    inputs: Mapped[str] = mapped_column(Text)  # JSON list of datasets
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CaseCanvas(Base):
    """A named view of the workbench canvas: selection, filters, period and positions (JSON)."""

    __tablename__ = "case_canvases"
    __table_args__ = (UniqueConstraint("case_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(Text)
    saved_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
