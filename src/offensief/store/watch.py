"""Statement queries for watching people: new activity around entities since a moment, and
the identifier values (names, birth dates, phones, addresses) inside a set of datasets.

Used by the protection register's signals; they return counts and raw values to a domain
function that decides what may be said about them — never to a front end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from offensief.store.duckstore import Store


@dataclass(frozen=True)
class Activity:
    """New statements of one kind around the watched entities.

    ``how`` is ``own`` (a statement about the entity itself: a new address, phone) or
    ``ref`` (a new entity that points at it: a call, a payment, a relation)."""

    how: str
    schema: str
    prop: str
    dataset: str
    entities: int
    first: datetime
    last: datetime


def same_as(store: Store, entity_ids: list[str]) -> list[str]:
    """``entity_ids`` plus every source id resolution put in the same cluster."""
    if not entity_ids:
        return []
    has_canonical = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'canonical'"
    ).fetchone()
    if not has_canonical or not has_canonical[0]:
        return sorted(set(entity_ids))
    rows = store.con.execute(
        "SELECT DISTINCT c2.entity_id FROM canonical c1 JOIN canonical c2 "
        "ON c2.canonical_id = c1.canonical_id AND c2.kind = c1.kind "
        "WHERE c1.entity_id IN (SELECT unnest(?))", [entity_ids]).fetchall()
    return sorted(set(entity_ids) | {r[0] for r in rows})


def activity_since(store: Store, entity_ids: list[str], since: datetime,
                   until: datetime) -> list[Activity]:
    """Statements first seen after ``since`` (up to and including ``until``) about
    ``entity_ids`` or pointing at them, grouped by how, schema, property and dataset."""
    if not entity_ids:
        return []
    rows = store.con.execute(
        """
        WITH ids AS (SELECT unnest(?) AS id),
        own AS (SELECT 'own' AS how, schema, prop, dataset, entity_id, first_seen
                FROM statements WHERE entity_id IN (SELECT id FROM ids)
                AND first_seen > ? AND first_seen <= ?),
        ref AS (SELECT 'ref' AS how, schema, prop, dataset, entity_id, first_seen
                FROM statements WHERE prop_type = 'entity' AND value IN (SELECT id FROM ids)
                AND first_seen > ? AND first_seen <= ?)
        SELECT how, schema, prop, dataset, count(DISTINCT entity_id), min(first_seen),
               max(first_seen)
        FROM (SELECT * FROM own UNION ALL SELECT * FROM ref)
        GROUP BY how, schema, prop, dataset ORDER BY how, schema, prop, dataset
        """, [entity_ids, since, until, since, until]).fetchall()
    return [Activity(*row) for row in rows]


def identifier_values(store: Store, *, props: tuple[str, ...],
                      datasets: list[str]) -> list[tuple[str, str, str, str]]:
    """Distinct ``(entity_id, prop, value, dataset)`` of ``props`` inside ``datasets``."""
    if not datasets or not props:
        return []
    rows = store.con.execute(
        "SELECT DISTINCT entity_id, prop, value, dataset FROM statements "
        "WHERE dataset IN (SELECT unnest(?)) AND prop IN (SELECT unnest(?))",
        [datasets, list(props)]).fetchall()
    return [(str(a), str(b), str(c), str(d)) for a, b, c, d in rows]


def relations(store: Store, *, dataset: str, relationship: str,
              schema: str = "Associate", left: str = "person",
              right: str = "associate") -> list[tuple[str, str]]:
    """``(left, right)`` entity ids of the ``schema`` links with ``relationship`` in
    ``dataset`` (e.g. the police's *handlanger* links)."""
    rows = store.con.execute(
        """
        SELECT max(value) FILTER (WHERE prop = ?), max(value) FILTER (WHERE prop = ?)
        FROM statements WHERE dataset = ? AND schema = ?
        GROUP BY entity_id
        HAVING bool_or(prop = 'relationship' AND value = ?)
        ORDER BY 1, 2
        """, [left, right, dataset, schema, relationship]).fetchall()
    return [(a, b) for a, b in rows if a and b]


def first_value(store: Store, entity_id: str, prop: str) -> str | None:
    """The smallest value of ``prop`` for one entity (a stable caption), or ``None``."""
    row = store.con.execute("SELECT min(value) FROM statements WHERE entity_id = ? AND prop = ?",
                            [entity_id, prop]).fetchone()
    return row[0] if row else None


def identities(store: Store, *, dataset: str, schema: str = "Person") -> list[dict[str, str | None]]:
    """id, name, birthDate, address and phone (smallest value of each) of the ``schema``
    entities of ``dataset``, in id order."""
    rows = store.con.execute(
        """
        SELECT entity_id, min(value) FILTER (WHERE prop = 'name'),
               min(value) FILTER (WHERE prop = 'birthDate'),
               min(value) FILTER (WHERE prop = 'address'), min(value) FILTER (WHERE prop = 'phone')
        FROM statements WHERE dataset = ? AND schema = ? GROUP BY entity_id ORDER BY entity_id
        """, [dataset, schema]).fetchall()
    return [{"id": r[0], "name": r[1], "birth_date": r[2], "address": r[3], "phone": r[4]}
            for r in rows]
