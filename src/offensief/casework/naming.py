"""Names everywhere: a caption for every entity a viewer is shown, never a raw id where a
name exists. Entities without a ``name`` are captioned by what identifies them to an
analyst: the IBAN of an account, the address of a property, the plate of a vehicle, the
number of a phone line.

Captions are masked like everything else: a value from a dataset the viewer sees only
pseudonymised is its token; a clear caption is preferred over a token.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from offensief.access.view import CLEAR, CaseView
from offensief.casework.places import place_of
from offensief.model.schemata import deepest
from offensief.store import lookup
from offensief.store.lookup import canonical_of

#: Per schema, the properties that caption an entity without a name, best first.
CAPTION_PROPS: dict[str, tuple[str, ...]] = {
    "BankAccount": ("iban", "accountNumber"),
    "RealEstate": ("address", "cadastralCode"),
    "Address": ("full", "street"),
    "Vehicle": ("registrationNumber", "model"),
    "Company": ("name", "registrationNumber"),
    "Person": ("name",),
}
_FALLBACK = ("name", "iban", "registrationNumber", "full", "address", "cadastralCode", "number")


def source_ids(view: CaseView, ids: Iterable[str]) -> dict[str, list[str]]:
    """Canonical (or plain) id -> the source ids behind it."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    members = lookup.members_of(view.store.con, ids)
    return {i: members.get(i) or [i] for i in ids}


def canonical_ids(view: CaseView, ids: Iterable[str]) -> dict[str, str]:
    """Source id -> canonical id (the id itself when in no cluster)."""
    ids = list(dict.fromkeys(ids))
    mapping = canonical_of(view.store.con, ids)
    return {i: mapping.get(i, i) for i in ids}


def captions(view: CaseView, ids: Iterable[str]) -> dict[str, str]:
    """A caption per (canonical or source) id, in one audited read of the view."""
    return {i: d["caption"] for i, d in describe(view, ids).items()}


def describe(view: CaseView, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Per (canonical or source) id: ``caption``, the most specific ``schema``, and the
    ``place`` of its first clear Dutch address (see :mod:`offensief.casework.places`); one
    audited read of the view."""
    members = source_ids(view, ids)
    every = sorted({s for group in members.values() for s in group})
    if not every:
        return {}
    wanted = {p for props in CAPTION_PROPS.values() for p in props} | set(_FALLBACK)
    ranked: dict[str, list[tuple[int, int, str]]] = {}
    schemata: dict[str, set[str]] = {}
    addresses: dict[str, list[str]] = {}
    for row in view.statements(entity_ids=every):
        schemata.setdefault(row["entity_id"], set()).add(row["schema"])
        if row["prop"] in ("full", "address") and row["visibility"] == CLEAR:
            addresses.setdefault(row["entity_id"], []).append(row["value"])
        if row["prop"] not in wanted:
            continue
        props = CAPTION_PROPS.get(row["schema"], ()) + _FALLBACK
        rank = (props.index(row["prop"]) if row["prop"] in props else len(props),
                0 if row["visibility"] == CLEAR else 1, row["value"])
        ranked.setdefault(row["entity_id"], []).append(rank)
    out: dict[str, dict[str, Any]] = {}
    for ident, group in members.items():
        found = [r for s in group for r in ranked.get(s, [])]
        caption = ident
        if found:
            # the best property seen best; of its values the one most sources agree on
            top = min((r[1], r[0]) for r in found)
            values = [r[2] for r in found if (r[1], r[0]) == top]
            caption = min(set(values), key=lambda v: (-values.count(v), v))
        kinds = {k for s in group for k in schemata.get(s, ())}
        place = next((p for s in group for a in sorted(addresses.get(s, ()))
                      if (p := place_of(a)) is not None), None)
        out[ident] = {"caption": caption, "schema": deepest(kinds), "place": place}
    return out
