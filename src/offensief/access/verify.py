"""Verify the audit chain against its key and its checkpoints; take over legacy chains.

:func:`verify` walks every entry: sequence numbers without gaps, each entry linked to the
one before and carrying the keyed hash, the head row at the last entry, every checkpoint
signed and naming an entry that is still there with the same hash. The first failure is
reported with the entry's number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.access import anchor
from offensief.access.chain import GENESIS, entry_hash, seal_of
from offensief.db.records import AuditEntry, AuditHead
from offensief.db.seal import AuditSeal
from offensief.model.errors import Conflict


@dataclass(frozen=True)
class Verification:
    """The outcome of walking the chain: ``broken_seq`` names the first bad entry."""

    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""
    checkpoints: int = 0
    legacy_until: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "broken_seq": self.broken_seq,
                "problem": self.problem, "checkpoints": self.checkpoints,
                "legacy_until": self.legacy_until}


def _walk(session: Session, key: bytes, legacy: anchor.Checkpoint | None,
          anchored: dict[int, list[anchor.Checkpoint]]) -> tuple[int, str, str, int | None]:
    """Walk the entries: (checked, last hash, problem, broken seq)."""
    prev, expected, checked = GENESIS, 1, 0
    legacy_seq = legacy.seq if legacy else 0
    query = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000)
    for entry in session.scalars(query):
        seq = entry.seq
        if seq != expected:
            return checked, prev, f"entry {expected} is missing (next present is {seq})", expected
        if entry.prev_hash != prev:
            return checked, prev, f"entry {seq} does not link to entry {seq - 1}", seq
        if entry_hash(prev, entry, None if seq <= legacy_seq else key) != entry.hash:
            what = f"entry {seq} ({entry.action} by {entry.actor})"
            if seq > legacy_seq and entry_hash(prev, entry, None) == entry.hash:
                return checked, prev, (
                    f"{what} carries a plain SHA-256 hash, not the keyed one: it was re-hashed "
                    "without the audit key (or the log predates the key: run "
                    "`offensief audit migrate` once)"), seq
            return checked, prev, f"{what} was altered", seq
        if legacy is not None and seq == legacy_seq and entry.hash != legacy.hash:
            return checked, prev, f"entry {seq} differs from the legacy anchor", seq
        for point in anchored.get(seq, ()):
            if point.hash != entry.hash:
                return checked, prev, (f"entry {seq} differs from checkpoint line {point.line} "
                                       f"({point.at})"), seq
        prev, expected, checked = entry.hash, expected + 1, checked + 1
    return checked, prev, "", None


def verify(session: Session, *, seal: AuditSeal | None = None) -> Verification:
    """Walk the whole chain and the checkpoints; report the first entry that was edited,
    deleted, moved, re-hashed without the key, or cut off."""
    seal = seal or seal_of(session)
    points = anchor.read(seal)
    for point in points:
        if not point.signed:
            return Verification(False, 0, point.seq or None,
                                f"checkpoint line {point.line} is not signed with the audit key",
                                len(points))
    legacies = [p for p in points if p.kind == "legacy"]
    legacy = max(legacies, key=lambda p: p.seq) if legacies else None
    anchored: dict[int, list[anchor.Checkpoint]] = {}
    for point in points:
        anchored.setdefault(point.seq, []).append(point)
    n, legacy_seq = len(points), legacy.seq if legacy else 0
    checked, prev, problem, broken = _walk(session, seal.key, legacy, anchored)
    if problem:
        return Verification(False, checked, broken, problem, n, legacy_seq)
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).first()
    if head is None or head.seq != checked or head.hash != prev:
        seq = checked + 1 if head is None or head.seq > checked else checked
        return Verification(False, checked, seq,
                            f"the chain ends at entry {checked} but its head says "
                            f"{head.seq if head else 'nothing'}: entries were cut off", n, legacy_seq)
    top = max(points, key=lambda p: p.seq) if points else None
    if top is not None and top.seq > checked:
        return Verification(False, checked, checked + 1,
                            f"the chain ends at entry {checked} but checkpoint line {top.line} "
                            f"({top.at}) anchors entry {top.seq}: entries {checked + 1}-{top.seq} "
                            "were cut off", n, legacy_seq)
    if seal.checkpoints is not None and checked and not points:
        return Verification(False, checked, 1, f"no checkpoint in {seal.checkpoints} anchors "
                            f"the {checked} entries (was the file removed?)", n, legacy_seq)
    return Verification(True, checked, checkpoints=n, legacy_until=legacy_seq)


def migrate(session: Session, *, seal: AuditSeal | None = None) -> dict[str, Any]:
    """Take over a chain written before the audit key: check its plain SHA-256 prefix,
    anchor that prefix's head as a signed ``legacy`` checkpoint, and let new entries continue
    with the key. Refuses when the log is already keyed or the legacy part is broken."""
    seal = seal or seal_of(session)
    if any(p.kind == "legacy" for p in anchor.read(seal)):
        raise Conflict("the audit log was already migrated (a legacy checkpoint exists)")
    prev, last, legacy = GENESIS, 0, True
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        linked = entry.seq == last + 1 and entry.prev_hash == prev
        if legacy and linked and entry_hash(prev, entry) == entry.hash:
            prev, last = entry.hash, entry.seq
            continue
        if last == 0:
            break
        legacy = False  # what follows the legacy part must be keyed and linked
        if not linked or entry_hash(prev, entry, seal.key) != entry.hash:
            raise Conflict(f"the chain breaks at entry {entry.seq}, after its plain SHA-256 part "
                           f"(1-{last}): nothing was migrated", broken_seq=entry.seq)
        prev = entry.hash
    if last == 0:
        raise Conflict("no plain SHA-256 entries to take over: the chain is keyed or empty")
    legacy_hash = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == last))
    anchor.write(seal, seq=last, hash=str(legacy_hash), kind="legacy", force=True)
    result = verify(session, seal=seal)
    return {"legacy_until": last, "legacy_hash": legacy_hash, "ok": result.ok,
            "checked": result.checked, "problem": result.problem}
