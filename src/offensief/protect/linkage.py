"""Signals that link the register to the offensive's data without opening either side.

* **New activity of a threatener** — for every threatener linked to a store entity, the
  statements first seen since the last check about that entity (or any source id resolution
  put with it) or pointing at it: new calls, payments, an address, a phone, a detention or
  release record. The signal says *what kind*, *how many*, *when* and *which dataset of which
  partner* — never the values, the counterparties or the content.
* **Hit/no-hit on a protected subject** — whether any case's attached data holds the
  subject's name (with birth date), address or phone. The signal names the partners that
  own the hit cases, to contact; nothing else. It is audited exactly like
  :func:`offensief.access.hits.hit`: a keyed hash of the question for the asker and a
  ``hit_received`` entry in every hit case (which tells the case only that a partner asked,
  not about whom or why: the case team never sees the register).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.db.base import utcnow
from offensief.db.cases import Case
from offensief.db.protect import ProtectSignal, ProtectSubject, ProtectThreatener
from offensief.protect.identifiers import address_key, name_key, phone_key
from offensief.store.duckstore import Store
from offensief.store.watch import Activity, activity_since, identifier_values, same_as

#: (how, schema) → kind of activity; own statements by property below.
_REF_KINDS: dict[str, str] = {
    "Call": "calls", "Payment": "payments", "Sanction": "detention or release",
    "Event": "events", "Associate": "relations", "Family": "relations",
    "Ownership": "ownership", "Directorship": "ownership", "Vehicle": "vehicles",
    "Address": "address", "Message": "messages", "Email": "messages",
}
_OWN_KINDS: dict[str, str] = {
    "address": "address", "addressEntity": "address", "phone": "phone", "email": "email",
    "endDate": "detention or release",
}


def activity_kind(a: Activity) -> str:
    """What a group of new statements means for the officer."""
    if a.how == "ref":
        return _REF_KINDS.get(a.schema, "other records")
    return _OWN_KINDS.get(a.prop, "record update")


def summarise(found: list[Activity], partners: dict[str, str]) -> list[dict[str, object]]:
    """One row per kind and dataset: how many new records (entities pointing at the person,
    or 1 for a change to the person's own record), first and last sighting, the partner."""
    groups: dict[tuple[str, str], list[Activity]] = defaultdict(list)
    for a in found:
        groups[(activity_kind(a), a.dataset)].append(a)
    rows = []
    for (kind, dataset), items in sorted(groups.items()):
        refs = sum(a.entities for a in items if a.how == "ref")
        own = max((a.entities for a in items if a.how == "own"), default=0)
        rows.append({"kind": kind, "dataset": dataset, "partner": partners.get(dataset, "?"),
                     "count": refs + own,
                     "first": min(a.first for a in items).isoformat(),
                     "last": max(a.last for a in items).isoformat()})
    return rows


def cases_by_dataset(session: Session) -> dict[str, list[Case]]:
    """Open cases per attached dataset."""
    found: dict[str, list[Case]] = defaultdict(list)
    for case in session.scalars(select(Case).where(Case.status == "open").order_by(Case.id)):
        for link in case.datasets:
            found[link.dataset].append(case)
    return dict(found)


@dataclass(frozen=True)
class ActivitySignal:
    """New activity of one threatener (before it is stored)."""

    threatener: ProtectThreatener
    rows: list[dict[str, object]]
    contacts: list[str]


def check_activity(session: Session, store: Store, threatener: ProtectThreatener, *,
                   now: datetime | None = None) -> ActivitySignal | None:
    """New activity of ``threatener`` since its last check (and move the check to ``now``)."""
    now = now or utcnow()
    if threatener.entity_id is None:
        return None
    since = threatener.checked_at
    found = activity_since(store, same_as(store, [threatener.entity_id]), since, now)
    threatener.checked_at = now
    if not found:
        return None
    partners = {d.name: d.partner for d in store.datasets()}
    rows = summarise(found, partners)
    by_dataset = cases_by_dataset(session)
    contacts = sorted({c.owner.name for r in rows for c in by_dataset.get(str(r["dataset"]), [])}
                      | {str(r["partner"]) for r in rows})
    return ActivitySignal(threatener, rows, contacts)


#: Properties holding a whole name, address or phone, and birth dates (to confirm names).
NAME_PROPS = ("name", "alias", "previousName")
ADDRESS_PROPS = ("address", "full")
PHONE_PROPS = ("phone", "callerNumber", "receiverNumber")
IDENTIFIER_PROPS = (*NAME_PROPS, *ADDRESS_PROPS, *PHONE_PROPS, "birthDate")


def subject_keys(subject: ProtectSubject) -> dict[str, str]:
    """The subject's matching keys by kind (a name only with a birth date, as hit/no-hit)."""
    keys: dict[str, str] = {}
    if subject.kind == "person" and subject.birth_date is not None:
        keys["name"] = name_key(subject.name)
    if subject.address:
        keys["address"] = address_key(subject.address)
    if subject.phone:
        phone = phone_key(subject.phone)
        if phone:
            keys["phone"] = phone
    return keys


def hits_in_cases(store: Store, session: Session,
                  subjects: list[ProtectSubject]) -> dict[int, dict[str, list[Case]]]:
    """subject id → kind (name/address/phone) → open cases whose data hold it."""
    by_dataset = cases_by_dataset(session)
    values = identifier_values(store, props=IDENTIFIER_PROPS, datasets=sorted(by_dataset))
    born: dict[str, set[str]] = defaultdict(set)
    index: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)  # (kind, key) → (entity, ds)
    for entity_id, prop, value, dataset in values:
        if prop == "birthDate":
            born[entity_id].add(value[:10])
        elif prop in NAME_PROPS:
            index[("name", name_key(value))].add((entity_id, dataset))
        elif prop in ADDRESS_PROPS:
            index[("address", address_key(value))].add((entity_id, dataset))
        else:
            key = phone_key(value)
            if key:
                index[("phone", key)].add((entity_id, dataset))
    result: dict[int, dict[str, list[Case]]] = {}
    for subject in subjects:
        kinds: dict[str, list[Case]] = {}
        for kind, key in subject_keys(subject).items():
            places = index.get((kind, key), set())
            if kind == "name":
                birth = subject.birth_date.isoformat() if subject.birth_date else ""
                places = {(e, d) for e, d in places if birth in born.get(e, ())}
            cases = {c.id: c for _, d in places for c in by_dataset.get(d, [])}
            if cases:
                kinds[kind] = [cases[i] for i in sorted(cases)]
        result[subject.id] = kinds
    return result


def store_signal(session: Session, subject: ProtectSubject, *, kind: str,
                 what: Mapping[str, object], reference: int | None = None,
                 threatener: ProtectThreatener | None = None) -> ProtectSignal | None:
    """Keep a signal unless the latest one of this kind (and threatener) says the same."""
    same = [s for s in subject.signals if s.kind == kind
            and s.threatener_id == (threatener.id if threatener else None)]
    if kind == "hit" and same and same[-1].what.get("contacts") == what.get("contacts") \
            and same[-1].what.get("kinds") == what.get("kinds"):
        return None
    signal = ProtectSignal(subject=subject, kind=kind, what=dict(what), reference=reference,
                           threatener_id=threatener.id if threatener else None)
    session.add(signal)
    session.flush()
    return signal
