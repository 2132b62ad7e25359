"""Session cookies, CSRF tokens and security headers.

The session cookie is a signed (itsdangerous, keyed with the workspace secret), HttpOnly,
SameSite=Lax cookie holding only a random session id (the nonce). Who is logged in lives on
the server (:mod:`offensief.access.sessions`), so logout, disabling the user and a password
change end the session at once, with idle and absolute time-outs. Before login the nonce has
no server-side row (it only keys the login form's CSRF token). The CSRF token of a session
is an HMAC of its nonce: forms carry it as ``csrf_token``, htmx and fetch calls as
the ``X-CSRF-Token`` header. Requests authenticated by a bearer token carry no ambient
credentials and need no CSRF token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "offensief_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

#: Scripts only from our own origin; vega compiles its expressions with ``new Function``.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


@dataclass(frozen=True)
class Session:
    """What the session cookie holds: the session id (``nonce``) and when it was issued,
    with the time-outs the server applies to it."""

    nonce: str
    issued: float
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=8)


class SessionCodec:
    """Signs and checks session cookies and derives their CSRF tokens."""

    def __init__(self, secret: bytes, *, max_age: int, idle_minutes: float = 30.0) -> None:
        self._signer = URLSafeTimedSerializer(secret, salt="offensief.session")
        self._csrf_key = hmac.new(secret, b"offensief.csrf", hashlib.sha256).digest()
        self.max_age = max_age
        self.idle = timedelta(minutes=idle_minutes)

    def new(self) -> Session:
        """A fresh session id (a new one at every login, against session fixation)."""
        return Session(nonce=secrets.token_urlsafe(32), issued=time.time(), idle=self.idle,
                       absolute=timedelta(seconds=self.max_age))

    def dumps(self, session: Session) -> str:
        return self._signer.dumps({"n": session.nonce, "t": session.issued})

    def loads(self, cookie: str | None) -> Session | None:
        """The session in a cookie, or None if absent, forged or expired."""
        if not cookie:
            return None
        try:
            data: dict[str, Any] = self._signer.loads(cookie, max_age=self.max_age)
        except (BadSignature, ValueError, TypeError):
            return None
        if not isinstance(data, dict) or "n" not in data:
            return None
        return Session(nonce=str(data["n"]), issued=float(data.get("t", 0)), idle=self.idle,
                       absolute=timedelta(seconds=self.max_age))

    def csrf_token(self, session: Session) -> str:
        return hmac.new(self._csrf_key, session.nonce.encode(), hashlib.sha256).hexdigest()

    def check_csrf(self, session: Session, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf_token(session), str(token))


def cookie_options(*, secure: bool, max_age: int) -> dict[str, Any]:
    """Attributes of the session cookie."""
    return {"httponly": True, "samesite": "lax", "secure": secure, "max_age": max_age, "path": "/"}


class SecurityMiddleware:
    """Adds security headers to every response (pure ASGI, so streaming is untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)
