"""Hit/no-hit: is an identifier known in other cases? Only yes/no and whom to contact.

The asker learns the owning partners of the cases that know the identifier, never the
data; the audit log records the question (as a keyed hash, not the identifier) for the
asker and a ``hit_received`` entry in every case that was hit.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.access import audit
from offensief.access.caseref import case_ref
from offensief.access.policy import Actor, Resource, require
from offensief.access.pseudonym import normalise
from offensief.db.cases import Case
from offensief.model.errors import ConfigError, InputError
from offensief.store import statements
from offensief.store.duckstore import Store

#: Identifier kinds and the FtM properties they are looked up in.
KINDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "alias", "previousName"),
    "iban": ("iban", "accountNumber"),
    "phone": ("phone",),
    "kvk": ("registrationNumber", "idNumber"),
    "plate": ("registrationNumber",),
}
_SCHEMATA: dict[str, tuple[str, ...] | None] = {
    "name": ("Person",), "iban": ("BankAccount",), "phone": None,
    "kvk": ("Company", "Organization", "LegalEntity"), "plate": ("Vehicle",),
}


def find_identifier(store: Store, *, kind: str, value: str, birth_date: str | None,
                       datasets: list[str]) -> dict[str, set[str]]:
    """entity id -> datasets where the identifier occurs (within ``datasets``)."""
    props, schemata = KINDS[kind], _SCHEMATA[kind]
    wanted = normalise(value)
    found: dict[str, set[str]] = {}
    for eid, candidate, dataset in statements.values_of(store, datasets, props, schemata=schemata):
        if normalise(candidate) == wanted:
            found.setdefault(eid, set()).add(dataset)
    if kind == "name" and birth_date:
        born = statements.having(store, datasets, found, prop="birthDate", value=birth_date)
        found = {e: d for e, d in found.items() if e in born}
    return found


def hit(
    store: Store,
    session: Session,
    *,
    actor: Actor,
    kind: str,
    value: str,
    birth_date: str | None = None,
    case: Case | None = None,
    secret: bytes | None = None,
) -> dict[str, Any]:
    """Ask whether ``value`` (of ``kind``) is known in cases other than ``case``.

    Returns ``{"hit": bool, "contacts": [partner, ...], "reference": audit_seq}``.
    """
    if kind not in KINDS:
        raise InputError(f"unknown identifier kind {kind!r}; known: {', '.join(KINDS)}", field="kind")
    if not value.strip():
        raise InputError("an identifier is needed", field="value")
    if kind == "name" and not birth_date:
        raise InputError("a name needs a birth date for hit/no-hit", field="birth_date")
    require(actor, "hit", Resource(case=case_ref(case)) if case is not None else None)
    secret = secret or (store.workspace.secret if store.workspace is not None else None)
    if secret is None:
        raise ConfigError("hit/no-hit needs the workspace secret (pass secret=)")
    others = [c for c in session.scalars(select(Case).order_by(Case.id))
              if case is None or c.id != case.id]
    by_dataset: dict[str, list[Case]] = {}
    for other in others:
        for link in other.datasets:
            by_dataset.setdefault(link.dataset, []).append(other)
    found = find_identifier(store, kind=kind, value=value, birth_date=birth_date,
                               datasets=sorted(by_dataset)) if by_dataset else {}
    hit_cases = {c.id: c for ds in set().union(*found.values()) for c in by_dataset[ds]} if found else {}
    contacts = sorted({c.owner.name for c in hit_cases.values()})
    query = hmac.new(secret, f"hit:{kind}:{normalise(value)}:{birth_date or ''}".encode(),
                     hashlib.sha256).hexdigest()[:32]
    entry = audit.record(session, actor=actor, action="hit",
                         case_id=case.id if case is not None else None,
                         what={"kind": kind, "query": query, "hit": bool(hit_cases),
                               "contacts": contacts})
    for other in hit_cases.values():
        audit.record(session, actor=actor, action="hit_received", case_id=other.id,
                     what={"kind": kind, "query": query, "reference": entry.seq,
                           "asker_partner": actor.partner})
    return {"hit": bool(hit_cases), "contacts": contacts, "reference": entry.seq}
