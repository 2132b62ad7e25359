"""Resolution judgements: an analyst's verdict that two source entities are (not) the same.

>>> add_judgement(session, left_id="a", right_id="b", verdict="same",
...               actor=actor, reason="same BSN")             # doctest: +SKIP
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.access import audit
from offensief.access.caseref import case_ref
from offensief.access.policy import Actor, Resource, require
from offensief.db.base import utcnow
from offensief.db.cases import Case
from offensief.db.records import Judgement
from offensief.model.errors import InputError, NotFound

VERDICTS = ("same", "not_same", "unsure")


def add_judgement(
    session: Session,
    *,
    left_id: str,
    right_id: str,
    verdict: str,
    actor: Actor,
    reason: str,
    case: Case | None = None,
) -> Judgement:
    """Record a verdict (ids are stored in sorted order); audited."""
    if verdict not in VERDICTS:
        raise InputError(f"unknown verdict {verdict!r}; known: {', '.join(VERDICTS)}", field="verdict")
    if not reason.strip():
        raise InputError("a judgement needs a reason", field="reason")
    if left_id == right_id:
        raise InputError("a judgement needs two different ids", field="right_id")
    require(actor, "judge", Resource(case=case_ref(case)) if case is not None else None)
    left, right = sorted((left_id, right_id))
    judgement = Judgement(left_id=left, right_id=right, verdict=verdict, actor_id=actor.id,
                          case_id=case.id if case is not None else None, reason=reason)
    session.add(judgement)
    session.flush()
    audit.record(session, actor=actor, action="judge", case_id=judgement.case_id, purpose=reason,
                 what={"judgement": judgement.id, "left": left, "right": right, "verdict": verdict})
    return judgement


def revoke_judgement(session: Session, *, judgement_id: int, actor: Actor, reason: str) -> Judgement:
    """Revoke a judgement (kept for the record, no longer active); audited."""
    judgement = session.get(Judgement, judgement_id)
    if judgement is None or judgement.revoked_at is not None:
        raise NotFound(f"no active judgement {judgement_id}")
    case = session.get(Case, judgement.case_id) if judgement.case_id is not None else None
    require(actor, "judge", Resource(case=case_ref(case)) if case is not None else None)
    judgement.revoked_at = utcnow()
    audit.record(session, actor=actor, action="judge_revoke", case_id=judgement.case_id,
                 purpose=reason, what={"judgement": judgement_id})
    return judgement


def active_judgements(session: Session, *, case_id: int | None = None) -> list[Judgement]:
    """Judgements not revoked, oldest first (optionally only those of one case)."""
    query = select(Judgement).where(Judgement.revoked_at.is_(None)).order_by(Judgement.id)
    if case_id is not None:
        query = query.where(Judgement.case_id == case_id)
    return list(session.scalars(query))
