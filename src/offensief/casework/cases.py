"""Opening a case for a caller, and describing it (no personal data).

Every front end opens a case here: :func:`open_case` loads it, refuses non-members exactly as
it refuses unknown cases (so case names do not leak), asks the policy and audits.
"""

from __future__ import annotations

from typing import Any

from offensief.access.caseref import case_ref, get_case
from offensief.access.policy import CaseRef, DatasetRef
from offensief.casework.caller import Caller
from offensief.db.cases import Case
from offensief.model.errors import NotFound


def open_case(caller: Caller, case_id: int | str, *, action: str = "read_pseudonymised",
              what: dict[str, Any] | None = None) -> tuple[Case, CaseRef]:
    """The case, if the caller may ``action`` in it (audited); unknown and forbidden look
    alike to non-members, so case names do not leak."""
    try:
        case = get_case(caller.session(), case_id)
    except NotFound:
        raise NotFound(f"no case {case_id} that you are a member of", case=case_id) from None
    ref = case_ref(case)
    if caller.actor.id not in ref.member_ids and "admin" not in caller.actor.roles:
        caller.audit("denied", what={"action": action, "case": str(case_id), "rule": "not a member"})
        raise NotFound(f"no case {case_id} that you are a member of", case=case_id)
    caller.allow(action, case=ref, what=what)
    return case, ref


def case_summary(case: Case) -> dict[str, Any]:
    """The public description of a case (no personal data)."""
    return {
        "id": case.id, "name": case.name, "level": case.level, "phenomenon": case.phenomenon,
        "owner": case.owner.name, "purpose": case.purpose, "legal_basis": case.legal_basis,
        "status": case.status, "created_at": case.created_at,
        "datasets": sorted(d.dataset for d in case.datasets),
        "members": sorted(m.user.username for m in case.members),
    }


def visibility(caller: Caller, ref: CaseRef, dataset: DatasetRef) -> str:
    """``clear`` or ``tokens``: how this caller sees a dataset of the case — the same
    decision the case view takes (role, membership and regime), so the page tells the truth
    (a protection officer of the police sees police data as tokens: the role reads none)."""
    return "clear" if caller.can("read", case=ref, dataset=dataset.name) else "tokens"


def dataset_rows(caller: Caller, case: Case, ref: CaseRef) -> list[dict[str, Any]]:
    """The case's datasets with how the caller sees each."""
    return [
        {"name": d.dataset, "partner": d.partner, "regime": d.regime, "released": d.released,
         "visibility": visibility(caller, ref, ref.datasets[d.dataset])}
        for d in sorted(case.datasets, key=lambda d: d.dataset)
    ]


def member_rows(case: Case) -> list[dict[str, Any]]:
    return [
        {"username": m.user.username, "partner": m.user.partner.name, "roles": list(m.user.roles)}
        for m in sorted(case.members, key=lambda m: m.user.username)
    ]
