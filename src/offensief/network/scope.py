"""Scope level (niveau) of a network or community: local, regional, national, Kingdom,
international — from members' addresses and countries, the jurisdictions of the companies
they run and the countries of their counter-parties.

Rules, first match wins:

* **international**: a member, linked company or counter-party outside the Kingdom;
* **Kingdom**: one in the Caribbean parts (Curaçao, Aruba, Sint Maarten, Caribbean NL);
* **national**: Dutch addresses in more than one province;
* **regional**: one province, more than one municipality;
* **local**: at most one municipality.

The province comes from the 4-digit postcode (range table below, province-level accuracy);
the municipality is the place name after the postcode, or the last part of the address.

>>> from offensief.network.entities import EntityRecord
>>> a = EntityRecord(id="a", schema="Person"); a.props["address"].append("Kade 1, 1011 AB Amsterdam")
>>> b = EntityRecord(id="b", schema="Person"); b.props["address"].append("Laan 2, 3011 CD Rotterdam")
>>> scope_of([a, b])["level"]
'national'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import igraph as ig

from offensief.model.marks import mark
from offensief.network.entities import EntityRecord

LEVELS = ("local", "regional", "national", "Kingdom", "international")
KINGDOM = {"cw", "aw", "sx", "bq"}
HOME = {"nl"}

#: (first postcode, last postcode, province): the Dutch postcode areas at province level.
POSTCODE_PROVINCES: tuple[tuple[int, int, str], ...] = (
    (1000, 1299, "Noord-Holland"), (1300, 1379, "Flevoland"), (1380, 2199, "Noord-Holland"),
    (2200, 3399, "Zuid-Holland"), (3400, 3999, "Utrecht"), (4000, 4199, "Gelderland"),
    (4200, 4299, "Zuid-Holland"), (4300, 4599, "Zeeland"), (4600, 5299, "Noord-Brabant"),
    (5300, 5399, "Gelderland"), (5400, 5799, "Noord-Brabant"), (5800, 6499, "Limburg"),
    (6500, 7399, "Gelderland"), (7400, 7799, "Overijssel"), (7800, 7999, "Drenthe"),
    (8000, 8199, "Overijssel"), (8200, 8399, "Flevoland"), (8400, 9299, "Friesland"),
    (9300, 9499, "Drenthe"), (9500, 9999, "Groningen"),
)
_POSTCODE = re.compile(r"\b([1-9]\d{3})\s?[A-Za-z]{2}\b\s*([^,]*)")


def province(postcode: int) -> str | None:
    """Province of a 4-digit Dutch postcode."""
    for low, high, name in POSTCODE_PROVINCES:
        if low <= postcode <= high:
            return name
    return None


def parse_address(text: str) -> tuple[str | None, str | None]:
    """(municipality, province) of a Dutch address line; (None, None) if it has neither."""
    match = _POSTCODE.search(text)
    if match:
        place = match.group(2).strip() or None
        return place, province(int(match.group(1)))
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return (parts[-1] if len(parts) > 1 else None), None


def scope_of(members: Iterable[EntityRecord], *, linked: Iterable[EntityRecord] = ()) -> dict[str, Any]:
    """Scope level of a set of members and the companies / counter-parties linked to them."""
    countries: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    places: Counter[str] = Counter()
    evidence: list[str] = []
    for record in members:
        for prop in ("country", "nationality", "jurisdiction", "mainCountry"):
            countries.update(c.lower() for c in record.values(prop))
        for line in record.values("address"):
            place, prov = parse_address(line)
            if place:
                places[place] += 1
            if prov:
                provinces[prov] += 1
    for record in linked:
        for prop in ("country", "jurisdiction", "mainCountry"):
            for c in record.values(prop):
                countries[c.lower()] += 1
                if c.lower() not in HOME:
                    evidence.append(f"{mark(record.id)} ({record.schema}) in {c.lower()}")
    abroad = sorted(c for c in countries if c not in HOME | KINGDOM)
    caribbean = sorted(c for c in countries if c in KINGDOM)
    if abroad:
        level = "international"
    elif caribbean:
        level = "Kingdom"
    elif len(provinces) > 1:
        level = "national"
    elif len(places) > 1:
        level = "regional"
    else:
        level = "local"
    return {"level": level, "countries": dict(countries), "provinces": dict(provinces),
            "municipalities": dict(places), "abroad": abroad, "caribbean": caribbean,
            "evidence": evidence[:20]}


def community_scopes(
    graph: ig.Graph, entity_graph: ig.Graph, *, membership: Sequence[int]
) -> list[dict[str, Any]]:
    """Scope of every community of ``graph`` (nodes matched to ``entity_graph`` by name)."""
    where = {name: i for i, name in enumerate(entity_graph.vs["name"])}
    groups: dict[int, list[int]] = {}
    for node, community in enumerate(membership):
        groups.setdefault(int(community), []).append(node)
    out = []
    for community in sorted(groups):
        members, linked = [], []
        for node in groups[community]:
            j = where.get(graph.vs[node]["name"])
            if j is None:
                continue
            members.append(entity_graph.vs[j]["record"])
            linked += [entity_graph.vs[k]["record"] for k in set(entity_graph.neighbors(j))]
        out.append({"community": community, "size": len(groups[community])} | scope_of(members, linked=linked))
    return out


def network_scope(graph: ig.Graph, entity_graph: ig.Graph) -> dict[str, Any]:
    """Scope of the whole network."""
    return community_scopes(graph, entity_graph, membership=[0] * graph.vcount())[0] if graph.vcount() else \
        scope_of([])
