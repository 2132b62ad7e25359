"""Back-off after failed logins and bearer-token attempts, per source and per account.

A *source* (the client address; ``cli`` for the command line) that keeps failing waits
``2 ** (failures - SOURCE_FREE)`` seconds after its last failure, up to :data:`SOURCE_CAP`:
guessing from one address soon becomes slow. Wrong bearer tokens count against the source
the same way. An *account* that fails from many sources waits at most :data:`ACCOUNT_CAP`
(``2 ** (failures - ACCOUNT_FREE)`` seconds), and that wait does not apply to a source the
account logged in from successfully in the last :data:`KNOWN_SOURCE` — so an anonymous
caller cannot lock someone else out for long, and not at all from their usual address.
Refused (limited) attempts are recorded but do not count as failures, so hammering a lock
does not lengthen it. Unknown usernames are counted like known ones (no enumeration).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from offensief.db.actors import LoginAttempt

WINDOW = timedelta(minutes=15)
SOURCE_FREE = 5
SOURCE_CAP = 15 * 60.0
ACCOUNT_FREE = 10
ACCOUNT_CAP = 60.0
KNOWN_SOURCE = timedelta(days=30)


@dataclass(frozen=True)
class Wait:
    """How long a source or account must still wait (0: may try now) and why."""

    seconds: float
    scope: str = ""  # "source" | "account" | ""

    def __bool__(self) -> bool:
        return self.seconds > 0


def _failures(db: Session, now: datetime, *conditions: object) -> tuple[int, datetime | None]:
    row = db.execute(select(func.count(), func.max(LoginAttempt.at)).where(
        LoginAttempt.ok.is_(False), LoginAttempt.limited.is_(False),
        LoginAttempt.at > now - WINDOW, *conditions)).one()  # type: ignore[arg-type]
    return int(row[0] or 0), row[1]


def _remaining(count: int, last: datetime | None, free: int, cap: float, now: datetime) -> float:
    if count < free or last is None:
        return 0.0
    delay = min(2.0 ** (count - free), cap)
    return max(0.0, (last + timedelta(seconds=delay) - now).total_seconds())


def known_source(db: Session, *, username: str, source: str, now: datetime) -> bool:
    """Whether ``username`` logged in successfully from ``source`` recently."""
    return db.scalar(select(LoginAttempt.id).where(
        LoginAttempt.username == username, LoginAttempt.source == source,
        LoginAttempt.ok.is_(True), LoginAttempt.at > now - KNOWN_SOURCE).limit(1)) is not None


def wait(db: Session, *, source: str, username: str | None, now: datetime) -> Wait:
    """The back-off in force for an attempt from ``source`` on ``username`` (None: a token
    whose account is not known yet)."""
    count, last = _failures(db, now, LoginAttempt.source == source)
    seconds = _remaining(count, last, SOURCE_FREE, SOURCE_CAP, now)
    if seconds:
        return Wait(seconds, "source")
    if username:
        count, last = _failures(db, now, LoginAttempt.username == username)
        seconds = _remaining(count, last, ACCOUNT_FREE, ACCOUNT_CAP, now)
        if seconds and not known_source(db, username=username, source=source, now=now):
            return Wait(seconds, "account")
    return Wait(0.0)


def note(db: Session, *, source: str, username: str, ok: bool, kind: str, now: datetime,
         limited: bool = False) -> None:
    """Record an attempt (the caller commits)."""
    db.add(LoginAttempt(username=username[:64], ok=ok, at=now, source=source[:64], kind=kind,
                        limited=limited))
