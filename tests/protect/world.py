"""A small workspace for the register's access and linkage tests.

Police data (wpg-9) on three people: ``Tom Dreiger`` (p1, threatens the lawyer), ``Bas
Bedreiger`` (p2, threatens a KMar-protected witness) and ``Sara de Advocaat`` (p3 — the
protected lawyer herself, known to the police as a witness: her name, birth date, address
and phone are in the case's data). One case owned by ``politie``, with the police data.

Users: protection officers of the responsible unit (politie), of the competent authority
(om) and of another unit (kmar); and the roles that must see nothing of the register.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from offensief.access.actors import add_partner, add_user, get_actor
from offensief.cases import service
from offensief.db import open_workspace_database
from offensief.ingest import ingest_file
from offensief.model.dataset import Dataset
from offensief.protect import register as reg
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

PASSWORD = "correct horse battery"
CASE = "Operatie Lynx"
#: username -> partner, partner kind, roles
USERS = {
    "olga": ("politie", "politie", ["protection_officer"]),
    "hovj": ("om", "om", ["protection_officer"]),
    "kees": ("kmar", "kmar", ["protection_officer"]),
    "ana": ("politie", "politie", ["analyst", "investigator"]),
    "gem": ("gemeente", "gemeente", ["liaison"]),
    "aud": ("riec", "riec", ["auditor"]),
    "adm": ("riec", "riec", ["admin"]),
}
LAWYER = "Sara de Advocaat"
POLICE = Dataset.create(name="politie-bvh", partner="politie", regime="wpg-9",
                        purpose="onderzoek", collected_at="2026-01-01")


def person(i: int, name: str, born: str, address: str, phone: str) -> dict:
    return {"id": f"p{i}", "schema": "Person", "properties": {
        "name": [name], "birthDate": [born], "address": [address], "phone": [phone]}}


FIRST_LOAD = [
    person(1, "Tom Dreiger", "1980-01-01", "Kade 1, 3011 AA Rotterdam", "+31611111111"),
    person(2, "Bas Bedreiger", "1981-02-02", "Dijk 2, 1011 AB Amsterdam", "+31622222222"),
    person(3, "Advocaat, Sara de", "1975-04-02", "Coolsingel 12, 3011AD Rotterdam", "+31 6 12345678"),
    {"id": "call-1", "schema": "Call", "properties": {"caller": ["p1"], "receiver": ["p2"],
                                                       "date": ["2026-01-05"]}},
]
#: New records in a later load: two calls by p1 and a new address of p1; nothing on p2.
SECOND_LOAD = [
    {"id": "call-2", "schema": "Call", "properties": {"caller": ["p1"], "receiver": ["p9"],
                                                       "date": ["2026-03-01"]}},
    {"id": "call-3", "schema": "Call", "properties": {"caller": ["p9"], "receiver": ["p1"],
                                                       "date": ["2026-03-02"]}},
    person(1, "Tom Dreiger", "1980-01-01", "Hofplein 9, 3032 AC Rotterdam", "+31611111111"),
    person(9, "Geheime Contact", "1990-09-09", "Ergens 1, 1234 AB Nergens", "+31687654321"),
]


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def load(ws: Workspace, rows: list[dict], name: str) -> None:
    with Store.open(ws) as store:
        ingest_file(store, dataset="politie-bvh", path=write(ws.root / name, rows))


def build(root: Path) -> Workspace:
    """The workspace after the first load, with users, the case and two records."""
    ws = Workspace.init(root / "ws")
    with Store.open(ws) as store:
        store.add_dataset(POLICE)
    load(ws, FIRST_LOAD, "first.jsonl")
    db = open_workspace_database(ws)
    with db.session() as session:
        seed(session)
    db.dispose()
    return ws


def seed(session: Session) -> None:
    for partner, kind in sorted({(p, k) for p, k, _ in USERS.values()}):
        add_partner(session, name=partner, kind=kind)
    for username, (partner, _kind, roles) in USERS.items():
        add_user(session, username=username, partner=partner, roles=roles, password=PASSWORD)
    ana = get_actor(session, "ana")
    case = service.create_case(session, name=CASE, level="regional", phenomenon="drugs",
                               owner="politie", purpose="oprollen", legal_basis="Wpg art. 9",
                               actor=ana)
    service.attach_dataset(session, case=case, dataset=POLICE, actor=ana)
    lawyer = reg.add_subject(session, reg.SubjectInput(
        name=LAWYER, kind="person", profession="lawyer", region="Rotterdam",
        unit_partner="politie", authority_partner="om", birth_date=date(1975, 4, 2),
        address="Coolsingel 12, 3011 AD Rotterdam", phone="+31 6 1234 5678"), by="olga")
    reg.add_report(session, lawyer, source="CIE", reported_on=date(2026, 1, 10),
                   classification="concrete",
                   threateners=[reg.ThreatenerInput("Tom Dreiger", entity_id="p1", case_id=case.id)],
                   by="olga")
    witness = reg.add_subject(session, reg.SubjectInput(
        name="Getuige W-3", kind="person", profession="witness", region="Landelijk",
        unit_partner="kmar", authority_partner="om", phone="+31 6 5555 0000"), by="kees")
    reg.add_report(session, witness, source="Landelijk Parket", reported_on=date(2026, 1, 11),
                   classification="concrete",
                   threateners=[reg.ThreatenerInput("Bas Bedreiger", entity_id="p2")], by="kees")
