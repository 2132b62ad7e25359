"""An entity profile as an analyst reads it: each value once, with the datasets behind it;
conflicts between sources flagged; activity dates from the source's own dates (calls,
payments, start dates) rather than the load time; payments as a table with amounts; and
relations grouped by kind and counterpart.

Values a viewer sees only as tokens are never merged with clear ones (that would say what
the hidden source holds); two different tokens of a single-valued property still flag a
conflict, because equal values always get equal tokens.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from offensief.access.pseudonym import is_token
from offensief.access.view import TOKEN
from offensief.casework.caller import Caller
from offensief.casework.cases import CallerView, open_view
from offensief.casework.explore import _links
from offensief.casework.naming import canonical_ids, describe, source_ids
from offensief.model.errors import NotFound
from offensief.store import lookup

#: Properties one entity has one value of: sources that disagree are a conflict to resolve.
SINGLE = frozenset({"birthDate", "deathDate", "gender", "incorporationDate", "dissolutionDate",
                    "registrationNumber", "iban", "cadastralCode", "jurisdiction", "legalForm"})
#: Properties whose spellings differ between sources (shown as variants, not conflicts).
VARIANTS = frozenset({"name", "firstName", "lastName"})
ORDER = ("name", "firstName", "lastName", "birthDate", "gender", "nationality", "idNumber",
         "phone", "email", "address", "registrationNumber", "iban")


@dataclass
class Value:
    """One value of a property with every dataset that holds it."""

    prop: str
    value: str
    visibility: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    revealable: bool = False  # a token the caller may reveal with a reason (else no form)

    @property
    def datasets(self) -> list[str]:
        return sorted({s["dataset"] for s in self.sources})


@dataclass
class Profile:
    id: str
    caption: str
    names: list[str]
    schema: str
    source_ids: list[str]
    values: list[Value]
    conflicts: dict[str, list[Value]]
    variants: dict[str, list[Value]]
    first_seen: str | None
    last_seen: str | None
    payments: list[dict[str, Any]]
    relations: dict[str, list[dict[str, Any]]]
    place: dict[str, Any] | None = None


def _key(value: str) -> str:
    text = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in text if ch.isalnum())


def _merge(view: CallerView, rows: list[dict[str, Any]]) -> list[Value]:
    datasets = view.case.datasets
    collected = lookup.dataset_dates(view.store.con, sorted({r["dataset"] for r in rows}))
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["prop_type"] == "entity":
            continue
        hidden = row["visibility"] == TOKEN and is_token(row["value"])
        groups[(row["prop"], "token" if hidden else "clear", row["value"] if hidden else _key(row["value"]))].append(row)
    values = []
    for (prop, visibility, _), group in groups.items():
        shown = Counter(r["value"] for r in group).most_common(1)[0][0]
        value = Value(prop, shown, visibility)
        for r in sorted(group, key=lambda r: r["dataset"]):
            ref = datasets.get(r["dataset"])
            value.sources.append({"dataset": r["dataset"], "source_id": r["entity_id"],
                                  "partner": ref.partner if ref else "", "regime": ref.regime if ref else "",
                                  "collected": str(collected.get(r["dataset"]) or ""),
                                  "loaded": r["first_seen"]})
        values.append(value)
    rank = {p: i for i, p in enumerate(ORDER)}
    return sorted(values, key=lambda v: (rank.get(v.prop, len(ORDER)), v.prop, -len(v.sources), v.value))


def _payments(view: CallerView, sources: list[str]) -> list[dict[str, Any]]:
    rows = lookup.payment_rows(view.store.con, sorted(view.levels), sources)
    own = set(sources)
    canon = canonical_ids(view, [x for r in rows for x in (r["payer_id"], r["beneficiary_id"]) if x])
    out = []
    for r in rows:
        outgoing = r["payer_id"] in own
        other = r["beneficiary_id"] if outgoing else r["payer_id"]
        hidden = view.levels[r["dataset"]] == TOKEN
        text = r["purpose"] or r["description"] or ""
        out.append({"id": r["id"], "date": str(r["ts"] or "")[:10], "direction": "uit" if outgoing else "in",
                    "amount": r["amount"], "currency": r["currency"] or "EUR",
                    "other_id": canon.get(other, other) if other else None,
                    "own_account": r["payer_account"] if outgoing else r["beneficiary_account"],
                    "other_account": r["beneficiary_account"] if outgoing else r["payer_account"],
                    "purpose": view.pseudonymise(text, prop="purpose") if hidden and text else text,
                    "dataset": r["dataset"]})
    return out


def _relations(view: CallerView, me: str, sources: list[str]) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    links, events = _links(view, sources, relations=None, since=None, until=None, known_by=None)
    canon = canonical_ids(view, [x for a, b, _, _ in links for x in (a, b)])
    dates: dict[str | None, list[str]] = defaultdict(list)
    amounts: dict[str | None, float] = defaultdict(float)
    for event in events:
        dates[event.id].append(event.date)
        amounts[event.id] += event.amount or 0.0
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for a, b, relation, rel_id in links:
        a, b = canon[a], canon[b]
        if me not in (a, b) or a == b:
            continue
        other, direction = (b, "uit") if a == me else (a, "in")
        item = grouped.setdefault((relation, other, direction), {
            "relation": relation, "other_id": other, "direction": direction, "count": 0,
            "first": None, "last": None, "amount": 0.0})
        item["count"] += 1
        for when in dates.get(rel_id, []):
            item["first"] = min(item["first"] or when, when)
            item["last"] = max(item["last"] or when, when)
        item["amount"] += amounts.get(rel_id, 0.0)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in sorted(grouped.values(), key=lambda i: (i["relation"], -i["count"], i["other_id"])):
        out[item["relation"]].append(item)
    every = sorted(d for e in events for d in [e.date] if canon.get(e.source) == me or canon.get(e.target) == me)
    return dict(out), every


def entity_profile(caller: Caller, case: int | str, entity_id: str) -> Profile:
    """The profile of ``entity_id`` (canonical or source id) in ``case`` for ``caller``."""
    view = open_view(caller, case, what={"entity": entity_id})
    sources = source_ids(view, [entity_id])[entity_id]
    rows = view.statements(entity_ids=sources)
    if not rows:
        raise NotFound(f"entity {entity_id!r} has no values you may see in this case", entity=entity_id)
    values = _merge(view, rows)
    for value in values:
        value.revealable = value.visibility == "token" and any(
            caller.can("reveal", case=view.case, dataset=d).allowed for d in value.datasets)
    by_prop: dict[str, list[Value]] = defaultdict(list)
    for value in values:
        by_prop[value.prop].append(value)
    conflicts = {p: vs for p, vs in by_prop.items() if p in SINGLE and len(vs) > 1}
    variants = {p: vs for p, vs in by_prop.items() if p in VARIANTS and len(vs) > 1}
    relations, activity = _relations(view, entity_id, sources)
    ids = {i["other_id"] for group in relations.values() for i in group}
    payments = _payments(view, sources)
    ids |= {p["other_id"] for p in payments if p["other_id"]}
    ids |= {a for p in payments for a in (p["own_account"], p["other_account"]) if a}
    about = describe(view, sorted(ids | {entity_id}))
    names = {i: d["caption"] for i, d in about.items()}
    for group in relations.values():
        for item in group:
            item["other"] = names.get(item["other_id"], item["other_id"])
            item["other_schema"] = about.get(item["other_id"], {}).get("schema", "Thing")
    for p in payments:
        p["other"] = names.get(p["other_id"], p["other_id"]) if p["other_id"] else ""
        p["own_account_caption"] = names.get(p["own_account"], p["own_account"]) if p["own_account"] else ""
        p["other_account_caption"] = names.get(p["other_account"], p["other_account"]) if p["other_account"] else ""
    mine = about.get(entity_id, {"caption": entity_id, "schema": "Thing", "place": None})
    name_values = [v.value for v in by_prop.get("name", [])]
    return Profile(id=entity_id, caption=mine["caption"], names=name_values, schema=mine["schema"],
                   source_ids=sources, values=values, conflicts=conflicts, variants=variants,
                   first_seen=activity[0] if activity else None,
                   last_seen=activity[-1] if activity else None,
                   payments=payments, relations=relations, place=mine["place"])
