"""Retention: purge expired datasets from the statements and everything derived from them.

A dataset expires by its retention rule (``5y`` from collection, a fixed date, or
``case+6m`` after the last case it is attached to closes). Active legal holds on the
dataset, or on a case it is attached to, stop the clock. Purging removes its statements
and loads, recomputes derived tables, deletes rows of other derived DuckDB tables by
convention (a ``dataset``, ``datasets``, ``source_ids``, ``entity_id``, ``left_id`` or
``right_id`` column), the
judgements about entities that no longer exist, and every cached analysis.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from offensief.access import audit
from offensief.access.caseref import case_ref
from offensief.access.policy import Actor, Resource, require
from offensief.db.base import utcnow
from offensief.db.cases import Case, CaseDataset, LegalHold
from offensief.db.records import Judgement
from offensief.model.errors import InputError, NotFound
from offensief.store import statements
from offensief.store.duckstore import Store
from offensief.store.purge import purge_datasets

#: A purge function for a derived result kept elsewhere: gets the store and the purged
#: dataset names and entity ids, returns how many rows it removed.
Purger = Callable[[Store, set[str], set[str]], int]


@dataclass(frozen=True)
class RetentionItem:
    """The retention state of one dataset."""

    dataset: str
    regime: str
    retention: str
    expires: date | None
    held: bool
    statements: int
    due: bool

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["expires"] = self.expires.isoformat() if self.expires else None
        return data


def add_hold(session: Session, *, reason: str, dataset: str | None = None,
             case: Case | None = None, actor: Actor | None = None) -> LegalHold:
    """Put a legal hold on a dataset or on every dataset of a case; audited."""
    if (dataset is None) == (case is None):
        raise InputError("a legal hold is on exactly one dataset or one case", field="dataset")
    if not reason.strip():
        raise InputError("a legal hold needs a reason", field="reason")
    if actor is not None:
        require(actor, "case_manage", Resource(case=case_ref(case))) if case else require(actor, "admin")
    hold = LegalHold(dataset=dataset, case_id=case.id if case else None, reason=reason)
    session.add(hold)
    session.flush()
    audit.record(session, actor=actor, action="hold_add", case_id=hold.case_id, purpose=reason,
                 what={"hold": hold.id, "dataset": dataset})
    return hold


def lift_hold(session: Session, *, hold_id: int, reason: str, actor: Actor | None = None) -> LegalHold:
    hold = session.get(LegalHold, hold_id)
    if hold is None or hold.lifted_at is not None:
        raise NotFound(f"no active legal hold {hold_id}")
    if actor is not None:
        require(actor, "admin")
    hold.lifted_at = utcnow()
    audit.record(session, actor=actor, action="hold_lift", case_id=hold.case_id, purpose=reason,
                 what={"hold": hold_id, "dataset": hold.dataset})
    return hold


def active_holds(session: Session) -> list[LegalHold]:
    return list(session.scalars(select(LegalHold).where(LegalHold.lifted_at.is_(None))))


def plan(store: Store, session: Session, *, today: date | None = None) -> list[RetentionItem]:
    """The retention state of every dataset on ``today``."""
    today = today or utcnow().date()
    counts = statements.counts(store)
    items = []
    for ds in store.datasets():
        links = session.scalars(select(CaseDataset).where(CaseDataset.dataset == ds.name)).all()
        cases = [session.get(Case, link.case_id) for link in links]
        closed = None
        if cases and all(c is not None and c.status != "open" and c.closed_at for c in cases):
            closed = max(c.closed_at for c in cases if c is not None and c.closed_at).date()
        expires = ds.retention_rule.expires(start=ds.collected_at, case_closed=closed)
        held = session.scalar(select(LegalHold.id).where(
            LegalHold.lifted_at.is_(None),
            or_(LegalHold.dataset == ds.name,
                LegalHold.case_id.in_([link.case_id for link in links])),
        ).limit(1)) is not None
        due = expires is not None and expires <= today and not held
        items.append(RetentionItem(ds.name, ds.regime, ds.retention, expires, held,
                                   int(counts.get(ds.name, 0)), due))
    return items


def run(
    store: Store,
    session: Session,
    *,
    today: date | None = None,
    dry_run: bool = False,
    actor: Actor | None = None,
    cache_dir: Path | None = None,
    purgers: Sequence[Purger] = (),
) -> dict[str, Any]:
    """Purge every due dataset (unless ``dry_run``); returns the plan and what was removed."""
    if actor is not None:
        require(actor, "admin")
    items = plan(store, session, today=today)
    due = {i.dataset for i in items if i.due and i.statements}
    report: dict[str, Any] = {"dry_run": dry_run, "datasets": [i.to_dict() for i in items],
                              "purged": sorted(due), "removed": {}}
    if dry_run or not due:
        return report
    removed = _purge_store(store, due, purgers)
    vanished = removed.pop("_vanished")
    judgements = 0
    if vanished:
        for judgement in session.scalars(select(Judgement)):
            if judgement.left_id in vanished or judgement.right_id in vanished:
                session.delete(judgement)
                judgements += 1
    removed["judgements"] = judgements
    cache_dir = cache_dir or (store.workspace.cache_dir if store.workspace is not None else None)
    removed["cache_entries"] = _clear_cache(cache_dir) if cache_dir is not None else 0
    report["removed"] = removed
    audit.record(session, actor=actor, action="retention_purge",
                 what={"datasets": sorted(due), "removed": removed})
    return report


def _purge_store(store: Store, due: set[str], purgers: Sequence[Purger]) -> dict[str, Any]:
    found, vanished = purge_datasets(store, sorted(due))
    removed: dict[str, Any] = dict(found)
    for purger in purgers:
        removed[getattr(purger, "__name__", "purger")] = purger(store, set(due), vanished)
    removed["_vanished"] = vanished
    return removed


def _clear_cache(cache_dir: Path) -> int:
    count = 0
    if not cache_dir.exists():
        return 0
    for entry in cache_dir.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
        count += 1
    return count
