"""All operational-store models in one import (Alembic's target metadata)."""

from offensief.db.actors import ApiToken, LoginAttempt, Partner, User
from offensief.db.base import Base
from offensief.db.cases import Case, CaseDataset, CaseMember, LegalHold
from offensief.db.protect import (
    ProtectContact,
    ProtectMeasure,
    ProtectMove,
    ProtectProduct,
    ProtectReport,
    ProtectReview,
    ProtectSignal,
    ProtectSubject,
    ProtectThreatener,
)
from offensief.db.records import AuditEntry, AuditHead, Judgement

metadata = Base.metadata

__all__ = [
    "ApiToken",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Case",
    "CaseDataset",
    "CaseMember",
    "Judgement",
    "LegalHold",
    "LoginAttempt",
    "Partner",
    "ProtectContact",
    "ProtectMeasure",
    "ProtectMove",
    "ProtectProduct",
    "ProtectReport",
    "ProtectReview",
    "ProtectSignal",
    "ProtectSubject",
    "ProtectThreatener",
    "User",
    "metadata",
]
