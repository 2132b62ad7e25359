"""An entity profile as one actor may see it: every value with its provenance, and the
entity's relations (through relationship entities) to other entities."""

from __future__ import annotations

from typing import Any

from offensief.access.pseudonym import is_token
from offensief.access.view import CaseView
from offensief.model.errors import NotFound
from offensief.model.schemata import deepest
from offensief.resolve.canonical import sources
from offensief.store.reads import links_to


def members(view: CaseView, entity_id: str) -> list[str]:
    """The source ids behind a canonical id (the case's entity resolution), or the id itself."""
    return sources(view.store, entity_id, scope=view.scope())


def entity_profile(view: CaseView, entity_id: str) -> dict[str, Any]:
    """Values (with partner, dataset, regime, first/last seen) and relations of one entity
    (a canonical id shows the values of all its source records)."""
    source_ids = members(view, entity_id)
    rows = view.statements(entity_ids=source_ids)
    if not rows:
        raise NotFound(f"entity {entity_id!r} has no values you may see in this case", entity=entity_id)
    datasets = view.case.datasets
    values = [
        {"prop": r["prop"], "value": r["value"], "visibility": r["visibility"], "source_id": r["entity_id"],
         "dataset": r["dataset"], "partner": datasets[r["dataset"]].partner,
         "regime": datasets[r["dataset"]].regime, "schema": r["schema"],
         "first_seen": r["first_seen"], "last_seen": r["last_seen"]}
        for r in rows
    ]
    schema = deepest(r["schema"] for r in rows)
    captions = view.captions(source_ids)
    caption = min(captions.values(), key=lambda c: (is_token(c), c in source_ids, c))
    return {"id": entity_id, "source_ids": source_ids, "caption": caption, "schema": schema,
            "values": values, "relations": [r for sid in source_ids for r in relations(view, sid)]}


def relations(view: CaseView, entity_id: str, *, limit: int = 200) -> list[dict[str, Any]]:
    """Relationship entities that point at ``entity_id``, with the entity at the other end."""
    visible = list(view.visible_datasets())
    if not visible:
        return []
    rows = view.cached(("links", entity_id, limit),
                       lambda: links_to(view.store, entity_id, datasets=visible, limit=limit))
    links = [(r["entity_id"], r["schema"], r["prop"]) for r in rows]
    if not links:
        return []
    rel_ids = [r[0] for r in links]
    rows = view.statements(entity_ids=rel_ids)
    ends: dict[str, list[tuple[str, str]]] = {}
    dates: dict[str, list[str]] = {}
    for row in rows:
        if row["prop_type"] == "entity" and row["value"] != entity_id:
            ends.setdefault(row["entity_id"], []).append((row["prop"], row["value"]))
        elif row["prop_type"] == "date":
            dates.setdefault(row["entity_id"], []).append(row["value"])
    others = sorted({v for pairs in ends.values() for _, v in pairs})
    captions = view.captions(others) if others else {}
    out = []
    for rel_id, schema, prop in links:
        for other_prop, other in ends.get(rel_id, []):
            out.append({"relation_id": rel_id, "schema": schema, "as": prop, "other_role": other_prop,
                        "other_id": other, "other": captions.get(other, other),
                        "dates": sorted(dates.get(rel_id, []))})
    return out
