"""The case workspace: the network view (data comes from the network API)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from offensief.api.casework import case_summary, dataset_rows, open_case
from offensief.api.deps import Context, context
from offensief.web.pages.common import render

router = APIRouter()


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def network_page(case_id: int, ctx: Context = Depends(context)) -> Response:
    case, ref = open_case(ctx, case_id, what={"view": "workspace"})
    rows = dataset_rows(ctx, case, ref)
    return render(ctx, "case_network.html", tab="network", case=case_summary(case),
                  clear=[d["name"] for d in rows if d["visibility"] == "clear"],
                  tokens=[d["name"] for d in rows if d["visibility"] != "clear"])
