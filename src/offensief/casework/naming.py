"""Names everywhere: a caption for every entity a viewer is shown, never a raw id where a
name exists, by the one caption rule (:mod:`offensief.model.captions`): a name, else the
IBAN of an account, the address of a property, the plate of a vehicle, the number of a
phone line, else a short schema and id.

Captions are masked like everything else: a value from a dataset the viewer sees only
pseudonymised is its token; a clear caption is preferred over a token.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from offensief.access.view import CLEAR, CaseView
from offensief.casework.places import place_of
from offensief.model.captions import CAPTION_PROPS, best_caption
from offensief.model.schemata import deepest
from offensief.store import lookup
from offensief.store.lookup import canonical_of


def source_ids(view: CaseView, ids: Iterable[str]) -> dict[str, list[str]]:
    """Canonical (or plain) id -> the source ids behind it, in the case's resolution."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    members = lookup.members_of(view.store.con, ids, scope=view.scope())
    return {i: members.get(i) or [i] for i in ids}


def canonical_ids(view: CaseView, ids: Iterable[str]) -> dict[str, str]:
    """Source id -> canonical id in the case's resolution (the id itself when in no cluster)."""
    ids = list(dict.fromkeys(ids))
    mapping = canonical_of(view.store.con, ids, scope=view.scope())
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
    wanted = set(CAPTION_PROPS) | {"full", "address"}
    values: dict[str, list[tuple[str, str, bool]]] = {}
    schemata: dict[str, set[str]] = {}
    addresses: dict[str, list[str]] = {}
    for row in view.statements(entity_ids=every, props=wanted):
        schemata.setdefault(row["entity_id"], set()).add(row["schema"])
        clear = row["visibility"] == CLEAR
        if row["prop"] in ("full", "address") and clear:
            addresses.setdefault(row["entity_id"], []).append(row["value"])
        values.setdefault(row["entity_id"], []).append((row["prop"], row["value"], clear))
    kinds_of = _schemata(view, [s for s in every if s not in schemata])
    out: dict[str, dict[str, Any]] = {}
    for ident, group in members.items():
        kinds = {k for s in group for k in schemata.get(s, kinds_of.get(s, ()))}
        schema = deepest(kinds)
        caption = best_caption(schema, ident, [v for s in group for v in values.get(s, ())])
        place = next((p for s in group for a in sorted(addresses.get(s, ()))
                      if (p := place_of(a)) is not None), None)
        out[ident] = {"caption": caption, "schema": schema, "place": place}
    return out


def _schemata(view: CaseView, ids: list[str]) -> dict[str, set[str]]:
    """The schemata of entities that have no captioning statement (for their short label)."""
    return lookup.schemata_of(view.store.con, sorted(view.levels), ids) if ids else {}

