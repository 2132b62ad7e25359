"""The third world (benchmarks/thirdworld): the same seed gives the same files, and its truth
parses with the scorer's reader and points only at records the deliveries contain."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from benchmarks import validity
from benchmarks.scoring.truths import read_truth
from benchmarks.thirdworld import generate


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("third") / "a"
    generate(folder, seed=5, size="small")
    return folder


def _entities(folder: Path) -> dict[str, dict]:
    found = {}
    for path in sorted((folder / "sources").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            e = json.loads(line)
            found[e["id"]] = e
    return found


def test_same_seed_same_files_other_seed_other_world(world: Path, tmp_path: Path) -> None:
    again, other = tmp_path / "again", tmp_path / "other"
    generate(again, seed=5, size="small")
    generate(other, seed=6, size="small")
    assert _files(world) == _files(again)
    assert _files(world)["truth/truth.json"] != _files(other)["truth/truth.json"]


def test_truth_parses_and_points_at_delivered_records(world: Path) -> None:
    truth = read_truth(world)
    assert truth.world == "third"
    assert truth.groups == 4 and len(truth.kingpins) == 4
    assert set(truth.facilitators.values()) == {"financial", "digital", "logistics"}
    raw = json.loads((world / "truth" / "truth.json").read_text(encoding="utf-8"))
    for f in raw["facilitators"]:
        assert len(f["groups"]) >= 2  # a facilitator serves several groups
    ents = _entities(world)
    for rid in truth.persons:
        assert ents[rid]["schema"] == "Person", rid
    for rid in truth.companies:
        assert ents[rid]["schema"] in ("Company", "Organization"), rid
    with (world / "sources" / "bank_noord_transacties.csv").open(encoding="utf-8") as fh:
        payments = {r["transactie_id"] for r in csv.DictReader(fh)}
    payments |= {i for i, e in ents.items() if e["schema"] == "Payment"}
    typologies = {i["typology"] for i in truth.laundering}
    assert typologies == {"structuring", "layering", "trade_based", "real_estate", "money_mules"}
    for inst in truth.laundering:
        assert inst["payment_ids"] and set(inst["payment_ids"]) <= payments
    assert truth.benign and truth.benign <= payments
    assert not truth.benign & {p for i in truth.laundering for p in i["payment_ids"]}
    for a in truth.assets:
        assert a["records"] and all(ents[r]["schema"] in ("RealEstate", "Vehicle") for r in a["records"])
        assert a["owner_records"], a["asset"]  # the true owner is findable in some source


def test_structuring_stays_under_the_reporting_line(world: Path) -> None:
    truth = read_truth(world)
    ents = _entities(world)
    with (world / "sources" / "bank_noord_transacties.csv").open(encoding="utf-8") as fh:
        amounts = {r["transactie_id"]: float(r["bedrag"]) for r in csv.DictReader(fh)}
    amounts |= {i: float(e["properties"]["amount"][0]) for i, e in ents.items() if e["schema"] == "Payment"}
    for inst in truth.laundering:
        if inst["typology"] == "structuring":
            assert all(8000 <= amounts[p] < 10000 for p in inst["payment_ids"])


def test_validity_table_shows_blind_third_demo_side_by_side() -> None:
    cell = {"resolution": {"persons": {"f1": 0.5}}}
    table = validity.table({"worlds": {"demo": cell, "third": cell, "blind": cell}})
    assert table.splitlines()[0] == "| measure | blind | third | demo | target |"
    assert "| resolution persons B-cubed F1 | 0.500 | 0.500 | 0.500 | ≥ 0.95 |" in table
