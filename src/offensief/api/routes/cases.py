"""Cases: list, create, show, attach datasets, add members."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from offensief.access.policy import Resource, require
from offensief.api.deps import CaseId, Context, context
from offensief.api.schemas import AttachIn, CaseIn, MemberIn
from offensief.cases import service
from offensief.casework.cases import case_summary, dataset_rows, member_rows, open_case

router = APIRouter(prefix="/api", tags=["cases"])


@router.get("/cases")
def list_cases(ctx: Context = Depends(context)) -> list[dict[str, Any]]:
    """The cases the caller is a member of."""
    ctx.audit("case_list")
    return [case_summary(c).to_json() for c in service.list_cases(ctx.db, actor=ctx.actor)
            if any(m.user_id == ctx.actor.id for m in c.members) or "admin" in ctx.actor.roles]


@router.post("/cases", status_code=201)
def create_case(body: CaseIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Open a case owned by the caller's partner; the caller becomes its first member."""
    require(ctx.actor, "case_manage", Resource())
    case = service.create_case(ctx.db, name=body.name, level=body.level, phenomenon=body.phenomenon,
                               owner=ctx.actor.partner, purpose=body.purpose,
                               legal_basis=body.legal_basis, actor=ctx.actor)
    return case_summary(case).to_json()


@router.get("/cases/{case_id}")
def show_case(case_id: CaseId, ctx: Context = Depends(context)) -> dict[str, Any]:
    """A case with its datasets (and how the caller sees each) and members."""
    case, ref = open_case(ctx.caller, case_id, action="read_pseudonymised", what={"view": "case"})
    return case_summary(case).to_json() | {
        "datasets": [d.to_json() for d in dataset_rows(ctx.caller, case, ref)],
        "members": [m.to_json() for m in member_rows(case)]}


@router.get("/datasets")
def list_datasets(ctx: Context = Depends(context)) -> list[dict[str, Any]]:
    """Registered partner datasets (metadata only: name, partner, regime, purpose), for those
    who may manage cases (to attach them)."""
    ctx.allow("case_manage", audit_as="dataset_list")
    return [d.to_dict() for d in ctx.store.datasets()]


@router.post("/cases/{case_id}/datasets", status_code=201)
def attach(case_id: CaseId, body: AttachIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Attach a registered dataset to the case (case managers only)."""
    case, _ = open_case(ctx.caller, case_id, action="case_manage", what={"attach": body.dataset})
    service.attach_dataset(ctx.db, case=case, dataset=ctx.store.get_dataset(body.dataset), actor=ctx.actor)
    ctx.db.flush()
    ctx.db.refresh(case)
    return case_summary(case).to_json()


@router.post("/cases/{case_id}/members", status_code=201)
def add_member(case_id: CaseId, body: MemberIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Add a user to the case (case managers only)."""
    case, _ = open_case(ctx.caller, case_id, action="case_manage", what={"member": body.username})
    service.add_member(ctx.db, case=case, username=body.username, actor=ctx.actor)
    ctx.db.flush()
    ctx.db.refresh(case)
    return case_summary(case).to_json()
