"""API tokens for programs: exchange a password for a bearer token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from offensief.access.actors import authenticate, issue_token
from offensief.api.deps import open_session
from offensief.api.schemas import TokenOut, TokenRequest

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/token", response_model=TokenOut)
def token(body: TokenRequest, db: Session = Depends(open_session)) -> dict[str, Any]:
    """Log in with a password (rate-limited, audited) and receive a new API token once."""
    actor = authenticate(db, username=body.username, password=body.password)
    plain = issue_token(db, username=actor.username, label=body.label, actor=actor)
    return {"token": plain, "actor": actor.to_dict()}
