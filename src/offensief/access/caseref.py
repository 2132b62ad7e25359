"""The policy's view of a case, loaded from the operational store.

Access decisions need a :class:`~offensief.access.policy.CaseRef` (members, datasets with
their regime); this module builds it from a case row, so ``access`` never has to import the
``cases`` domain (which itself depends on ``access``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.access.policy import CaseRef, DatasetRef
from offensief.db.cases import Case
from offensief.model.errors import NotFound


def case_ref(case: Case) -> CaseRef:
    """The policy's view of a case."""
    return CaseRef(
        id=case.id, name=case.name, status=case.status, owner=case.owner.name,
        member_ids=frozenset(m.user_id for m in case.members),
        datasets={d.dataset: DatasetRef(d.dataset, d.partner, d.regime, d.released)
                  for d in case.datasets},
    )


def get_case(session: Session, name_or_id: str | int) -> Case:
    """A case by name or numeric id."""
    query = select(Case)
    if isinstance(name_or_id, int) or str(name_or_id).isdigit():
        query = query.where(Case.id == int(name_or_id))
    else:
        query = query.where(Case.name == name_or_id)
    case = session.scalar(query)
    if case is None:
        raise NotFound(f"unknown case {name_or_id!r}")
    return case
