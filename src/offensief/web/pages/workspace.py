"""The case workspace: the network view (data comes from the network API) and the roles."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from offensief.api.deps import CaseId, Context, context
from offensief.casework import findings
from offensief.casework.cases import case_summary, dataset_rows, open_case
from offensief.casework.pipeline import case_analysis
from offensief.web.pages.common import render

router = APIRouter()


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def network_page(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    case, ref = open_case(ctx.caller, case_id, what={"view": "workspace"})
    rows = dataset_rows(ctx.caller, case, ref)
    return render(ctx, "case_network.html", tab="network", case=case_summary(case),
                  clear=[d.name for d in rows if d.visibility == "clear"],
                  tokens=[d.name for d in rows if d.visibility != "clear"])


@router.get("/cases/{case_id}/roles", response_class=HTMLResponse)
def roles_page(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    caller = ctx.caller
    case, ref = open_case(caller, case_id, what={"view": "roles"})
    view = ctx.view(case)
    result, job = case_analysis(caller, ref, view)
    if job is not None or result is None:
        return render(ctx, "case_roles.html", tab="roles", case=case_summary(case),
                      pending=job.to_dict() if job else None)
    rows = findings.roles(view, result)
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row.role, []).append(row.to_dict())
    basis = rows[0].basis.to_dict() if rows else None
    return render(ctx, "case_roles.html", tab="roles", case=case_summary(case),
                  by_role=list(grouped.items()), pending=None, basis=basis)
