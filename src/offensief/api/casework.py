"""Shared by the API routes and the pages: load a case through the policy, describe it."""

from __future__ import annotations

from typing import Any

from offensief.access.policy import CaseRef, DatasetRef, clear_access
from offensief.api.deps import Context
from offensief.cases.service import case_ref, get_case
from offensief.db.cases import Case
from offensief.model.errors import NotFound, PermissionDenied


def open_case(ctx: Context, case_id: int, *, action: str = "read_pseudonymised",
              what: dict[str, Any] | None = None) -> tuple[Case, CaseRef]:
    """The case, if the actor may ``action`` in it (audited); unknown and forbidden look alike
    to non-members, so case names do not leak."""
    try:
        case = get_case(ctx.db, int(case_id))
    except NotFound:
        raise NotFound(f"no case {case_id} that you are a member of", case=case_id) from None
    ref = case_ref(case)
    if ctx.actor.id not in ref.member_ids and "admin" not in ctx.actor.roles:
        ctx.audit("denied", what={"action": action, "case": case_id, "rule": "not a member"})
        raise NotFound(f"no case {case_id} that you are a member of", case=case_id)
    ctx.allow(action, case=ref, what=what)
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


def visibility(ctx: Context, ref: CaseRef, dataset: DatasetRef) -> str:
    """``clear`` or ``tokens``: how this actor sees a dataset of the case."""
    return "clear" if clear_access(ctx.actor, ref, dataset) else "tokens"


def dataset_rows(ctx: Context, case: Case, ref: CaseRef) -> list[dict[str, Any]]:
    """The case's datasets with how the actor sees each."""
    return [
        {"name": d.dataset, "partner": d.partner, "regime": d.regime, "released": d.released,
         "visibility": visibility(ctx, ref, ref.datasets[d.dataset])}
        for d in sorted(case.datasets, key=lambda d: d.dataset)
    ]


def member_rows(case: Case) -> list[dict[str, Any]]:
    return [
        {"username": m.user.username, "partner": m.user.partner.name, "roles": list(m.user.roles)}
        for m in sorted(case.members, key=lambda m: m.user.username)
    ]


def require_member(ref: CaseRef, ctx: Context) -> None:
    if ctx.actor.id not in ref.member_ids:
        raise PermissionDenied("you are not a member of this case", rule="membership")
