"""Retention of protection records under the Wet politiegegevens (Wpg).

The rule applied: a record is kept for as long as it is open (the threat is being assessed
or measures run: the purpose still needs it). Once closed, it is kept for
:data:`RETENTION_YEARS` years after the closure date — the Wpg's five-year limit for police
data processed for the police task (art. 14(1)), counted from the last processing for the
purpose, the closure — and then removed with every report, threatener, product, measure,
re-evaluation, contact, workflow move and signal. A reopened record restarts the clock. The
audit log keeps its entries (they hold record ids, never register content).

>>> from datetime import date
>>> retain_until(date(2026, 2, 28))
datetime.date(2031, 2, 28)
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.db.protect import ProtectSubject

RETENTION_YEARS = 5


def retain_until(closed_on: date) -> date:
    """The last day a record closed on ``closed_on`` is kept (29 February → 28 February)."""
    try:
        return closed_on.replace(year=closed_on.year + RETENTION_YEARS)
    except ValueError:
        return closed_on.replace(year=closed_on.year + RETENTION_YEARS, day=28)


def expired(session: Session, *, today: date) -> list[ProtectSubject]:
    """Closed records whose retention ended before ``today``."""
    closed = session.scalars(select(ProtectSubject).where(ProtectSubject.state == "closed",
                                                          ProtectSubject.closed_on.is_not(None)))
    return [s for s in closed if s.closed_on is not None and retain_until(s.closed_on) < today]


def purge(session: Session, *, today: date) -> list[int]:
    """Remove the expired records (everything hanging off them cascades); return their ids."""
    gone = expired(session, today=today)
    ids = [s.id for s in gone]
    for subject in gone:
        session.delete(subject)
    session.flush()
    return ids
