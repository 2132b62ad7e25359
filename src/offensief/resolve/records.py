"""Statements -> one comparison record per source entity, per kind of entity.

A *kind* groups FtM schemata that can be the same real thing: ``person`` (Person),
``organisation`` (Company, Organization, LegalEntity), ``account`` (BankAccount),
``vehicle`` (Vehicle) and ``address`` (Address). Every record has ``unique_id`` (the
source entity id) and ``dataset`` plus normalised columns for comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import pandas as pd

from offensief.model.accounts import iban_key, is_iban
from offensief.resolve import names
from offensief.resolve.given import formal
from offensief.store import records as store_records

#: FtM schemata per kind of entity.
KINDS: dict[str, tuple[str, ...]] = {
    "person": ("Person",),
    "organisation": ("Company", "Organization", "LegalEntity"),
    "account": ("BankAccount",),
    "vehicle": ("Vehicle",),
    "address": ("Address",),
}

_PROPS: dict[str, tuple[str, ...]] = {
    "person": ("name", "firstName", "lastName", "middleName", "birthDate", "address", "phone",
               "email", "idNumber", "passportNumber", "socialSecurityNumber", "taxNumber"),
    "organisation": ("name", "registrationNumber", "incorporationDate", "address", "phone",
                     "email", "taxNumber", "vatCode"),
    "account": ("iban", "accountNumber", "bic", "bankName"),
    "vehicle": ("registrationNumber", "model", "type"),
    "address": ("full", "street", "postalCode", "city"),
}


def raw(con: duckdb.DuckDBPyConnection, kind: str, *,
        entity_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """One row per entity of ``kind``: its dataset and the first value of each property.

    Linked ``Address`` entities (``addressEntity``) fill the address of people and
    organisations that have no address text of their own.
    """
    columns = _columns(con, kind, entity_ids)
    keys = list(columns)
    return [dict(zip(keys, row)) for row in zip(*columns.values())]


def _columns(con: duckdb.DuckDBPyConnection, kind: str,
             entity_ids: Sequence[str] | None) -> dict[str, list[Any]]:
    """The rows of :func:`raw` as one list per column (None for a missing value; every
    column is text)."""
    frame = store_records.entity_rows(con, KINDS[kind], _PROPS[kind], entity_ids=entity_ids)
    return {c: [v if isinstance(v, str) else None for v in frame[c].tolist()]
            for c in frame.columns}


def _each(values: Sequence[Any], fn: Callable[[Any], Any]) -> list[Any]:
    """``fn`` of every value, computed once per distinct value (names and dates repeat)."""
    seen: dict[Any, Any] = {}
    out = []
    for value in values:
        try:
            out.append(seen[value])
        except KeyError:
            seen[value] = result = fn(value)
            out.append(result)
    return out


def _or(*columns: Sequence[Any]) -> list[Any]:
    """Per row, the first value that is set (like SQL ``coalesce`` with Python truthiness)."""
    return [next((v for v in vs if v), None) for vs in zip(*columns)]


def _first_token(value: str | None) -> str | None:
    cleaned = names.clean(value)
    return cleaned.split(" ")[0] if cleaned else None


def _unzip(pairs: Sequence[tuple[Any, Any]]) -> tuple[list[Any], list[Any]]:
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _given_tokens(value: str | None) -> tuple[str, ...]:
    cleaned = names.clean(value)
    return tuple(cleaned.split(" ")) if cleaned else ()


def _initials(given: tuple[str, ...]) -> str | None:
    """The initials of all given names in order ("Marco Hendrik" and "M.H." -> "mh")."""
    return "".join(g[0] for g in given) or None


def _email(value: str | None) -> str | None:
    return (value or "").strip().lower() or None


def _address_of(parts: tuple[Any, Any, Any, Any]) -> tuple[str | None, str | None, str | None, str | None]:
    text, street, postcode, city = parts
    return _address({"address": text, "a_street": street, "a_postcode": postcode, "a_city": city})


def _people(cols: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Person records column by column: :func:`_person` for every row, each distinct input
    value normalised once."""
    n = len(cols["unique_id"])
    none: list[Any] = [None] * n

    def get(name: str) -> list[Any]:
        return cols.get(name, none)

    full, full_gen = _unzip(_each(get("name"), names.generation))
    given_prop, given_gen = _unzip(_each(get("firstName"), names.generation))
    last_prop, last_gen = _unzip(_each(get("lastName"), names.generation))
    split = _each(full, names.split_name)
    first = [a or b[0] for a, b in zip(_each(given_prop, _first_token), split)]
    last = [a or b[1] for a, b in zip(_each(last_prop, names.clean), split)]
    initials = [_initials(a) or _initials(b) for a, b in
                zip(_each(given_prop, _given_tokens), _each(full, names.given_names))]
    core = _each(last, names.surname_core)
    birth = _each(get("birthDate"), names.iso_date)
    where = _each(list(zip(_or(get("address"), get("a_full")), get("a_street"),
                           get("a_postcode"), get("a_city"))), _address_of)
    ident = _or(get("idNumber"), get("socialSecurityNumber"), get("passportNumber"),
                get("taxNumber"))
    return {
        "unique_id": cols["unique_id"], "dataset": cols["dataset"],
        "first_name": first, "surname": last, "surname_core": core,
        "first_skeleton": _each(first, names.skeleton),
        "first_alias": _each(first, formal),
        "first_initial": [f[:1] if f else None for f in first],
        "initials": initials,
        "generation": _or(full_gen, last_gen, given_gen),
        "surname_skeleton": _each(core, names.skeleton),
        "birth_date": birth, "birth_year": [b[:4] if b else None for b in birth],
        "street": [w[0] for w in where], "house_number": [w[1] for w in where],
        "postcode": [w[2] for w in where], "city": [w[3] for w in where],
        "phone": _each(get("phone"), names.phone),
        "email": _each(get("email"), _email),
        "id_number": _each(ident, names.identifier),
    }


