"""Server-side web sessions and correction requests to a dataset's supplying partner."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from offensief.db.base import Base, utcnow


class WebSession(Base):
    """A logged-in browser session. The cookie carries only the random session id; this row
    keeps its SHA-256, so a database reader cannot take a session over. Ended by logout, by
    disabling the user, by a password change, or by the idle and absolute time-outs."""

    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    source: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(40), nullable=True)


class CorrectionRequest(Base):
    """A request to the supplying partner to correct its data: never a write into it."""

    __tablename__ = "correction_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset: Mapped[str] = mapped_column(String(64), index=True)
    partner: Mapped[str] = mapped_column(String(64), index=True)  # the supplier asked
    entity_id: Mapped[str] = mapped_column(String(200))
    prop: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text, default="")  # proposed value ('' = remove)
    reason: Mapped[str] = mapped_column(Text)
    requester: Mapped[str] = mapped_column(String(64))
    requester_partner: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open|accepted|rejected
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
