"""Rendering helpers shared by the page modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from offensief.access.policy import CaseRef, can
from offensief.access.view import CaseView
from offensief.api.deps import Context
from offensief.casework.caller import Caller
from offensief.casework.cases import open_case
from offensief.casework.jobs import Job
from offensief.model.errors import NotFound, OffensiefError
from offensief.web import i18n

#: A case analysis for the caller's view: its result, or the background job computing it.
Analysis = Callable[[Caller, CaseRef, CaseView], tuple[Any, Job | None]]


def render(ctx: Context, template: str, status_code: int = 200, **data: Any) -> HTMLResponse:
    """Render a page for the logged-in actor (navigation, CSRF token, audit link)."""
    templates = ctx.request.app.state.templates
    i18n.set_language(ctx.request.cookies.get(i18n.COOKIE))
    base = {"actor": ctx.actor.to_dict(), "csrf": ctx.csrf,
            "can_audit": can(ctx.actor, "audit_read").allowed,
            "can_programme": can(ctx.actor, "programme_read").allowed,
            "can_protect": can(ctx.actor, "protect_read").allowed,
            "can_prevent": can(ctx.actor, "prevent_read").allowed}
    return templates.TemplateResponse(ctx.request, template, base | data, status_code=status_code)


def analysis_fragment(ctx: Context, case_id: int, *, what: dict[str, Any], analysis: Analysis,
                      title: str, poll: str, show: Callable[[CaseView, Any], Response]) -> Response:
    """The fragment of a case tab whose analysis may run as a background job.

    Opens the case (audited with ``what``) and runs ``analysis`` for the caller's view; a
    refused or wrong request is the error fragment, a running job its progress (polling
    ``poll``; ``title``: its English msgid, shown in the viewer's language), a result what
    ``show`` makes of it. A non-member gets the 404 of an unknown case, not a 200 fragment.
    """
    i18n.set_language(ctx.request.cookies.get(i18n.COOKIE))  # before ``title`` and ``show`` translate
    caller = ctx.caller
    try:
        case, ref = open_case(caller, case_id, what=what)
        view = ctx.view(case)
        result, job = analysis(caller, ref, view)
    except NotFound:
        raise
    except OffensiefError as exc:
        return render(ctx, "hit_result.html", error=str(exc))
    if job is not None:
        return render(ctx, "job_progress.html", job=job.to_dict(), title=i18n.gettext(title), poll=poll)
    return show(view, result)


def render_anonymous(request: Request, template: str, status_code: int = 200, **data: Any) -> HTMLResponse:
    templates = request.app.state.templates
    i18n.set_language(request.cookies.get(i18n.COOKIE))
    return templates.TemplateResponse(request, template, {"actor": None} | data, status_code=status_code)


def redirect(url: str) -> RedirectResponse:
    """A POST-redirect-GET to a local URL."""
    return RedirectResponse(url, status_code=303)


def local_url(url: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after login (no open redirects)."""
    if not url:
        return default
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url.startswith("/") or url.startswith("//"):
        return default
    return url
