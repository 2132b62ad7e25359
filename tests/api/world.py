"""A small hand-made partner world for the API and browser tests.

Two criminal cells (``p0``–``p9`` and ``p10``–``p19``) joined by a broker (``p20``), police
persons and calls (wpg-9), a KvK company with a director (open), bank accounts and payments
(wwft). The protected name every test looks for: ``Karel Kopstuk`` (``p0``, police data).
"""

from __future__ import annotations

import json
from pathlib import Path

from offensief.ingest import ingest_file
from offensief.model.dataset import Dataset
from offensief.store.duckstore import Store

KINGPIN = "Karel Kopstuk"
FIRST = ["Jan", "Piet", "Mohamed", "Fatima", "Sanne", "Ahmed", "Lotte", "Kees", "Noor", "Bram"]
LAST = ["de Vries", "Jansen", "el Idrissi", "Bakker", "Visser", "Smit", "Meijer", "de Boer"]

DATASETS = [
    Dataset.create(name="politie-bvh", partner="politie", regime="wpg-9",
                   purpose="onderzoek", collected_at="2025-01-01"),
    Dataset.create(name="kvk-handelsregister", partner="kvk", regime="open",
                   purpose="register", collected_at="2025-01-01"),
    Dataset.create(name="fiu-meldingen", partner="fiu", regime="wwft",
                   purpose="meldingen", collected_at="2025-01-01"),
]


def iban(number: int) -> str:
    """A valid Dutch IBAN (real check digits) for account ``number``."""
    bban = f"BANK{number:010d}"
    digits = "".join(str(int(c, 36)) for c in bban + "NL00")
    return f"NL{98 - int(digits) % 97:02d}{bban}"


def _person(i: int) -> dict:
    name = KINGPIN if i == 0 else f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]} {i}"
    return {"id": f"p{i}", "schema": "Person",
            "properties": {"name": [name], "birthDate": [f"19{70 + i % 25}-0{1 + i % 9}-1{i % 9}"],
                           "phone": [f"+316{10000000 + i}"]}}


def police_entities() -> list[dict]:
    rows = [_person(i) for i in range(21)]
    for cell in (0, 10):
        for j in range(1, 10):
            rows.append({"id": f"call-{cell}-{j}", "schema": "Call", "properties": {
                "caller": [f"p{cell}"], "receiver": [f"p{cell + j}"],
                "date": [f"2025-0{1 + j % 6}-0{1 + j % 8}"], "duration": ["60"]}})
            rows.append({"id": f"assoc-{cell}-{j}", "schema": "Associate", "properties": {
                "person": [f"p{cell + j}"], "associate": [f"p{cell + (j % 9) + 1}"],
                "startDate": ["2024-06-01"]}})
    for cell in (0, 10):
        rows.append({"id": f"broker-{cell}", "schema": "Call", "properties": {
            "caller": ["p20"], "receiver": [f"p{cell + 1}"], "date": ["2025-03-03"]}})
    rows.append({"id": "fam-1", "schema": "Family", "properties": {
        "person": ["p0"], "relative": ["p5"], "relationship": ["broer"]}})
    return rows


def kvk_entities() -> list[dict]:
    return [
        {"id": "c1", "schema": "Company", "properties": {"name": ["Zandloper Transport BV"],
                                                         "registrationNumber": ["12345678"]}},
        {"id": "p3", "schema": "Person", "properties": {"name": ["J. Jansen"]}},
        {"id": "dir-1", "schema": "Directorship", "properties": {
            "director": ["p3"], "organization": ["c1"], "startDate": ["2023-01-01"]}},
        {"id": "own-1", "schema": "Ownership", "properties": {
            "owner": ["p0"], "asset": ["c1"], "percentage": ["100"]}},
    ]


def bank_entities() -> list[dict]:
    rows = []
    for i in (0, 1, 2, 11, 20):
        rows.append({"id": f"acc-{i}", "schema": "BankAccount", "properties": {
            "iban": [iban(100000000 + i)], "bankName": ["Bank"]}})
        rows.append({"id": f"accown-{i}", "schema": "Ownership", "properties": {
            "owner": [f"p{i}"], "asset": [f"acc-{i}"]}})
    for k, (src, dst) in enumerate([(1, 0), (2, 0), (11, 20), (20, 0), (1, 2)] * 3):
        rows.append({"id": f"pay-{k}", "schema": "Payment", "properties": {
            "payer": [f"p{src}"], "beneficiary": [f"p{dst}"],
            "payerAccount": [f"acc-{src}"], "beneficiaryAccount": [f"acc-{dst}"],
            "amount": [str(9000 + 10 * k)], "currency": ["EUR"],
            "date": [f"2025-04-{10 + k:02d}T10:00:00"], "description": ["cash-deposit"]}})
    # Cash deposits just under the EUR 10,000 indicator into the accounts of three tied
    # members within three weeks (a cash deposit names no paying account).
    for k, dst in enumerate([0, 1, 2, 0, 1, 2, 0, 1, 2]):
        rows.append({"id": f"cash-{k}", "schema": "Payment", "properties": {
            "beneficiary": [f"p{dst}"], "beneficiaryAccount": [f"acc-{dst}"],
            "amount": [str(9400 + 50 * k)], "currency": ["EUR"], "purpose": ["Storting"],
            "date": [f"2025-03-{10 + 2 * k:02d}T09:00:00"], "description": ["Storting contant geld"]}})
    return rows


def build_world(store: Store, folder: Path) -> None:
    """Register the three datasets and ingest their files into ``store``."""
    folder.mkdir(parents=True, exist_ok=True)
    for dataset, rows in zip(DATASETS, (police_entities(), kvk_entities(), bank_entities())):
        store.add_dataset(dataset, replace=True)
        path = folder / f"{dataset.name}.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
        ingest_file(store, dataset=dataset.name, path=path)
