"""The audit page: latest entries with filters, and chain verification (htmx)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response

from offensief.access import audit
from offensief.api.deps import Context, context
from offensief.web.pages.common import render

router = APIRouter()

#: Entries per page of the audit log.
PAGE = 50


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    ctx: Context = Depends(context),
    actor: str | None = Query(None, max_length=64),
    action: str | None = Query(None, max_length=40),
    case_id: int | None = Query(None, ge=0, le=2_147_483_647),
    before: int | None = Query(None, ge=1, le=2**62),
) -> Response:
    ctx.allow("audit_read", what={"view": "audit", "actor": actor, "action": action, "before": before})
    rows = audit.entries(ctx.db, case_id=case_id, actor=actor or None, action=action or None,
                         limit=PAGE + 1, before=before)
    older = rows[PAGE - 1]["seq"] if len(rows) > PAGE else None
    filters = {"actor": actor or "", "action": action or "",
               "case_id": case_id if case_id is not None else ""}
    query = urlencode({k: v for k, v in filters.items() if v != ""})
    return render(ctx, "audit.html", entries=rows[:PAGE], older=older, before=before,
                  filters=filters, query=query)


@router.post("/audit/verify", response_class=HTMLResponse)
def audit_verify_fragment(ctx: Context = Depends(context)) -> Response:
    ctx.allow("audit_read", audit_as="")
    result = audit.verify(ctx.db)
    ctx.audit("audit_verify", what={"ok": result.ok, "checked": result.checked})
    return render(ctx, "audit_verify.html", result=result.to_dict())
