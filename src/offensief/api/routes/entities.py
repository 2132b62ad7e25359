"""Entity profiles, reveal with a reason, and hit/no-hit lookups."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from offensief.access.hits import hit
from offensief.access.reveal import reveal
from offensief.api.deps import CaseId, Context, context
from offensief.api.schemas import HitIn, RevealIn
from offensief.casework.cases import open_case
from offensief.casework.profile import entity_profile

router = APIRouter(prefix="/api/cases/{case_id}", tags=["entities"])


@router.get("/entities/{entity_id}")
def profile(case_id: CaseId, entity_id: str, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Every value of an entity with partner, dataset, regime and first/last seen (tokens
    where the caller may not see in clear), and its relations."""
    case, _ = open_case(ctx.caller, case_id, what={"entity": entity_id}, action="read_pseudonymised")
    view = ctx.view(case)
    return entity_profile(view, entity_id)


@router.post("/reveal")
def reveal_token(case_id: CaseId, body: RevealIn, ctx: Context = Depends(context)) -> list[dict[str, Any]]:
    """The clear value behind a token, where the caller may reveal it; the reason is logged."""
    case, _ = open_case(ctx.caller, case_id, what={"reveal": body.value}, action="read_pseudonymised")
    return reveal(ctx.store, ctx.db, actor=ctx.actor, case=case, token=body.value,
                  reason=body.reason, secret=ctx.workspace.secret)


@router.post("/hit")
def hit_lookup(case_id: CaseId, body: HitIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Is this identifier known in another case? Only yes/no and the partners to contact."""
    case, _ = open_case(ctx.caller, case_id, what={"hit": body.kind}, action="read_pseudonymised")
    return hit(ctx.store, ctx.db, actor=ctx.actor, kind=body.kind, value=body.value,
               birth_date=body.birth_date, case=case, secret=ctx.workspace.secret)
