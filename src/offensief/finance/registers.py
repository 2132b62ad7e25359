"""What the registers and records say about people, companies and assets, loaded once.

Canonical ids throughout (``fin_canonical``). Read from FtM statements:

* ``Ownership`` (owner → asset, percentage, role, ownershipType, startDate, endDate): current
  shareholdings, titles to property, account holders, UBO-register entries. A UBO entry whose
  role or type says the owner could not be established and a senior manager was registered
  instead (the Dutch "pseudo-UBO", *hoger leidinggevend personeel*; Handelsregisterbesluit
  art. 51a; FATF's "senior managing official") is kept apart: it names who runs a company,
  not whose it is;
* ``Directorship`` (director → organization, role, endDate);
* ``Vehicle.owner`` (registered keeper) and ``Vehicle.operator`` (who is seen using it);
* ``Person.birthDate`` and addresses (``address`` text or ``addressEntity`` → ``Address``);
* ``Family``, ``Associate`` and ``UnknownLink`` ties between persons.

Only current ownerships and directorships count (no ``endDate`` today or earlier).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import duckdb

from offensief.finance.addresses import Address, parse
from offensief.finance.control import is_nominee, is_ubo_entry

PERSON = "Person"
ORGANISATIONS = ("Company", "Organization", "LegalEntity", "PublicBody")
#: Legal forms (or names) of organisations that have no shareholders: their directors own nothing.
FOUNDATION_WORDS = ("stichting", "foundation", "stak", "administratiekantoor", "trust")
#: Words of a UBO entry that registers a senior manager because no owner could be found.
PSEUDO_UBO_WORDS = ("pseudo", "leidinggevend", "senior managing", "senior manag", "no ubo", "geen ubo")

_RELATIONS = """
WITH rel AS (
    SELECT s.entity_id, min(s.schema) AS schema,
           max(s.value) FILTER (WHERE s.prop IN ('owner', 'director')) AS holder,
           max(s.value) FILTER (WHERE s.prop IN ('asset', 'organization')) AS target,
           max(s.value) FILTER (WHERE s.prop = 'percentage') AS pct,
           lower(concat_ws(' ', max(s.value) FILTER (WHERE s.prop = 'role'),
                           max(s.value) FILTER (WHERE s.prop = 'ownershipType'))) AS role,
           min(s.value) FILTER (WHERE s.prop IN ('startDate', 'date')) AS start,
           min(s.value) FILTER (WHERE s.prop = 'endDate') AS ended
    FROM statements s WHERE s.schema IN ('Ownership', 'Directorship')
    GROUP BY s.entity_id
)
SELECT rel.schema, coalesce(m1.canonical_id, rel.holder), coalesce(m2.canonical_id, rel.target),
       try_cast(rel.pct AS DOUBLE), rel.role, rel.start
FROM rel
LEFT JOIN fin_canonical m1 ON m1.source_id = rel.holder
LEFT JOIN fin_canonical m2 ON m2.source_id = rel.target
WHERE rel.holder IS NOT NULL AND rel.target IS NOT NULL AND (rel.ended IS NULL OR rel.ended > ?)
"""

_ENTITIES = """
SELECT coalesce(m.canonical_id, s.entity_id), min(s.schema),
       min(s.value) FILTER (WHERE s.prop = 'name'),
       min(s.value) FILTER (WHERE s.prop = 'birthDate'),
       lower(concat_ws(' ', min(s.value) FILTER (WHERE s.prop = 'legalForm'), min(s.value) FILTER (WHERE s.prop = 'name')))
FROM statements s LEFT JOIN fin_canonical m ON m.source_id = s.entity_id
WHERE s.schema IN ('Person', 'Company', 'Organization', 'LegalEntity', 'PublicBody')
GROUP BY 1
"""

#: Every address text of an entity: its own ``address`` and its ``addressEntity``'s full text
#: (or street, postcode and city joined).
_ADDRESSES = """
WITH addr AS (
    SELECT entity_id,
           coalesce(max(value) FILTER (WHERE prop = 'full'),
                    concat_ws(' ', max(value) FILTER (WHERE prop = 'street'),
                              max(value) FILTER (WHERE prop = 'postalCode'),
                              max(value) FILTER (WHERE prop = 'city'))) AS text
    FROM statements WHERE schema = 'Address' GROUP BY entity_id
)
SELECT DISTINCT coalesce(m.canonical_id, s.entity_id), s.schema, s.value
FROM statements s LEFT JOIN fin_canonical m ON m.source_id = s.entity_id
WHERE (s.prop = 'address' AND s.schema IN ('Person', 'Company', 'RealEstate', 'Vehicle', 'LegalEntity'))
   OR (s.prop = 'name' AND s.schema = 'RealEstate')
