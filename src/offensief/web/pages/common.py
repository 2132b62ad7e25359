"""Rendering helpers shared by the page modules."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from offensief.access.policy import can
from offensief.api.deps import Context
from offensief.web import i18n


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
