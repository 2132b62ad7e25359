"""The ground truth: every id exists in the sources, and the planted structures are there."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import orjson
import pytest

from offensief.demo.identifiers import payment_entity_id
from offensief.demo.laundering import TYPOLOGIES


def _truth(world_dir: Path, name: str) -> list[dict]:
    return json.loads((world_dir / "ground_truth" / name).read_text())


@pytest.fixture(scope="module")
def source_ids(world_dir: Path) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    for path in (world_dir / "sources").glob("*.jsonl"):
        out[path.stem] = {e["id"]: e for e in map(orjson.loads, path.read_bytes().splitlines())}
    return out


@pytest.fixture(scope="module")
def payments(world_dir: Path) -> dict[str, dict[str, str]]:
    with (world_dir / "sources" / "payments.csv").open(newline="", encoding="utf-8") as fh:
        return {r["transaction_id"]: r for r in csv.DictReader(fh)}


def test_person_source_ids_exist(world_dir: Path, source_ids: dict) -> None:
    persons = _truth(world_dir, "persons.json")
    roles = Counter(p["role"] for p in persons)
    assert {"kingpin", "lieutenant", "worker", "money_mule", "straw_man", "facilitator", "background"} <= roles.keys()
    for p in persons:
        for dataset, ids in p["source_ids"].items():
            for i in ids:
                assert source_ids[dataset][i]["schema"] == "Person"


def test_company_source_ids_exist(world_dir: Path, source_ids: dict) -> None:
    for c in _truth(world_dir, "companies.json"):
        for dataset, ids in c["source_ids"].items():
            for i in ids:
                assert source_ids[dataset][i]["schema"] == "Company"
        if c["kvk"]:
            kvk = source_ids["kvk-handelsregister"][c["source_ids"]["kvk-handelsregister"][0]]
            assert kvk["properties"]["registrationNumber"] == [c["kvk"]]


def test_groups_have_the_business_process(world_dir: Path) -> None:
    groups = _truth(world_dir, "groups.json")
    persons = {p["true_id"]: p for p in _truth(world_dir, "persons.json")}
    assert len(groups) == 5
    assert {g["scope"] for g in groups} == {"local", "regional", "national", "kingdom", "international"}
    for g in groups:
        assert persons[g["kingpin"]]["role"] == "kingpin"
        assert 2 <= len(g["lieutenants"]) <= 3
        assert set(g["workers"]) == {"import", "production", "storage", "transport", "distribution",
                                     "cash_collection", "laundering"}
        for step, members in g["workers"].items():
            assert members and all(persons[m]["process_step"] == step for m in members)


def test_facilitators_serve_several_groups(world_dir: Path, source_ids: dict) -> None:
    facilitators = _truth(world_dir, "facilitators.json")
    assert {f["type"] for f in facilitators} == {"financial", "digital", "logistics"}
    for f in facilitators:
        assert len(f["groups"]) >= 2
        assert f["profession"]
        for dataset, ids in f["company_source_ids"].items():
            company = source_ids[dataset][ids[0]]
            if dataset == "kvk-handelsregister":
                assert company["properties"]["classification"][0] in ("6920", "6910", "6619", "7820", "4742", "4941")


def test_kingpin_keeps_distance_from_workers(world_dir: Path, source_ids: dict) -> None:
    """Kingpins call their lieutenants far more often than any worker."""
    persons = {p["true_id"]: p for p in _truth(world_dir, "persons.json")}
    cdr = source_ids["telecom-cdr"]
    pair = Counter()
    for e in cdr.values():
        if e["schema"] == "Call":
            a, b = e["properties"]["caller"][0], e["properties"]["receiver"][0]
            pair[frozenset((a, b))] += 1
    for g in _truth(world_dir, "groups.json"):
        king = persons[g["kingpin"]]["source_ids"]["telecom-cdr"][0]
        lts = [persons[t]["source_ids"]["telecom-cdr"][0] for t in g["lieutenants"]]
        workers = [persons[t]["source_ids"]["telecom-cdr"][0] for s in g["workers"].values() for t in s]
        assert min(pair[frozenset((king, lt))] for lt in lts) >= 20
        assert max(pair[frozenset((king, w))] for w in workers) <= 3


def test_every_typology_is_planted_at_least_three_times(world_dir: Path) -> None:
    counts = Counter(t["typology"] for t in _truth(world_dir, "typologies.json"))
    assert set(counts) == set(TYPOLOGIES)
    assert min(counts.values()) >= 3


def test_typology_transactions_exist(world_dir: Path, payments: dict, source_ids: dict) -> None:
    bank = source_ids["bank-transacties"]
    for inst in _truth(world_dir, "typologies.json"):
        assert inst["transaction_ids"] and len(inst["transaction_ids"]) == len(inst["raw_transaction_ids"])
        for ftm_id, raw in zip(inst["transaction_ids"], inst["raw_transaction_ids"]):
            assert raw in payments and ftm_id == payment_entity_id(raw)
        assert all(bank[a]["schema"] == "BankAccount" for a in inst["account_ids"])
        for e in inst["entity_ids"]:
            assert e in bank or e in source_ids["kadaster"]


def _rows(inst: dict, payments: dict) -> list[dict]:
    return [payments[t] for t in inst["raw_transaction_ids"]]


def _ts(row: dict) -> datetime:
    return datetime.fromisoformat(row["date"])


def test_instances_of_a_group_do_not_overlap_in_time(world_dir: Path, payments: dict) -> None:
    spans = defaultdict(list)
    for inst in _truth(world_dir, "typologies.json"):
        times = [_ts(r) for r in _rows(inst, payments)]
        spans[inst["group"]].append((min(times), max(times)))
    for group, windows in spans.items():
        windows.sort()
        for (_, end), (start, _) in pairwise(windows):
            assert end < start, group


def test_structuring_stays_under_the_threshold(world_dir: Path, payments: dict) -> None:
    for inst in _truth(world_dir, "typologies.json"):
        if inst["typology"] != "structuring":
            continue
        rows = _rows(inst, payments)
        assert len(rows) >= 6 and all(r["description"] == "cash-deposit" for r in rows)
        assert len({r["beneficiary_iban"] for r in rows}) >= 2
        assert len({r["date"][:10] for r in rows}) >= 4
        for r in rows:
            limit = 3000 if r["date"] >= "2026-01-01" else 10000
            assert 0.85 * limit <= float(r["amount"]) < limit


def test_cycles_return_in_time_order(world_dir: Path, payments: dict) -> None:
    for inst in _truth(world_dir, "typologies.json"):
        if inst["typology"] != "cycle":
            continue
        rows = sorted(_rows(inst, payments), key=_ts)
        assert len(rows) >= 3
        for a, b in pairwise(rows):
            assert a["beneficiary_iban"] == b["payer_iban"]
        assert rows[-1]["beneficiary_iban"] == rows[0]["payer_iban"]


def test_rapid_pass_through_within_hours(world_dir: Path, payments: dict) -> None:
    for inst in _truth(world_dir, "typologies.json"):
        if inst["typology"] != "rapid_pass_through":
            continue
        rows = sorted(_rows(inst, payments), key=_ts)
        mule = Counter(r["beneficiary_iban"] for r in rows).most_common(1)[0][0]
        for into, out in zip(rows[::2], rows[1::2]):
            assert into["beneficiary_iban"] == mule and out["payer_iban"] == mule
            assert (_ts(out) - _ts(into)).total_seconds() <= 6 * 3600
            assert 0.9 * float(into["amount"]) <= float(out["amount"]) < float(into["amount"])


def test_fan_in_and_fan_out_shapes(world_dir: Path, payments: dict) -> None:
    for inst in _truth(world_dir, "typologies.json"):
        rows = _rows(inst, payments)
        if inst["typology"] == "fan_in":
            assert len({r["beneficiary_iban"] for r in rows}) == 1 and len({r["payer_iban"] for r in rows}) >= 5
        if inst["typology"] == "fan_out":
            assert len({r["payer_iban"] for r in rows}) == 1 and len({r["beneficiary_iban"] for r in rows}) >= 5
        if inst["typology"] == "trade_based":
            assert all(r["description"] == "invoice" and float(r["amount"]) % 1000 == 0 for r in rows)


def test_real_estate_bought_with_layered_money(world_dir: Path, payments: dict, source_ids: dict) -> None:
    for inst in _truth(world_dir, "typologies.json"):
        if inst["typology"] != "real_estate":
            continue
        estates = [e for e in inst["entity_ids"] if e in source_ids["kadaster"]]
        assert len(estates) == 1
        estate = source_ids["kadaster"][estates[0]]
        price = [r for r in _rows(inst, payments) if r["purpose"].startswith("Koopsom")]
        assert len(price) == 1 and float(price[0]["amount"]) == float(estate["properties"]["amount"][0])


def test_assets_have_owners_and_sources(world_dir: Path, source_ids: dict) -> None:
    assets = _truth(world_dir, "assets.json")
    persons = {p["true_id"]: p for p in _truth(world_dir, "persons.json")}
    kinds = Counter(a["kind"] for a in assets)
    assert {"real_estate", "vehicle", "company", "account"} <= kinds.keys()
    for a in assets:
        assert persons[a["beneficial_owner"]]["role"] == "kingpin"
        assert a["registered_holder"] != a["beneficial_owner"]
        assert a["value"] >= 0
        for dataset, ids in a["source_ids"].items():
            assert all(i in source_ids[dataset] for i in ids)


def test_benign_look_alikes_are_listed(world_dir: Path, payments: dict) -> None:
    benign = _truth(world_dir, "benign.json")
    kinds = defaultdict(list)
    for b in benign:
        kinds[b["kind"]].append(b)
    assert {"payroll", "rent_collection", "shop_cash_deposits", "family_transfers", "salary_and_bills"} <= kinds.keys()
    planted = {t for inst in _truth(world_dir, "typologies.json") for t in inst["raw_transaction_ids"]}
    for b in benign:
        assert not planted & set(b["raw_transaction_ids"])
        assert all(t in payments for t in b["raw_transaction_ids"])
    for b in kinds["payroll"]:
        rows = [payments[t] for t in b["raw_transaction_ids"]]
        assert len({r["date"][:10] for r in rows}) == 1 and len(rows) >= 5
