"""The audit log for auditors: entries and chain verification."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from offensief.access import audit
from offensief.api.deps import Context, context

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get("")
def audit_entries(
    ctx: Context = Depends(context),
    case_id: int | None = Query(None, ge=0, le=2_147_483_647),
    actor: str | None = Query(None, max_length=64),
    action: str | None = Query(None, max_length=40),
    limit: int = Query(100, ge=1, le=1000),
) -> list[dict[str, Any]]:
    """The latest entries, newest first (auditors only; the read is itself audited)."""
    ctx.allow("audit_read", what={"case_id": case_id, "actor": actor, "action": action})
    ctx.flush_audit()  # the listing shows this read too
    return audit.entries(ctx.db, case_id=case_id, actor=actor, action=action, limit=limit)


@router.get("/verify")
def audit_verify(ctx: Context = Depends(context)) -> dict[str, Any]:
    """Walk the hash chain; ``broken_seq`` names the first edited, deleted or moved entry."""
    ctx.allow("audit_read", audit_as="")
    result = audit.verify(ctx.db).to_dict()
    ctx.audit("audit_verify", what={"ok": result["ok"], "checked": result["checked"]})
    return result
