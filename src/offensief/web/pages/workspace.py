"""The case workspace: the network view (data comes from the network API)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from offensief.api.casework import case_summary, dataset_rows, open_case
from offensief.api.deps import CaseId, Context, context
from offensief.api.routes.network import network_of, roles_for_viewer
from offensief.web.pages.common import render

router = APIRouter()


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def network_page(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    case, ref = open_case(ctx, case_id, what={"view": "workspace"})
    rows = dataset_rows(ctx, case, ref)
    return render(ctx, "case_network.html", tab="network", case=case_summary(case),
                  clear=[d["name"] for d in rows if d["visibility"] == "clear"],
                  tokens=[d["name"] for d in rows if d["visibility"] != "clear"])


@router.get("/cases/{case_id}/roles", response_class=HTMLResponse)
def roles_page(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    case, view, result, job = network_of(ctx, case_id, what="roles")
    if job is not None:
        return render(ctx, "case_roles.html", tab="roles", case=case_summary(case), pending=job.to_dict())
    grouped: dict[str, list[dict]] = {}
    for row in roles_for_viewer(view, result or {}):
        grouped.setdefault(row["role"], []).append(row)
    return render(ctx, "case_roles.html", tab="roles", case=case_summary(case),
                  by_role=list(grouped.items()), pending=None)
