"""The append-only, keyed hash chain of the audit log (Wpg art. 32): record, list, verify.

Each entry's ``hash`` is ``HMAC-SHA256(key, prev_hash + canonical JSON of the entry)`` with
the workspace's audit key, which is not in the database (:mod:`offensief.db.seal`); the head
row holds the last sequence number and hash, and after every commit that appended (or at the
configured interval) the head is also written to the signed checkpoint file outside the
operational store (:mod:`offensief.access.anchor`). So someone who can write the database
but lacks the key cannot edit, delete, reorder or re-hash entries, nor cut off the tail and
fix up the head row, without :func:`verify` naming the entry.

Chains written before the key existed (plain SHA-256) are taken over by :func:`migrate`:
their head is anchored once as a signed ``legacy`` checkpoint, and new entries continue the
chain with the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from offensief.access import anchor
from offensief.access.chain import GENESIS, body, canonical, entry_hash, seal_of
from offensief.access.policy import Actor
from offensief.access.verify import Verification, migrate, verify
from offensief.db.base import utcnow
from offensief.db.records import AuditEntry, AuditHead

#: The actor used for entries written by jobs (retention runs, migrations, seeding).
SYSTEM = Actor(id=0, username="system", partner="system", partner_kind="other")


_HEAD = "offensief.audit.head"


def _anchor_after_commit(session: Session) -> None:
    head = session.info.pop(_HEAD, None)
    if head is not None:
        anchor.write(seal_of(session), seq=head[0], hash=head[1])


def _forget_head(session: Session, *_args: Any) -> None:
    session.info.pop(_HEAD, None)


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
    key = seal_of(session).key
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + len(items)),
                    execution_options={"synchronize_session": False})
    last, prev_hash = session.execute(
        select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
    out = []
    for seq, item in enumerate(items, start=last - len(items) + 1):
        entry = AuditEntry(seq=seq, at=item.at, actor=item.actor.username, partner=item.actor.partner,
                           case_id=item.case_id, action=item.action, purpose=item.purpose,
                           what=item.what, prev_hash=prev_hash, hash="")
        entry.hash = prev_hash = entry_hash(prev_hash, entry, key)
        out.append(entry)
    session.add_all(out)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(hash=prev_hash),
                    execution_options={"synchronize_session": False})
    session.flush()
    session.info[_HEAD] = (out[-1].seq, prev_hash)  # anchored once the transaction commits
    if not event.contains(session, "after_commit", _anchor_after_commit):
        event.listen(session, "after_commit", _anchor_after_commit)
        event.listen(session, "after_rollback", _forget_head)
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
    return [body(e) | {"hash": e.hash} for e in session.scalars(query)]


__all__ = ["GENESIS", "SYSTEM", "Entry", "Verification", "append", "canonical", "count", "entries",
           "entry_hash", "migrate", "record", "seal_of", "verify"]


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)