UNION
SELECT DISTINCT coalesce(m.canonical_id, s.entity_id), s.schema, addr.text
FROM statements s JOIN addr ON addr.entity_id = s.value
LEFT JOIN fin_canonical m ON m.source_id = s.entity_id
WHERE s.prop = 'addressEntity' AND s.schema IN ('Person', 'Company', 'RealEstate', 'Vehicle', 'LegalEntity')
"""

_VEHICLES = """
SELECT coalesce(m1.canonical_id, v.entity_id), v.prop, coalesce(m2.canonical_id, v.value)
FROM statements v
LEFT JOIN fin_canonical m1 ON m1.source_id = v.entity_id
LEFT JOIN fin_canonical m2 ON m2.source_id = v.value
WHERE v.schema = 'Vehicle' AND v.prop IN ('owner', 'operator')
"""

_TIES = """
SELECT coalesce(m1.canonical_id, a.value), coalesce(m2.canonical_id, b.value), a.schema
FROM statements a
JOIN statements b ON b.entity_id = a.entity_id AND b.prop IN ('relative', 'associate', 'object')
LEFT JOIN fin_canonical m1 ON m1.source_id = a.value
LEFT JOIN fin_canonical m2 ON m2.source_id = b.value
WHERE a.schema IN ('Family', 'Associate', 'UnknownLink') AND a.prop IN ('person', 'subject')
"""


@dataclass(frozen=True)
class Holding:
    """One registered holding: ``owner`` holds ``pct`` % of an asset or company."""

    owner: str
    pct: float
    role: str
    start: str | None = None

    @property
    def is_ubo_entry(self) -> bool:
        return is_ubo_entry(self.role)

    @property
    def is_pseudo_ubo(self) -> bool:
        return self.is_ubo_entry and any(w in self.role for w in PSEUDO_UBO_WORDS)


@dataclass
class Registers:
    """Register facts per canonical id."""

    schema: dict[str, str]
    names: dict[str, str]
    births: dict[str, str]
    foundations: set[str]  # organisations without shareholders: foundations, STAKs
    owners: dict[str, list[Holding]] = field(default_factory=lambda: defaultdict(list))
    directors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    held: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # owner -> what it holds
    directs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # person -> organisations
    operators: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    addresses: dict[str, list[Address]] = field(default_factory=lambda: defaultdict(list))
    ties: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    def is_person(self, entity: str | None) -> bool:
        return entity is not None and self.schema.get(entity) == PERSON

    def is_organisation(self, entity: str | None) -> bool:
        return entity is not None and self.schema.get(entity) in ORGANISATIONS

    def name(self, entity: str) -> str:
        return self.names.get(entity, entity)

    def nominee_holding(self, holding: Holding) -> bool:
        """A trustee / nominee holding (a trust office, a STAK holding shares for others)."""
        return is_nominee(holding.role, self.names.get(holding.owner, ""))

    def add_holding(self, asset: str, owner: str, role: str, pct: float = 100.0) -> None:
        """Record a holding the statements imply but do not state (an account's payer)."""
        self.owners[asset].append(Holding(owner, pct, role))
        self.held[owner].append(asset)

    def age_on(self, person: str, day: date) -> float | None:
        """Age in years on ``day`` from the birth date, if known."""
        born = _date(self.births.get(person))
        return None if born is None else (day - born).days / 365.25


def _date(text: str | None) -> date | None:
    if not text or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def load_registers(con: duckdb.DuckDBPyConnection, *, today: date | None = None) -> Registers:
    """Read every register fact the beneficial-ownership search uses (``fin_canonical`` must
    exist: :func:`offensief.finance.transactions.prepare`)."""
    schema, names, births = {}, {}, {}
    foundations = set()
    for entity, kind, name, born, form in con.execute(_ENTITIES).fetchall():
        schema[entity] = kind
        if kind != PERSON and any(w in (form or "") for w in FOUNDATION_WORDS):
            foundations.add(entity)
        if name:
            names[entity] = name
        if born:
            births[entity] = born
    reg = Registers(schema, names, births, foundations)
    for kind, holder, target, pct, role, start in con.execute(
            _RELATIONS, [(today or date.today()).isoformat()]).fetchall():
        if holder == target:
            continue
        if kind == "Ownership":
            reg.owners[target].append(Holding(holder, 100.0 if pct is None else float(pct), role or "", start))
            reg.held[holder].append(target)
        else:
            reg.directors[target].append(holder)
            reg.directs[holder].append(target)
    for vehicle, prop, person in con.execute(_VEHICLES).fetchall():
        if prop == "owner":
            if all(h.owner != person for h in reg.owners[vehicle]):
                reg.add_holding(vehicle, person, "kentekenhouder")
        else:
            reg.operators[vehicle].add(person)
    for entity, _, text in con.execute(_ADDRESSES).fetchall():
        parsed = parse(text)
        if parsed is not None and parsed not in reg.addresses[entity]:
            reg.addresses[entity].append(parsed)
    for a, b, kind in con.execute(_TIES).fetchall():
        if a and b and a != b:
            reg.ties[a][b] = kind
            reg.ties[b][a] = kind
    return reg
