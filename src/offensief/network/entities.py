"""Entities as the network sees them: one record per canonical id, read from the statement store.

Entity resolution (another package) may map source ids to canonical ids; this module takes
that mapping as a plain ``Mapping[str, str]`` and keeps the source ids behind every
canonical entity, so every result can be traced back to partner records. Bank accounts
that carry the same IBAN are one account even without a mapping.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from followthemoney import model

from offensief.model.accounts import iban_key, is_iban
from offensief.model.captions import best_caption, caption_props
from offensief.model.schemata import deepest
from offensief.store import statements
from offensief.store.duckstore import Store

#: Non-entity properties the network reads (roles, scope, shared identifiers, money).
VALUE_PROPS = (
    "name", "phone", "address", "country", "jurisdiction", "nationality", "profession",
    "position", "sector", "classification", "role", "relationship", "percentage", "amount",
    "date", "startDate", "callerNumber", "receiverNumber", "description", "purpose", "iban",
    "registrationNumber", "topics", "legalForm", "mainCountry", "status", "summary",
)


@dataclass(slots=True)
class EntityRecord:
    """All statements of one canonical entity, grouped by property."""

    id: str
    schema: str
    source_ids: set[str] = field(default_factory=set)
    datasets: set[str] = field(default_factory=set)
    props: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def first(self, prop: str, default: str = "") -> str:
        """First value of ``prop`` (sorted for stability), or ``default``."""
        values = self.props.get(prop)
        return min(values) if values else default

    def values(self, prop: str) -> list[str]:
        """Distinct values of ``prop`` in sorted order."""
        return sorted(set(self.props.get(prop, [])))

    @property
    def caption(self) -> str:
        """The entity's caption by the one rule (:func:`offensief.model.captions.best_caption`)."""
        return best_caption(self.schema, self.id, [(p, v, True) for p in caption_props(self.schema)
                                                   for v in self.props.get(p, ())])

    def is_a(self, schema: str) -> bool:
        """True if the entity's schema is ``schema`` or a descendant of it."""
        own = model.get(self.schema)
        return own is not None and own.is_a(schema)


def load_entities(
    store: Store,
    *,
    canonical: Mapping[str, str] | None = None,
    datasets: Iterable[str] | None = None,
) -> dict[str, EntityRecord]:
    """Read the statements (of ``datasets``, default all) into canonical entity records.

    Entity-valued properties are rewritten to canonical ids, so relations between source
    records become relations between canonical entities.
    """
    mapping = dict(canonical or {})
    scope = list(datasets) if datasets is not None else None
    rows = statements.network_rows(store, VALUE_PROPS, datasets=scope)
    schemas = statements.schemata_of(store, datasets=scope)
    _unify_accounts(rows, mapping)
    records: dict[str, EntityRecord] = {}
    for entity_id, found in schemas:
        cid = mapping.get(entity_id, entity_id)
        record = records.get(cid)
        if record is None:
            record = records[cid] = EntityRecord(id=cid, schema=deepest(found, default=found[0]))
        else:
            record.schema = deepest([record.schema, *found], default=record.schema)
        record.source_ids.add(entity_id)
    for entity_id, _schema, prop, prop_type, value, dataset in rows:
        record = records[mapping.get(entity_id, entity_id)]
        record.datasets.add(dataset)
        if prop_type == "entity":
            value = mapping.get(value, value)
        record.props[prop].append(value)
    return records


def _unify_accounts(rows: list[tuple], mapping: dict[str, str]) -> None:
    """Map bank accounts with the same IBAN to one id (unless already mapped). A value of the
    ``iban`` property that is no full IBAN (a bare account number) joins nothing."""
    by_iban: dict[str, list[str]] = defaultdict(list)
    for entity_id, schema, prop, _type, value, _dataset in rows:
        if schema == "BankAccount" and prop == "iban" and is_iban(value):
            by_iban[iban_key(value)].append(entity_id)
    for ids in by_iban.values():
        target = mapping.get(min(ids), min(ids))
        for entity_id in ids:
            mapping.setdefault(entity_id, target)
