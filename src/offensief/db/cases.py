"""Cases, their members, attached datasets (with releases) and legal holds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from offensief.db.actors import Partner, User
from offensief.db.base import Base, utcnow


class Case(Base):
    """The purpose every read of personal data happens in."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[str] = mapped_column(String(20))
    phenomenon: Mapped[str] = mapped_column(String(200))
    owner_partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    purpose: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    owner: Mapped[Partner] = relationship(lazy="joined")
    members: Mapped[list[CaseMember]] = relationship(
        back_populates="case", cascade="all, delete-orphan", lazy="selectin"
    )
    datasets: Mapped[list[CaseDataset]] = relationship(
        back_populates="case", cascade="all, delete-orphan", lazy="selectin"
    )


class CaseMember(Base):
    """A user working in a case."""

    __tablename__ = "case_members"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="members")
    user: Mapped[User] = relationship(lazy="joined")


class CaseDataset(Base):
    """A dataset attached to a case, with its regime; ``released`` opens it to all members."""

    __tablename__ = "case_datasets"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    dataset: Mapped[str] = mapped_column(String(64), primary_key=True)
    partner: Mapped[str] = mapped_column(String(64))
    regime: Mapped[str] = mapped_column(String(16))
    attached_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    released: Mapped[bool] = mapped_column(Boolean, default=False)
    release_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    case: Mapped[Case] = relationship(back_populates="datasets")


class LegalHold(Base):
    """Stops the retention clock for one dataset (or every dataset of one case)."""

    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset: Mapped[str | None] = mapped_column(String(64), nullable=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
