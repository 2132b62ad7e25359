"""Cases: create, list, members, attached datasets, releases, close and archive.

Every read of personal data happens inside a case; these functions keep the case's
membership and datasets, and record every change in the audit log.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.access import audit, caseref
from offensief.access.actors import get_partner, get_user
from offensief.access.caseref import case_ref
from offensief.access.policy import Actor, Resource, require
from offensief.access.rules import LEVELS
from offensief.db.base import utcnow
from offensief.db.cases import Case, CaseDataset, CaseMember
from offensief.model.dataset import REGIMES, Dataset
from offensief.model.errors import Conflict, InputError, NotFound

#: Re-exported: ``cases.service.get_case`` (the loader lives in access, which needs it too).
get_case = caseref.get_case


def create_case(
    session: Session,
    *,
    name: str,
    level: str,
    phenomenon: str,
    owner: str,
    purpose: str,
    legal_basis: str,
    actor: Actor | None = None,
) -> Case:
    """Open a case owned by partner ``owner``; the creating actor becomes its first member."""
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}; known: {', '.join(LEVELS)}", field="level")
    for field, value in (("name", name), ("purpose", purpose), ("legal_basis", legal_basis),
                         ("phenomenon", phenomenon)):
        if not value or not value.strip():
            raise InputError(f"a case needs a {field}", field=field)
    if actor is not None:
        require(actor, "case_manage")
    if session.scalar(select(Case).where(Case.name == name)) is not None:
        raise Conflict(f"case {name!r} already exists")
    case = Case(name=name, level=level, phenomenon=phenomenon, owner=get_partner(session, owner),
                purpose=purpose, legal_basis=legal_basis, status="open")
    session.add(case)
    session.flush()
    if actor is not None and actor.id:
        case.members.append(CaseMember(user_id=actor.id))
    session.flush()
    audit.record(session, actor=actor, action="case_create", case_id=case.id, purpose=purpose,
                 what={"case": name, "level": level, "owner": owner, "legal_basis": legal_basis})
    return case


def list_cases(session: Session, *, actor: Actor | None = None) -> list[Case]:
    """All cases (admins, jobs) or only the cases ``actor`` is a member of."""
    cases = list(session.scalars(select(Case).order_by(Case.id)))
    if actor is None or "admin" in actor.roles:
        return cases
    return [c for c in cases if any(m.user_id == actor.id for m in c.members)]


def _manage(session: Session, case: Case, actor: Actor | None) -> None:
    if actor is not None:
        require(actor, "case_manage", Resource(case=case_ref(case)))


def add_member(session: Session, *, case: Case, username: str, actor: Actor | None = None) -> CaseMember:
    """Add a user to a case (a permission change: audited)."""
    _manage(session, case, actor)
    user = get_user(session, username)
    if any(m.user_id == user.id for m in case.members):
        raise Conflict(f"{username!r} is already a member of case {case.name!r}")
    member = CaseMember(user_id=user.id)
    case.members.append(member)
    session.flush()
    audit.record(session, actor=actor, action="case_member_add", case_id=case.id,
                 what={"case": case.name, "user": username, "partner": user.partner.name})
    return member


def remove_member(session: Session, *, case: Case, username: str, actor: Actor | None = None) -> None:
    _manage(session, case, actor)
    user = get_user(session, username)
    member = next((m for m in case.members if m.user_id == user.id), None)
    if member is None:
        raise NotFound(f"{username!r} is not a member of case {case.name!r}")
    case.members.remove(member)
    session.flush()
    audit.record(session, actor=actor, action="case_member_remove", case_id=case.id,
                 what={"case": case.name, "user": username})


def attach_dataset(session: Session, *, case: Case, dataset: Dataset,
                   actor: Actor | None = None) -> CaseDataset:
    """Attach a dataset (with its partner and regime) to a case."""
    _manage(session, case, actor)
    if dataset.regime not in REGIMES:
        raise InputError(f"unknown regime {dataset.regime!r}", field="regime")
    if any(d.dataset == dataset.name for d in case.datasets):
        raise Conflict(f"dataset {dataset.name!r} is already attached to case {case.name!r}")
    link = CaseDataset(dataset=dataset.name, partner=dataset.partner, regime=dataset.regime)
    case.datasets.append(link)
    session.flush()
    audit.record(session, actor=actor, action="case_attach", case_id=case.id,
                 what={"case": case.name, "dataset": dataset.name, "regime": dataset.regime})
    return link


def release_dataset(session: Session, *, case: Case, dataset: str, reason: str,
                    actor: Actor | None = None) -> CaseDataset:
    """Release a dataset to every member of the case (e.g. tax data under art. 43c UR Awr).

    Only a member of the supplying partner (or a job) may release its data.
    """
    _manage(session, case, actor)
    link = next((d for d in case.datasets if d.dataset == dataset), None)
    if link is None:
        raise NotFound(f"dataset {dataset!r} is not attached to case {case.name!r}")
    if actor is not None and actor.partner_kind != link.partner and actor.partner != link.partner:
        raise Conflict(f"only the supplying partner {link.partner!r} can release {dataset!r}")
    if not reason.strip():
        raise InputError("a release needs a reason", field="reason")
    link.released, link.release_reason = True, reason
    audit.record(session, actor=actor, action="case_release", case_id=case.id, purpose=reason,
                 what={"case": case.name, "dataset": dataset})
    return link


def close_case(session: Session, *, case: Case, actor: Actor | None = None,
               archive: bool = False) -> Case:
    """Close (or archive) a case; this starts the ``case+PERIOD`` retention clocks."""
    _manage(session, case, actor)
    if case.status == "archived" or (case.status == "closed" and not archive):
        raise Conflict(f"case {case.name!r} is already {case.status}")
    case.status = "archived" if archive else "closed"
    case.closed_at = case.closed_at or utcnow()
    audit.record(session, actor=actor, action="case_archive" if archive else "case_close",
                 case_id=case.id, what={"case": case.name, "status": case.status})
    return case
