"""Signals for protection officers: new activity of threateners, hit/no-hit of protected
subjects in cases (see :mod:`offensief.protect.linkage` for what a signal may say).

A scan covers the caller's compartment. It reads the analytical store on the officer's
behalf, so it is audited like hit/no-hit: one ``protect_scan`` entry for the caller, one
``hit`` entry per subject asked about (a keyed hash of the identifiers, never the values)
and a ``hit_received`` entry in every case that answered — saying only which partner asked.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.access.audit import SYSTEM, Entry
from offensief.casework.caller import Caller
from offensief.casework.protect import open_subject, visible
from offensief.db.base import utcnow
from offensief.db.protect import ProtectSubject
from offensief.model.errors import ConfigError
from offensief.protect.linkage import check_activity, hits_in_cases, store_signal, subject_keys
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass
class ScanResult:
    """What one scan found, per subject id: new activity signals and hit kinds/contacts."""

    subjects: int = 0
    threateners: int = 0
    activity: list[dict[str, Any]] = field(default_factory=list)
    hits: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"subjects": self.subjects, "threateners": self.threateners,
                "activity": self.activity, "hits": self.hits}


def _query_hash(caller: Caller, subject: ProtectSubject) -> str:
    if caller.workspace is None:
        raise ConfigError("a scan needs the workspace secret")
    keys = "|".join(f"{k}={v}" for k, v in sorted(subject_keys(subject).items()))
    return hmac.new(caller.workspace.secret, f"protect:{keys}".encode(),
                    hashlib.sha256).hexdigest()[:32]


def scan(caller: Caller, *, subject_id: int | None = None,
         now: datetime | None = None) -> ScanResult:
    """Look for new threatener activity and for the caller's subjects in cases; keep the
    signals."""
    caller.allow("protect_read", what={"op": "scan"}, audit_as="")
    caller.allow("hit", audit_as="")
    subjects = ([open_subject(caller, subject_id, op="scan")[0]] if subject_id is not None
                else visible(caller))
    return _scan(caller, subjects, now=now or utcnow())


def watch(session: Session, store: Store, workspace: Workspace, *,
          now: datetime | None = None,
          sink: Callable[[Entry], None] | None = None) -> dict[str, int]:
    """The scheduled scan over every record, as the ``system`` actor (run after loads or
    from cron). Signals land on each record for its own officers; the operator gets counts
    only — never a name, a subject or a case. ``sink`` takes the audit entries (the server's
    audit writer); without one they are appended to ``session``."""
    caller = Caller(actor=SYSTEM, db=session, workspace=workspace, store=store,
                    purpose="protect watch", sink=sink)
    subjects = list(session.scalars(select(ProtectSubject).order_by(ProtectSubject.id)))
    result = _scan(caller, subjects, now=now or utcnow())
    return {"records": result.subjects, "threateners": result.threateners,
            "activity_signals": len(result.activity),
            "records_hit": sum(1 for h in result.hits if h["hit"])}


def watch_after_load(session: Session, store: Store, workspace: Workspace, *,
                     record: Callable[[list[Entry]], None] | None = None) -> dict[str, int] | None:
    """:func:`watch` right after a load that added statements, so officers are alerted
    without cron. Cheap when there is nothing to watch (no record: no scan) and isolated: a
    failing scan is logged and rolled back and returns ``None`` — the load stands.
    ``record`` (the server's audit writer) gets the scan's audit entries once the signals
    are committed; without it they go into ``session``."""
    held: list[Entry] = []
    try:
        if session.scalar(select(ProtectSubject.id).limit(1)) is None:
            return None
        counts = watch(session, store, workspace, sink=held.append if record else None)
        session.commit()
    except Exception:
        log.exception("protect watch after the load failed; the load stands (run "
                      "`offensief protect watch` again)")
        session.rollback()
        return None
    if record is not None and held:
        try:
            record(held)
        except Exception:
            log.exception("the audit entries of the protect watch after a load were not written")
    return counts


def _scan(caller: Caller, subjects: list[ProtectSubject], *, now: datetime) -> ScanResult:
    session, store = caller.session(), caller.analytical()
    result = ScanResult(subjects=len(subjects))
    for subject in subjects:
        for t in subject.threateners:
            result.threateners += t.entity_id is not None
            found = check_activity(session, store, t, now=now)
            if found is None:
                continue
            what: dict[str, Any] = {"threatener": t.name, "entity_id": t.entity_id,
                                    "activity": found.rows, "contacts": found.contacts}
            store_signal(session, subject, kind="activity", what=what, threatener=t)
            result.activity.append({"subject": subject.id, **what})
    hits = hits_in_cases(store, session, subjects)
    for subject in subjects:
        kinds = hits.get(subject.id, {})
        contacts = sorted({c.owner.name for cases in kinds.values() for c in cases})
        query = _query_hash(caller, subject)
        caller.audit("hit", what={"kind": "protect", "query": query, "hit": bool(kinds),
                                  "contacts": contacts})
        for case in {c.id: c for cases in kinds.values() for c in cases}.values():
            caller.audit("hit_received", case=case.id,
                         what={"kind": "protect", "query": query,
                               "asker_partner": caller.actor.partner})
        hit: dict[str, Any] = {"hit": bool(kinds), "kinds": sorted(kinds), "contacts": contacts}
        if kinds:
            store_signal(session, subject, kind="hit", what=hit)
        result.hits.append({"subject": subject.id, **hit})
    caller.audit("protect_scan", what={"subjects": [s.id for s in subjects],
                                       "signals": len(result.activity)
                                       + sum(h["hit"] for h in result.hits)})
    session.flush()
    return result


def mark_seen(caller: Caller, subject_id: int) -> int:
    """Mark the record's signals as seen; returns how many were new."""
    subject, _ = open_subject(caller, subject_id, action="protect_write", op="signals_seen")
    fresh = [g for g in subject.signals if g.seen_at is None]
    for g in fresh:
        g.seen_at = utcnow()
    caller.session().flush()
    return len(fresh)
