"""A small two-store world for access tests: partner datasets of every regime, one case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pyarrow as pa
from followthemoney import model

from offensief.access import actors
from offensief.access.credentials import hash_password
from offensief.access.policy import Actor
from offensief.cases import service
from offensief.db.cases import Case
from offensief.model.dataset import Dataset
from offensief.store.duckstore import STATEMENT_COLUMNS, Store

SECRET = b"test-secret-0123456789abcdef0123"

DATASETS = [
    ("politie-bvh", "politie", "wpg-9"),
    ("fiu-meldingen", "fiu", "wwft"),
    ("bd-aangifte", "belastingdienst", "awr"),
    ("gemeente-brp", "gemeente", "avg"),
    ("kvk", "kvk", "open"),
    ("politie-riec", "politie", "wpg-20"),
]

ENTITIES = [
    ("politie-bvh", "p1", "Person", {"name": "Jan de Vries", "birthDate": "1980-04-02",
                                     "phone": "+31612345678"}),
    ("politie-bvh", "v1", "Vehicle", {"registrationNumber": "GH-123-K", "model": "Golf"}),
    ("fiu-meldingen", "acc1", "BankAccount", {"iban": "NL91ABNA0417164300", "bankName": "ABN AMRO"}),
    ("fiu-meldingen", "pay1", "Payment", {"payer": "p1", "payerAccount": "acc1", "amount": "9500",
                                          "currency": "EUR", "date": "2025-02-01",
                                          "description": "contant gestort door J. de Vries"}),
    ("bd-aangifte", "p1", "Person", {"name": "Johannes de Vries", "taxNumber": "987654321"}),
    ("gemeente-brp", "p3", "Person", {"name": "Karin Smit", "birthDate": "1975-07-07"}),
    ("kvk", "c1", "Company", {"name": "Zandloper Holding BV", "registrationNumber": "12345678"}),
    ("kvk", "own1", "Ownership", {"owner": "p1", "asset": "c1", "percentage": "100"}),
    ("politie-riec", "p2", "Person", {"name": "Piet Bakker", "phone": "+31687654321"}),
]

#: Values only in datasets the municipality may not see in clear (wpg-9, wwft, awr).
HIDDEN_FROM_GEMEENTE = ["Jan de Vries", "1980-04-02", "+31612345678", "NL91ABNA0417164300",
                        "Johannes de Vries", "987654321", "contant gestort", "GH-123-K"]
#: Every personal value in the world.
ALL_PERSONAL = HIDDEN_FROM_GEMEENTE + ["Karin Smit", "1975-07-07", "Piet Bakker", "+31687654321",
                                       "Zandloper Holding", "12345678"]

USERS = [
    ("pol", "politie", "investigator"), ("gem", "gemeente", "liaison"),
    ("bd", "belastingdienst", "analyst"), ("fiod", "fiod", "investigator"),
    ("om", "om", "analyst"), ("prot", "politie", "protection_officer"),
    ("ctrl", "ministerie", "controller"), ("outsider", "politie", "analyst"),
    ("aud", "ministerie", "auditor"), ("root", "ministerie", "admin"),
]
MEMBERS = ("gem", "bd", "fiod", "om", "prot")
#: argon2id hashes of the test passwords, computed once per test run (hashing is slow on purpose).
_HASHES: dict[str, str] = {}


def password_hash(password: str) -> str:
    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    return _HASHES[password]


@dataclass
class World:
    store: Store
    case: Case
    users: dict[str, Actor]


def fill_store(store: Store) -> None:
    for name, partner, regime in DATASETS:
        store.add_dataset(Dataset.create(name=name, partner=partner, regime=regime, purpose="test",
                                         collected_at=date(2024, 1, 1)))
    for dataset in {d for d, *_ in ENTITIES}:
        rows = []
        for ds, eid, schema, props in ENTITIES:
            if ds != dataset:
                continue
            sch = model.get(schema)
            for prop, value in props.items():
                rows.append((eid, schema, prop, sch.properties[prop].type.name, value))
        table = pa.table({c: [r[i] for r in rows] for i, c in enumerate(STATEMENT_COLUMNS)})
        store.load(dataset=dataset, file=f"{dataset}.jsonl", sha256=dataset, fmt="jsonl",
                   batches=[(table, len(rows))])


def fill_db(session) -> tuple[Case, dict[str, Actor]]:
    for partner in ("politie", "gemeente", "belastingdienst", "fiod", "om", "ministerie", "fiu"):
        actors.add_partner(session, name=partner, kind=partner if partner != "ministerie" else "ministerie")
    users = {}
    for name, partner, role in USERS:
        user, _ = actors.add_user(session, username=name, partner=partner, roles=[role],
                                  password_hash=password_hash(f"{name}-pw"))
        users[name] = actors.as_actor(user)
    case = service.create_case(session, name="Zandloper", level="regional", phenomenon="cocaïne",
                               owner="politie", purpose="oprollen netwerk Zandloper",
                               legal_basis="Wpg art. 9; RIEC-convenant", actor=users["pol"])
    for name in MEMBERS:
        service.add_member(session, case=case, username=name, actor=users["pol"])
    for name, partner, regime in DATASETS:
        service.attach_dataset(session, case=case, actor=users["pol"],
                               dataset=Dataset.create(name=name, partner=partner, regime=regime,
                                                      purpose="test", collected_at="2024-01-01"))
    session.commit()
    return case, users


def build(session) -> World:
    store = Store.memory()
    fill_store(store)
    case, users = fill_db(session)
    return World(store, case, users)
