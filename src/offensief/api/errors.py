"""The one error shape of the API: ``{"error": {"code", "message", "details"}}``.

This module is the only place where :class:`OffensiefError` subclasses become HTTP status
codes. Pages (non-``/api`` paths asked for as HTML) get the same content rendered as an
error page, and a 401 there redirects to the login page.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from offensief.access import sessions
from offensief.access.actors import as_actor
from offensief.access.policy import can
from offensief.api.security import COOKIE
from offensief.model.errors import (
    AuthenticationError,
    ConfigError,
    Conflict,
    InputError,
    NotFound,
    OffensiefError,
    PermissionDenied,
)

log = logging.getLogger("offensief.api")

#: Error class -> HTTP status. The most specific class in an error's MRO wins.
STATUS: dict[type[OffensiefError], int] = {
    InputError: 400,
    AuthenticationError: 401,
    PermissionDenied: 403,
    NotFound: 404,
    Conflict: 409,
    ConfigError: 500,
    OffensiefError: 400,
}

#: Error codes with their own status (subclasses other packages may define).
CODE_STATUS: dict[str, int] = {"rate_limited": 429, "too_many_attempts": 429, "too_large": 413,
                               "unavailable": 503}

#: Error codes for plain HTTP statuses (routing errors, validation, crashes).
HTTP_CODES: dict[int, str] = {
    400: "bad_request",
    401: "authentication_error",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the error shape (used by handlers and by the OpenAPI schema)."""
    return {"error": {"code": code, "message": message, "details": details or {}}}


def status_for(exc: OffensiefError) -> int:
    """The HTTP status for an Offensief error."""
    if exc.code in CODE_STATUS:
        return CODE_STATUS[exc.code]
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def wants_html(request: Request) -> bool:
    """True for browser page requests (never for ``/api`` paths)."""
    if request.url.path.startswith("/api"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _respond(request: Request, status: int, body: dict[str, Any]) -> Response:
    if wants_html(request):
        if status == 401:
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            return templates.TemplateResponse(
                request, "error.html", {"error": body["error"], "status": status} | _page(request),
                status_code=status)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def _page(request: Request) -> dict[str, Any]:
    """The navigation of a logged-in user for an error page (nothing when not logged in, or
    when the session cannot be read: an error page never fails itself)."""
    try:
        state = request.app.state
        session = state.codec.loads(request.cookies.get(COOKIE))
        if session is None:
            return {}
        with state.db.session() as db:
            user = sessions.resolve(db, session.nonce, idle=session.idle, absolute=session.absolute)
            if user is None:
                return {}
            actor = as_actor(user)
        return {"actor": actor.to_dict(), "csrf": state.codec.csrf_token(session),
                **{f"can_{area}": can(actor, f"{area}_read").allowed
                   for area in ("audit", "programme", "protect", "prevent")}}
    except Exception:
        log.exception("error page without navigation")
        return {}


async def _offensief(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, OffensiefError)
    status = status_for(exc)
    if status >= 500:
        log.error("server-side error on %s: %s", request.url.path, exc)
    response = _respond(request, status, {"error": exc.to_dict()})
    if "retry_after" in exc.details:
        response.headers["Retry-After"] = str(exc.details["retry_after"])
    return response


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    response = _respond(request, exc.status_code, error_body(code, message))
    for key, value in (exc.headers or {}).items():
        response.headers.setdefault(key, value)
    return response


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": [str(p) for p in err.get("loc", ())], "msg": str(err.get("msg", "")),
         "type": str(err.get("type", ""))}
        for err in exc.errors()
    ]
    first = problems[0] if problems else {"loc": [], "msg": "invalid request"}
    message = f"{'.'.join(first['loc'])}: {first['msg']}" if first["loc"] else first["msg"]
    return _respond(request, 422, error_body("validation_error", message, {"errors": problems}))


async def _crash(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.url.path)
    return _respond(
        request, 500, error_body("internal_error", "internal server error", {"type": type(exc).__name__})
    )


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through the one shape."""
    app.add_exception_handler(OffensiefError, _offensief)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(Exception, _crash)


#: OpenAPI description of the error shape, referenced by every route's error responses.
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object"},
            },
        }
    },
}
