"""The append-only, hash-chained audit log (Wpg art. 32): record, list, verify.

Each entry's ``hash`` is ``sha256(prev_hash + canonical JSON of the entry)``; the head row
holds the last sequence number and hash, so edits, deletions (also of the last entries) and
reorderings all break the chain at a named entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from offensief.access.policy import Actor
from offensief.db.base import utcnow
from offensief.db.records import AuditEntry, AuditHead

GENESIS = "0" * 64

#: The actor used for entries written by jobs (retention runs, migrations, seeding).
SYSTEM = Actor(id=0, username="system", partner="system", partner_kind="other")


def canonical(data: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 kept, dates as ISO strings."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _body(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "partner": entry.partner,
        "case_id": entry.case_id,
        "action": entry.action,
        "purpose": entry.purpose,
        "what": json.loads(entry.what),
    }


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    """The hash an entry must carry given the previous hash."""
    return hashlib.sha256((prev_hash + canonical(_body(entry))).encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    """An entry waiting to be appended; ``what`` is already canonical JSON, so later changes
    to the caller's dict cannot alter what is recorded."""

    actor: Actor
    action: str
    what: str
    case_id: int | None
    purpose: str
    at: datetime

    @classmethod
    def of(cls, *, actor: Actor | None, action: str, what: dict[str, Any], case_id: int | None = None,
           purpose: str = "", at: datetime | None = None) -> Entry:
        return cls(actor or SYSTEM, action, canonical(what), case_id, purpose,
                   (at or utcnow()).replace(tzinfo=None))


def record(
    session: Session,
    *,
    actor: Actor | None,
    action: str,
    what: dict[str, Any],
    case_id: int | None = None,
    purpose: str = "",
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry (see :func:`append`)."""
    return append(session, [Entry.of(actor=actor, action=action, what=what, case_id=case_id,
                                     purpose=purpose, at=at)])[0]


def append(session: Session, items: Sequence[Entry]) -> list[AuditEntry]:
    """Append entries in order, chained. Advancing the head first takes the write lock (a row
    lock on PostgreSQL, the database write lock on SQLite) until the session commits, so
    concurrent writers queue up instead of forking the chain. Many entries cost the same
    four statements as one (the server appends the entries of concurrent requests together)."""
    if not items:
        return []
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + len(items)),
                    execution_options={"synchronize_session": False})
    last, prev_hash = session.execute(
        select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
    out = []
    for seq, item in enumerate(items, start=last - len(items) + 1):
        entry = AuditEntry(seq=seq, at=item.at, actor=item.actor.username, partner=item.actor.partner,
                           case_id=item.case_id, action=item.action, purpose=item.purpose,
                           what=item.what, prev_hash=prev_hash, hash="")
        entry.hash = prev_hash = entry_hash(prev_hash, entry)
        out.append(entry)
    session.add_all(out)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(hash=prev_hash),
                    execution_options={"synchronize_session": False})
    session.flush()
    return out


def entries(
    session: Session,
    *,
    case_id: int | None = None,
    actor: str | None = None,
    action: str | None = None,
    limit: int = 100,
    before: int | None = None,
) -> list[dict[str, Any]]:
    """The latest entries (newest first), optionally for one case, actor or action; with
    ``before`` only entries older than that sequence number (the next page)."""
    query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
    if before is not None:
        query = query.where(AuditEntry.seq < before)
    if case_id is not None:
        query = query.where(AuditEntry.case_id == case_id)
    if actor is not None:
        query = query.where(AuditEntry.actor == actor)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return [_body(e) | {"hash": e.hash} for e in session.scalars(query)]


@dataclass(frozen=True)
class Verification:
    """The outcome of walking the chain: ``broken_seq`` names the first bad entry."""

    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "broken_seq": self.broken_seq,
                "problem": self.problem}


def verify(session: Session) -> Verification:
    """Walk the whole chain; report the first entry that was edited, deleted or moved."""
    prev, expected, checked = GENESIS, 1, 0
    query = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000)
    for entry in session.scalars(query):
        if entry.seq != expected:
            return Verification(False, checked, expected,
                                f"entry {expected} is missing (next present is {entry.seq})")
        if entry.prev_hash != prev:
            return Verification(False, checked, entry.seq,
                                f"entry {entry.seq} does not link to entry {entry.seq - 1}")
        if entry_hash(prev, entry) != entry.hash:
            return Verification(False, checked, entry.seq,
                                f"entry {entry.seq} ({entry.action} by {entry.actor}) was altered")
        prev, expected, checked = entry.hash, expected + 1, checked + 1
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).first()
    if head is None or head.seq != checked or head.hash != prev:
        seq = checked + 1 if head is None or head.seq > checked else checked
        return Verification(False, checked, seq,
                            f"the chain ends at entry {checked} but its head says "
                            f"{head.seq if head else 'nothing'}: entries were cut off")
    return Verification(True, checked)


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)
