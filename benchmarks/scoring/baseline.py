"""The obvious alternative for beneficial owners: walk up the registered owners.

From an asset's current registered owner (Kadaster ``Ownership`` without end date, RDW
``Vehicle.owner``) follow the largest registered shareholding (KvK ``Ownership`` with a
percentage, UBO entries left out) up to a natural person. Firms are matched across sources
by KvK number, else by name. This reads only the partner files, as an analyst would by hand.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path


def _entities(sources: Path) -> dict[str, dict]:
    found = {}
    for path in sorted(sources.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    e = json.loads(line)
                    found[e["id"]] = e
    return found


def _first(e: dict, prop: str) -> str | None:
    values = e.get("properties", {}).get(prop) or []
    return values[0] if values else None


def register_walk(sources: Path, asset_ids: set[str], *, depth: int = 8) -> dict[str, set[str]]:
    """asset record id -> {record id of the person the registers end at}."""
    ents = _entities(sources)
    firm_key = {}
    for eid, e in ents.items():
        if e["schema"] in ("Company", "Organization", "LegalEntity"):
            firm_key[eid] = _first(e, "registrationNumber") or (_first(e, "name") or eid).lower()
    holders: dict[str, list[tuple[float, str]]] = defaultdict(list)  # asset/firm key -> owners
    for e in ents.values():
        if e["schema"] != "Ownership":
            continue
        role = (_first(e, "role") or "").lower()
        if "ubo" in role or _first(e, "endDate"):
            continue
        owner, asset = _first(e, "owner"), _first(e, "asset")
        if not owner or not asset:
            continue
        pct = float(_first(e, "percentage") or 0)
        key = firm_key.get(asset, asset)
        holders[key].append((pct, owner))
    result: dict[str, set[str]] = {}
    for aid in asset_ids:
        e = ents.get(aid)
        if e is None:
            continue
        current = _first(e, "owner") if e["schema"] == "Vehicle" else None
        if current is None:
            owners = sorted(holders.get(aid, []), reverse=True)
            current = owners[0][1] if owners else None
        for _ in range(depth):
            if current is None or current not in firm_key:
                break
            owners = sorted(holders.get(firm_key[current], []), reverse=True)
            if not owners:
                break
            current = owners[0][1]
        if current is not None and current not in firm_key:
            result[aid] = {current}
    return result
