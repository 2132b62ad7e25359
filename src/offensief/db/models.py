"""All operational-store models in one import (Alembic's target metadata)."""

from offensief.db.actors import ApiToken, LoginAttempt, Partner, User
from offensief.db.base import Base
from offensief.db.cases import Case, CaseDataset, CaseMember, LegalHold
from offensief.db.records import AuditEntry, AuditHead, Judgement
from offensief.db.releases import FindingRelease

metadata = Base.metadata

__all__ = [
    "ApiToken", "AuditEntry", "AuditHead", "Base", "Case", "CaseDataset", "CaseMember", "FindingRelease",
    "Judgement", "LegalHold", "LoginAttempt", "Partner", "User", "metadata",
]