def _address(row: dict[str, Any]) -> tuple[str | None, str | None, str | None, str | None]:
    text = row.get("address") or row.get("a_full") or row.get("full")
    street, house, postcode, city = names.parse_address(text)
    linked_street = row.get("a_street") or row.get("street")
    if linked_street:
        s2, h2, _, _ = names.parse_address(linked_street)
        street, house = s2 or street, h2 or house
    linked_pc = row.get("a_postcode") or row.get("postalCode")
    if linked_pc:
        postcode = names.identifier(linked_pc)
    linked_city = row.get("a_city") or row.get("city")
    if linked_city:
        city = names.clean(linked_city)
    return street, house, postcode, city


def _person(row: dict[str, Any]) -> dict[str, Any]:
    full, full_gen = names.generation(row.get("name"))
    given, given_gen = names.generation(row.get("firstName"))
    surname, last_gen = names.generation(row.get("lastName"))
    first = names.clean(given)
    first = first.split(" ")[0] if first else None
    last = names.clean(surname)
    if not (first and last):
        f2, l2 = names.split_name(full)
        first, last = first or f2, last or l2
    core = names.surname_core(last)
    birth = names.iso_date(row.get("birthDate"))
    street, house, postcode, city = _address(row)
    ident = (row.get("idNumber") or row.get("socialSecurityNumber") or row.get("passportNumber")
             or row.get("taxNumber"))
    return {
        "first_name": first,
        "surname": last,
        "surname_core": core,
        "first_skeleton": names.skeleton(first),
        "first_alias": formal(first),
        "first_initial": first[:1] if first else None,
        "initials": _initials(_given_tokens(given)) or _initials(names.given_names(full)),
        "generation": full_gen or last_gen or given_gen,
        "surname_skeleton": names.skeleton(core),
        "birth_date": birth,
        "birth_year": birth[:4] if birth else None,
        "street": street,
        "house_number": house,
        "postcode": postcode,
        "city": city,
        "phone": names.phone(row.get("phone")),
        "email": (row.get("email") or "").strip().lower() or None,
        "id_number": names.identifier(ident),
    }


def _organisation(row: dict[str, Any]) -> dict[str, Any]:
    name = names.organisation_name(row.get("name"))
    street, house, postcode, city = _address(row)
    return {
        "name": name,
        "name_skeleton": names.skeleton(name),
        "registration_number": names.identifier(row.get("registrationNumber")),
        "tax_number": names.identifier(row.get("taxNumber") or row.get("vatCode")),
        "incorporation_date": names.iso_date(row.get("incorporationDate")),
        "street": street,
        "house_number": house,
        "postcode": postcode,
        "city": city,
        "phone": names.phone(row.get("phone")),
        "email": (row.get("email") or "").strip().lower() or None,
    }


def _account(row: dict[str, Any]) -> dict[str, Any]:
    """The match key: the IBAN, or an account number at one bank (its BIC). A bare account
    number (or one written in the ``iban`` field) may be an account at any bank: no key."""
    for value in (row.get("iban"), row.get("accountNumber")):
        if value and is_iban(str(value)):
            return {"key": names.identifier(iban_key(str(value)))}
    number, bank = names.identifier(row.get("accountNumber") or row.get("iban")), names.identifier(row.get("bic"))
    return {"key": f"{number}@{bank}" if number and bank else None}


def _vehicle(row: dict[str, Any]) -> dict[str, Any]:
    return {"key": names.identifier(row.get("registrationNumber"))}


def _address_record(row: dict[str, Any]) -> dict[str, Any]:
    street, house, postcode, city = _address(row)
    key = f"{postcode}-{house}" if postcode and house else None
    return {"key": key, "street": street, "city": city}


_BUILDERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "person": _person,
    "organisation": _organisation,
    "account": _account,
    "vehicle": _vehicle,
    "address": _address_record,
}


def records(con: duckdb.DuckDBPyConnection, kind: str, *,
            entity_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Comparison records of ``kind`` built from the statements in ``con``.

    >>> records(store.con, "person").columns[:3].tolist()   # doctest: +SKIP
    ['unique_id', 'dataset', 'first_name']
    """
    build = _BUILDERS[kind]
    if kind == "person":
        return pd.DataFrame(_people(_columns(con, kind, entity_ids)), dtype="object")
    rows = [
        {"unique_id": r["unique_id"], "dataset": r["dataset"], **build(r)}
        for r in raw(con, kind, entity_ids=entity_ids)
    ]
    if not rows:
        empty: dict[str, list[Any]] = {"unique_id": [], "dataset": []} | {k: [] for k in build({})}
        return pd.DataFrame(empty, dtype="object")
    return pd.DataFrame(rows, dtype="object")
