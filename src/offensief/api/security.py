"""Session cookies, CSRF tokens and security headers.

The session cookie is a signed (itsdangerous, keyed with the workspace secret), HttpOnly,
SameSite=Lax cookie holding the user id, a random nonce and the login time. The CSRF token of
a session is an HMAC of its nonce: forms carry it as ``csrf_token``, htmx and fetch calls as
the ``X-CSRF-Token`` header. Requests authenticated by a bearer token carry no ambient
credentials and need no CSRF token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
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
    """What the session cookie holds. ``user_id`` is None before login."""

    user_id: int | str | None
    nonce: str
    issued: float


class SessionCodec:
    """Signs and checks session cookies and derives their CSRF tokens."""

    def __init__(self, secret: bytes, *, max_age: int) -> None:
        self._signer = URLSafeTimedSerializer(secret, salt="offensief.session")
        self._csrf_key = hmac.new(secret, b"offensief.csrf", hashlib.sha256).digest()
        self.max_age = max_age

    def new(self, user_id: int | str | None) -> Session:
        """A fresh session (a new nonce at every login, against session fixation)."""
        return Session(user_id=user_id, nonce=secrets.token_urlsafe(18), issued=time.time())

    def dumps(self, session: Session) -> str:
        return self._signer.dumps({"u": session.user_id, "n": session.nonce, "t": session.issued})

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
        return Session(user_id=data.get("u"), nonce=str(data["n"]), issued=float(data.get("t", 0)))

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
