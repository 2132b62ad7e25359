"""Server-side web sessions: start, resolve with idle and absolute time-outs, end.

The browser's cookie carries only a random session id; the operational store keeps its
SHA-256 with the user, the source, when it started and when it was last seen. A session ends
at logout, when the user is disabled or changes password, after :data:`IDLE` without a
request, and :data:`ABSOLUTE` after login whatever happens.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from offensief.db.actors import User
from offensief.db.base import utcnow
from offensief.db.integrity import WebSession

IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=8)
#: ``last_seen`` is written at most this often (a write per request would queue on SQLite).
TOUCH = timedelta(seconds=60)


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start(db: Session, *, session_id: str, user_id: int, source: str = "",
          now: datetime | None = None) -> WebSession:
    """Record a new logged-in session (the caller commits)."""
    now = now or utcnow()
    row = WebSession(id_hash=_key(session_id), user_id=user_id, source=source[:64],
                     created_at=now, last_seen=now)
    db.add(row)
    db.flush()
    return row


def resolve(db: Session, session_id: str, *, idle: timedelta = IDLE, absolute: timedelta = ABSOLUTE,
            now: datetime | None = None) -> User | None:
    """The user of a live session, or None (unknown, ended, timed out, user disabled).
    A session found timed out is ended on the spot."""
    now = now or utcnow()
    row = db.get(WebSession, _key(session_id))
    if row is None or row.ended_at is not None:
        return None
    if now - row.last_seen > idle or now - row.created_at > absolute:
        row.ended_at = now
        row.end_reason = "idle" if now - row.created_at <= absolute else "expired"
        return None
    user = db.get(User, row.user_id)
    if user is None or user.disabled:
        return None
    if now - row.last_seen > TOUCH:
        row.last_seen = now
    return user


def end(db: Session, session_id: str, *, reason: str = "logout", now: datetime | None = None) -> bool:
    """End one session; True if it was live."""
    row = db.get(WebSession, _key(session_id))
    if row is None or row.ended_at is not None:
        return False
    row.ended_at, row.end_reason = now or utcnow(), reason
    return True


def end_all(db: Session, *, user_id: int, reason: str, now: datetime | None = None) -> int:
    """End every live session of a user (disable, password change); returns how many."""
    result = db.execute(update(WebSession).where(WebSession.user_id == user_id,
                                                 WebSession.ended_at.is_(None))
                        .values(ended_at=now or utcnow(), end_reason=reason),
                        execution_options={"synchronize_session": False})
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def live(db: Session, *, user_id: int) -> list[WebSession]:
    """A user's sessions that have not ended (time-outs are applied when they are used)."""
    return list(db.scalars(select(WebSession).where(WebSession.user_id == user_id,
                                                    WebSession.ended_at.is_(None))))
