"""Log in and log out (a server-side session keyed by the cookie's id, + CSRF token)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from offensief.access import audit, sessions
from offensief.access.actors import authenticate
from offensief.api.deps import actor_from_cookie, client_source, web_session
from offensief.api.security import COOKIE, SessionCodec, cookie_options
from offensief.model.errors import AuthenticationError
from offensief.web.pages.common import local_url, redirect, render_anonymous

router = APIRouter()


def _set_cookie(request: Request, response: Response, value: str) -> None:
    codec: SessionCodec = request.app.state.codec
    response.set_cookie(COOKIE, value, **cookie_options(secure=request.app.state.secure_cookies,
                                                          max_age=codec.max_age))


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    """The login page; issues an anonymous session id so the form carries a CSRF token (a
    logged-in session that comes here is ended: the login form starts over)."""
    codec: SessionCodec = request.app.state.codec
    session = web_session(request)
    if session is not None:
        with request.app.state.db.session() as db:
            if sessions.end(db, session.nonce, reason="login_form"):
                session = None
    if session is None:
        session = codec.new()
    response = render_anonymous(request, "login.html", csrf=codec.csrf_token(session), next=local_url(next))
    _set_cookie(request, response, codec.dumps(session))
    return response


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    username: str = Form(..., max_length=64),
    password: str = Form(..., max_length=200),
    csrf_token: str = Form("", max_length=200),
    next: str = Form("/", max_length=500),
) -> Response:
    """Check the password (backed off, audited), then start a fresh server-side session."""
    codec: SessionCodec = request.app.state.codec
    session = web_session(request)
    if session is None or not codec.check_csrf(session, csrf_token):
        fresh = codec.new()
        response = render_anonymous(request, "login.html", status_code=403, csrf=codec.csrf_token(fresh),
                                    next=local_url(next), flash="Your login form expired; try again.",
                                    flash_kind="error")
        _set_cookie(request, response, codec.dumps(fresh))
        return response
    db: Session
    fresh = codec.new()
    with request.app.state.db.session() as db:
        try:
            actor = authenticate(db, username=username, password=password, source=client_source(request))
        except AuthenticationError as exc:
            status = 429 if exc.code == "too_many_attempts" else 401
            response = render_anonymous(request, "login.html", status_code=status, csrf=codec.csrf_token(session),
                                        next=local_url(next), flash=str(exc), flash_kind="error")
            return response
        sessions.start(db, session_id=fresh.nonce, user_id=actor.id, source=client_source(request))
    response = redirect(local_url(next))
    _set_cookie(request, response, codec.dumps(fresh))
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("", max_length=200)) -> Response:
    """End the session on the server (CSRF-checked so other sites cannot log users out)."""
    codec: SessionCodec = request.app.state.codec
    session = web_session(request)
    if session is not None and codec.check_csrf(session, csrf_token):
        with request.app.state.db.session() as db:
            actor = actor_from_cookie(db, session)
            if actor is not None:
                sessions.end(db, session.nonce, reason="logout")
                audit.record(db, actor=actor, action="logout", what={})
    response = redirect("/login")
    response.delete_cookie(COOKIE, path="/")
    return response
