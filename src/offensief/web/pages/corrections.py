"""Correction requests in the browser, all through :mod:`offensief.casework.corrections`.

``/corrections`` lists the requests to the caller's organisation's datasets (its loaders
accept or reject them with a note) and those its organisation made. The entity profile
offers a request form for values of another partner's dataset where the policy allows
``request_correction``; the request is posted here.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form
from fastapi.responses import HTMLResponse, Response

from offensief.access.policy import supplies
from offensief.api.deps import CaseId, Context, context
from offensief.casework import corrections
from offensief.casework.cases import find_case
from offensief.model.errors import InputError, OffensiefError
from offensief.web.pages.common import redirect, render

router = APIRouter()


@router.get("/corrections", response_class=HTMLResponse)
def corrections_page(ctx: Context = Depends(context)) -> Response:
    rows = corrections.listing(ctx.caller)
    incoming = [r for r in rows if supplies(ctx.actor, r.partner)]
    made = [r for r in rows if r.requester_partner == ctx.actor.partner]
    return render(ctx, "corrections.html", incoming=incoming, made=made,
                  loader=corrections.is_loader(ctx.caller))


@router.post("/corrections/{request_id}/decision")
def decide(request_id: int, ctx: Context = Depends(context), decision: str = Form(..., max_length=10),
           note: str = Form("", max_length=2000)) -> Response:
    """Accept or reject (only a loader of the supplying partner; others get the 404 page)."""
    if decision not in {"accept", "reject"}:
        raise InputError("decision is accept or reject", field="decision")
    corrections.decide(ctx.caller, request_id=request_id, accept=decision == "accept", note=note)
    return redirect("/corrections")


@router.post("/cases/{case_id}/corrections", response_class=HTMLResponse)
def request_fragment(case_id: CaseId, ctx: Context = Depends(context),
                     target: str = Form(..., max_length=600), value: str = Form("", max_length=2000),
                     reason: str = Form("", max_length=2000)) -> Response:
    """File a request from the profile form (an htmx fragment with the outcome; a non-member
    gets the unknown case's answer, as on every case page)."""
    find_case(ctx.caller, case_id)
    parts = target.split("::", 2)
    try:
        if len(parts) != 3:
            raise InputError("choose the value to correct", field="target")
        dataset, prop, entity_id = parts
        made = corrections.request(ctx.caller, case_id=case_id, dataset=dataset, entity_id=entity_id,
                                   prop=prop, value=value, reason=reason)
    except OffensiefError as exc:
        return render(ctx, "correction_result.html", status_code=200, error=str(exc))
    return render(ctx, "correction_result.html", made=made)
