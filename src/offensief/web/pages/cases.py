"""Case pages: list, create, datasets and members."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import HTMLResponse, Response

from offensief.access.actors import list_users
from offensief.access.policy import Resource, can
from offensief.access.rules import LEVELS
from offensief.api.deps import CaseId, Context, context
from offensief.cases import service
from offensief.casework.cases import case_summary, dataset_rows, member_rows, open_case
from offensief.casework.loading import start_ingest
from offensief.model.errors import NotFound, OffensiefError
from offensief.web.pages.common import redirect, render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def case_list(ctx: Context = Depends(context)) -> Response:
    ctx.audit("case_list")
    cases = [case_summary(c) for c in service.list_cases(ctx.db, actor=ctx.actor)]
    return render(ctx, "cases.html", cases=cases,
                  can_create=can(ctx.actor, "case_manage", Resource()).allowed)


@router.get("/cases/new", response_class=HTMLResponse)
def case_form(ctx: Context = Depends(context)) -> Response:
    ctx.allow("case_manage", audit_as="")
    return render(ctx, "case_new.html", levels=LEVELS)


@router.post("/cases/new")
def case_create(
    ctx: Context = Depends(context),
    name: str = Form(..., max_length=200),
    level: str = Form(..., max_length=20),
    phenomenon: str = Form(..., max_length=200),
    purpose: str = Form(..., max_length=2000),
    legal_basis: str = Form(..., max_length=2000),
) -> Response:
    ctx.allow("case_manage", audit_as="")
    case = service.create_case(ctx.db, name=name, level=level, phenomenon=phenomenon,
                               owner=ctx.actor.partner, purpose=purpose, legal_basis=legal_basis,
                               actor=ctx.actor)
    return redirect(f"/cases/{case.id}/settings")


@router.get("/cases/{case_id}/settings", response_class=HTMLResponse)
def case_settings(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    try:
        member = ctx.actor.id in service.case_ref(service.get_case(ctx.db, case_id)).member_ids
    except NotFound:
        member = False  # open_case answers an unknown case exactly as a case of others
    # an admin who is no member manages the case (datasets, members) without reading its data
    case, ref = open_case(ctx.caller, case_id, action="read_pseudonymised" if member else "case_manage",
                          what={"view": "settings"})
    attached = {d.dataset for d in case.datasets}
    available = [d for d in ctx.store.datasets() if d.name not in attached]
    members = {m.user_id for m in case.members}
    manage = can(ctx.actor, "case_manage", Resource(case=ref)).allowed
    candidates = [
        {"username": u.username, "partner": u.partner.name}
        for u in (list_users(ctx.db) if manage else []) if u.id not in members and not u.disabled
    ]
    return render(ctx, "case_settings.html", tab="settings", case=case_summary(case),
                  datasets=dataset_rows(ctx.caller, case, ref), members=member_rows(case),
                  available=available, candidates=candidates, can_manage=manage,
                  all_datasets=[d for d in ctx.store.datasets() if d.name in attached])


@router.post("/cases/{case_id}/upload", response_class=HTMLResponse)
def case_upload(case_id: CaseId, ctx: Context = Depends(context),
                dataset: str = Form(..., max_length=64), file: UploadFile = File(...),
                mapping: UploadFile | None = File(None)) -> Response:
    """Load a file into a dataset attached to this case; shows the job's progress."""
    case, _ = open_case(ctx.caller, case_id, action="case_manage", what={"upload": dataset})
    if dataset not in {d.dataset for d in case.datasets}:
        return render(ctx, "hit_result.html", error=f"dataset {dataset!r} is not attached to this case")
    try:
        job = start_ingest(ctx.caller, dataset, file, mapping)
    except OffensiefError as exc:
        return render(ctx, "hit_result.html", error=str(exc))
    return render(ctx, "job_progress.html", job=job.to_dict(), title="Loading", poll=f"/jobs/{job.id}/progress")


@router.post("/cases/{case_id}/datasets")
def case_attach(case_id: CaseId, ctx: Context = Depends(context),
                dataset: str = Form(..., max_length=64)) -> Response:
    case, _ = open_case(ctx.caller, case_id, action="case_manage", what={"attach": dataset})
    service.attach_dataset(ctx.db, case=case, dataset=ctx.store.get_dataset(dataset), actor=ctx.actor)
    return redirect(f"/cases/{case_id}/settings")


@router.post("/cases/{case_id}/members")
def case_member(case_id: CaseId, ctx: Context = Depends(context),
                username: str = Form(..., max_length=64)) -> Response:
    case, _ = open_case(ctx.caller, case_id, action="case_manage", what={"member": username})
    service.add_member(ctx.db, case=case, username=username, actor=ctx.actor)
    return redirect(f"/cases/{case_id}/settings")
