"""All operational-store models in one import (Alembic's target metadata)."""

from offensief.db.actors import ApiToken, LoginAttempt, Partner, User
from offensief.db.base import Base
from offensief.db.cases import Case, CaseDataset, CaseMember, LegalHold
from offensief.db.integrity import CorrectionRequest, WebSession
from offensief.db.interventions import (
    EffectMeasurement,
    Intervention,
    InterventionEvent,
    InterventionSubject,
    RecoveryAmount,
    SeizedItem,
)
from offensief.db.notes import CaseCanvas, CaseNote
from offensief.db.prevent import (
    AreaLoad,
    AreaPostcode,
    AreaRecord,
    AreaValue,
    Campaign,
    PreventionTrack,
)
from offensief.db.programme import BudgetLine, ProgrammeEntry, ProgrammeLoad
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
from offensief.db.releases import FindingRelease

metadata = Base.metadata

__all__ = [
    "ApiToken",
    "AreaLoad",
    "AreaPostcode",
    "AreaRecord",
    "AreaValue",
    "AuditEntry",
    "AuditHead",
    "Base",
    "BudgetLine",
    "Campaign",
    "Case",
    "CaseCanvas",
    "CaseDataset",
    "CaseMember",
    "CaseNote",
    "CorrectionRequest",
    "EffectMeasurement",
    "FindingRelease",
    "Intervention",
    "InterventionEvent",
    "InterventionSubject",
    "Judgement",
    "LegalHold",
    "LoginAttempt",
    "Partner",
    "PreventionTrack",
    "ProgrammeEntry",
    "ProgrammeLoad",
    "ProtectContact",
    "ProtectMeasure",
    "ProtectMove",
    "ProtectProduct",
    "ProtectReport",
    "ProtectReview",
    "ProtectSignal",
    "ProtectSubject",
    "ProtectThreatener",
    "RecoveryAmount",
    "SeizedItem",
    "User",
    "WebSession",
    "metadata",
]
