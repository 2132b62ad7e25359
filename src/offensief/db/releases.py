"""Findings released to a partner: an explicit, audited act with its legal ground."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from offensief.db.base import Base, utcnow


class FindingRelease(Base):
    """One finding (as the releasing member saw it in clear) provided to one partner."""

    __tablename__ = "finding_releases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200))
    recipient: Mapped[str] = mapped_column(String(64), index=True)
    legal_ground: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text)
    finding: Mapped[str] = mapped_column(Text)  # canonical JSON
    inputs: Mapped[str] = mapped_column(Text)  # JSON list of datasets
    released_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    released_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
