"""The partner sources: valid FtM, the mapping maps every CSV row onto the bank's accounts."""

from __future__ import annotations

import csv
import json
import logging
from collections import Counter
from pathlib import Path

import orjson
import yaml
from followthemoney import model

from offensief.demo.identifiers import account_entity_id, iban_is_valid, payment_entity_id
from offensief.ingest.entities import entity_rows


def _entities(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_every_entity_is_valid_ftm(world_dir: Path) -> None:
    for path in sorted((world_dir / "sources").glob("*.jsonl")):
        for line, data in enumerate(_entities(path), start=1):
            proxy = model.get_proxy(data)
            assert proxy.id == data["id"]
            list(entity_rows(data, file=str(path), line=line))  # the ingest's strict checks


def test_ids_are_unique_per_source(world_dir: Path) -> None:
    for path in sorted((world_dir / "sources").glob("*.jsonl")):
        ids = Counter(e["id"] for e in _entities(path))
        assert ids.most_common(1)[0][1] == 1, path.name


def test_references_point_inside_the_source(world_dir: Path) -> None:
    for path in sorted((world_dir / "sources").glob("*.jsonl")):
        entities = _entities(path)
        ids = {e["id"] for e in entities}
        for e in entities:
            schema = model.get(e["schema"])
            for name, values in e["properties"].items():
                if schema.get(name).type.name == "entity":
                    assert set(values) <= ids, (path.name, e["id"], name)


def test_ibans_have_valid_check_digits(world_dir: Path) -> None:
    accounts = [e for e in _entities(world_dir / "sources" / "bank-transacties.jsonl") if e["schema"] == "BankAccount"]
    assert accounts
    for a in accounts:
        iban = a["properties"]["iban"][0]
        assert iban_is_valid(iban), iban
        assert a["id"] == account_entity_id(iban)


def test_kvk_numbers_have_eight_digits(world_dir: Path) -> None:
    for e in _entities(world_dir / "sources" / "kvk-handelsregister.jsonl"):
        if e["schema"] == "Company":
            number = e["properties"]["registrationNumber"][0]
            assert len(number) == 8 and number.isdigit()


def test_mapping_maps_every_row_onto_bank_accounts(world_dir: Path) -> None:
    logging.getLogger("followthemoney").setLevel(logging.ERROR)
    src = world_dir / "sources"
    doc = yaml.safe_load((src / "payments.mapping.yml").read_text())
    query = dict(doc["bank_payments"]["queries"][0])
    query["csv_url"] = str(src / "payments.csv")
    mapping = model.make_mapping(query)
    bank = _entities(src / "bank-transacties.jsonl")
    accounts = {e["id"] for e in bank if e["schema"] == "BankAccount"}
    customers = {e["id"] for e in bank if e["schema"] in ("Person", "Company")}
    rows = 0
    with (src / "payments.csv").open(newline="", encoding="utf-8") as fh:
        for record in csv.DictReader(fh):
            rows += 1
            mapped = mapping.map(record)
            payment = mapped["payment"]
            assert payment.id == payment_entity_id(record["transaction_id"])
            assert payment.get("date")[0] == record["date"]
            assert payment.get("description") == [record["description"]]
            refs = payment.get("payerAccount") + payment.get("beneficiaryAccount")
            assert set(refs) <= accounts
            assert set(payment.get("payer") + payment.get("beneficiary")) <= customers
            if record["description"] == "cash-deposit":
                assert not payment.get("payerAccount") and payment.get("beneficiaryAccount")
            elif record["description"] == "cash-withdrawal":
                assert payment.get("payerAccount") and not payment.get("beneficiaryAccount")
            else:
                assert len(refs) == 2
    truth = json.loads((world_dir / "ground_truth" / "typologies.json").read_text())
    planted = {t for inst in truth for t in inst["raw_transaction_ids"]}
    assert rows > 30_000 and len(planted) > 100


def test_name_noise_across_sources(world_dir: Path) -> None:
    persons = json.loads((world_dir / "ground_truth" / "persons.json").read_text())
    names: dict[str, dict[str, str]] = {}
    for path in sorted((world_dir / "sources").glob("*.jsonl")):
        for e in _entities(path):
            if e["schema"] == "Person":
                names[e["id"]] = e["properties"]
    differing = swapped = in_three = 0
    for p in persons:
        ids = [i for ids in p["source_ids"].values() for i in ids]
        if len(ids) >= 3:
            in_three += 1
        written = {names[i]["name"][0] for i in ids}
        differing += len(written) > 1
        dates = {names[i].get("birthDate", [None])[0] for i in ids} - {None}
        swapped += len(dates) > 1
    assert in_three > 500 and differing > 300 and swapped > 10
    assert sum(p["name"] == "Jan de Vries" for p in persons) >= 5


def test_registries_link_bag_addresses(world_dir: Path) -> None:
    for name in ("gemeente-brp", "kadaster"):
        entities = {e["id"]: e for e in _entities(world_dir / "sources" / f"{name}.jsonl")}
        linked = [e for e in entities.values() if e["schema"] in ("Person", "RealEstate")]
        for e in linked:
            (address_id,) = e["properties"]["addressEntity"]
            address = entities[address_id]["properties"]
            assert address["full"] == e["properties"]["address"]
            if address["country"] == ["nl"]:  # owners may live abroad (no Dutch postcode)
                assert address["postalCode"][0] in address["full"][0]


def test_brp_uses_registry_style(world_dir: Path) -> None:
    names = [e["properties"]["name"][0] for e in _entities(world_dir / "sources" / "gemeente-brp.jsonl")
             if e["schema"] == "Person"]
    assert sum("," in n for n in names) == len(names)
    assert any(n.endswith((" van der", " van den", " de")) for n in names)
