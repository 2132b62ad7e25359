"""The analyst's workbench page: one search box, results with their datasets, a canvas to
explore out from an entity, a timeline with a brush, a map, and export buttons."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from offensief.api.deps import CaseId, Context, context
from offensief.cases.service import case_ref
from offensief.casework.cases import case_header, find_case
from offensief.casework.explore import RELATIONS
from offensief.casework.search import KINDS, search
from offensief.model.errors import InputError
from offensief.web.i18n import COOKIE, LOCALES
from offensief.web.pages.common import local_url, render

router = APIRouter()


@router.get("/cases/{case_id}/workbench", response_class=HTMLResponse)
def workbench_page(case_id: CaseId, ctx: Context = Depends(context),
                   q: str = Query("", max_length=200), kind: str = Query("", max_length=20),
                   entity: str = Query("", max_length=200)) -> Response:
    """The workbench; with ``q`` the search results (audited as a search), with ``entity``
    that entity already on the canvas."""
    caller = ctx.caller
    case = find_case(caller, case_id)
    result, error = None, None
    if q.strip():
        try:
            result = search(caller, case_id, q, kind=kind or None)
        except InputError as exc:
            error = str(exc)
    else:
        caller.allow("read_pseudonymised", case=case_ref(case), what={"view": "workbench"})
    return render(ctx, "workbench.html", tab="workbench", case=case_header(case), q=q, kind=kind,
                  kinds=KINDS, result=result, error=error, entity=entity, relations=RELATIONS)



@router.get("/lang/{code}")
def switch_language(code: str, request: Request) -> Response:
    """Switch the UI language (``nl`` default, ``en``) and go back to the page."""
    back = local_url(request.headers.get("referer", "").split(str(request.base_url).rstrip("/"), 1)[-1] or "/")
    response = RedirectResponse(back, status_code=303)
    if code in LOCALES:
        response.set_cookie(COOKIE, code, max_age=365 * 86400, httponly=True, samesite="lax")
    return response
