"""Data-subject requests (AVG art. 15): everything about one person, for the privacy officer.

Gathers the person's entities across every dataset (by name and birth date, by an
identifier, or by entity ids), the entities that point at them (ownerships, payments,
family ties, ...), the cases those data are attached to and the judgements about them.
The export itself is audited with its reason.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from offensief.access import audit
from offensief.access.hits import KINDS, find_identifier
from offensief.access.policy import Actor, require
from offensief.db.cases import Case, CaseDataset
from offensief.db.records import Judgement
from offensief.model.errors import InputError
from offensief.store.duckstore import Store
from offensief.store.statements import pointing_at


def _find(store: Store, *, name: str | None, birth_date: str | None, identifier: str | None,
          entity_ids: list[str] | None) -> set[str]:
    datasets = [d.name for d in store.datasets()]
    found: set[str] = set(entity_ids or [])
    if not datasets:
        return found
    if name:
        found |= set(find_identifier(store, kind="name", value=name, birth_date=birth_date,
                                     datasets=datasets))
    if identifier:
        for kind in KINDS:
            if kind != "name":
                found |= set(find_identifier(store, kind=kind, value=identifier,
                                             birth_date=None, datasets=datasets))
    return found


def subject_export(
    store: Store,
    session: Session,
    *,
    actor: Actor,
    reason: str,
    name: str | None = None,
    birth_date: str | None = None,
    identifier: str | None = None,
    entity_ids: list[str] | None = None,
) -> dict[str, Any]:
    """Everything about one data subject; needs ``subject_export`` and a reason."""
    require(actor, "subject_export")
    if not reason or not reason.strip():
        raise InputError("a data-subject export needs a reason (the request)", field="reason")
    if not (name or identifier or entity_ids):
        raise InputError("give a name (with birth date), an identifier or entity ids", field="name")
    ids = _find(store, name=name, birth_date=birth_date, identifier=identifier,
                entity_ids=entity_ids)
    related: set[str] = set()
    if ids:
        related = pointing_at(store, ids) - ids
    entities = []
    datasets: set[str] = set()
    for eid in sorted(ids) + sorted(related):
        statements = store.statements_for(eid)
        if not statements:
            continue
        datasets |= {s["dataset"] for s in statements}
        entities.append({"id": eid, "role": "subject" if eid in ids else "related",
                         "schema": statements[0]["schema"], "statements": statements})
    links = session.scalars(select(CaseDataset).where(CaseDataset.dataset.in_(sorted(datasets)))).all()
    cases = sorted({(link.case_id, link.dataset) for link in links})
    case_rows = {c.id: c for c in session.scalars(select(Case).where(
        Case.id.in_([c for c, _ in cases])))}
    judgements = session.scalars(select(Judgement).where(
        or_(Judgement.left_id.in_(sorted(ids)), Judgement.right_id.in_(sorted(ids))))).all()
    entry = audit.record(session, actor=actor, action="subject_export", purpose=reason,
                         what={"subjects": sorted(ids)[:50], "related": len(related),
                               "datasets": sorted(datasets)})
    return {
        "request": {"name": name, "birth_date": birth_date, "identifier": identifier,
                    "reason": reason, "audit_seq": entry.seq},
        "entities": entities,
        "datasets": sorted(datasets),
        "cases": [{"case": case_rows[c].name, "status": case_rows[c].status,
                   "owner": case_rows[c].owner.name, "dataset": d} for c, d in cases],
        "judgements": [{"id": j.id, "left_id": j.left_id, "right_id": j.right_id,
                        "verdict": j.verdict, "reason": j.reason,
                        "revoked": j.revoked_at is not None} for j in judgements],
    }
