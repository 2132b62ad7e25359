"""API tokens for programs, logout and password change.

``POST /api/auth/token`` exchanges a password for a bearer token (backed off per source and
account, audited). ``POST /api/auth/logout`` ends what authenticated the request: the bearer
token is revoked, or the cookie's server-side session is ended. ``POST /api/auth/password``
changes the caller's own password and ends all their sessions and tokens.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from offensief.access import sessions
from offensief.access.actors import authenticate, change_password, issue_token
from offensief.access.credentials import token_hash
from offensief.api.deps import Context, client_source, context, open_session
from offensief.api.schemas import TokenOut, TokenRequest
from offensief.db.actors import ApiToken
from offensief.db.base import utcnow

router = APIRouter(prefix="/api/auth", tags=["auth"])


class PasswordChange(BaseModel):
    old: str = Field(min_length=1, max_length=200)
    new: str = Field(min_length=1, max_length=200)


@router.post("/token", response_model=TokenOut)
def token(body: TokenRequest, request: Request, db: Session = Depends(open_session)) -> dict[str, Any]:
    """Log in with a password (backed off, audited) and receive a new API token once."""
    actor = authenticate(db, username=body.username, password=body.password,
                         source=client_source(request))
    plain = issue_token(db, username=actor.username, label=body.label, actor=actor)
    return {"token": plain, "actor": actor.to_dict()}


@router.post("/logout")
def logout(ctx: Context = Depends(context)) -> dict[str, Any]:
    """End this request's credential: revoke the bearer token or end the cookie session."""
    if ctx.via == "token":
        plain = ctx.request.headers.get("authorization", "")[7:].strip()
        row = ctx.db.scalar(select(ApiToken.id).where(ApiToken.token_hash == token_hash(plain)))
        ctx.db.execute(update(ApiToken).where(ApiToken.id == row).values(revoked_at=utcnow()))
    elif ctx.web_session is not None:
        sessions.end(ctx.db, ctx.web_session.nonce, reason="logout")
    ctx.audit("logout", what={"via": ctx.via})
    return {"ended": ctx.via}


@router.post("/password")
def password(body: PasswordChange, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Change your own password; every session and API token of yours ends (log in again).
    The old password is checked like a login (backed off per source and account)."""
    authenticate(ctx.db, username=ctx.actor.username, password=body.old,
                 source=client_source(ctx.request))
    counts = change_password(ctx.db, username=ctx.actor.username, new=body.new, old=body.old,
                             actor=ctx.actor)
    return {"user": ctx.actor.username, **counts}
