"""The blind world: deterministic, consistent with its truth, holding every representation
variant it claims, and loadable through the documented CLI without errors."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from benchmarks.blindworld import generate
from benchmarks.blindworld.deliveries import mapped_id
from benchmarks.scoring.truths import read_truth
from typer.testing import CliRunner

from offensief.cli.app import app


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("blind") / "w"
    generate(folder, seed=11, size="small")
    return folder


def _entities(world: Path, name: str) -> list[dict]:
    with (world / "sources" / f"{name}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_same_seed_same_bytes_other_seed_other_world(world: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again", seed=11, size="small")
    assert _digest(tmp_path / "again") == _digest(world)
    generate(tmp_path / "other", seed=12, size="small")
    assert _digest(tmp_path / "other") != _digest(world)


def test_truth_points_at_records_and_payments_that_exist(world: Path) -> None:
    truth = json.loads((world / "truth" / "truth.json").read_text())
    for name, records in truth["records"].items():
        ids = {e["id"] for e in _entities(world, name)}
        assert set(records) <= ids, name
    with (world / "sources" / "bank-mutaties.csv").open(encoding="utf-8") as fh:
        paid = {mapped_id("mutatie", row["mutatie_id"]) for row in csv.DictReader(fh)}
    typologies = Counter(i["typology"] for i in truth["laundering"])
    assert set(typologies) == {"structuring", "layering", "scatter_gather", "funnel",
                               "trade_based", "real_estate"}
    for inst in truth["laundering"]:
        assert inst["payment_ids"] and set(inst["payment_ids"]) <= paid
    kadaster = {e["id"] for e in _entities(world, "kadaster")}
    rdw = {e["id"] for e in _entities(world, "rdw-kentekens")}
    for a in truth["assets"]:
        assert set(a["records"].values()) <= (kadaster | rdw)
        assert truth["persons"][a["true_owner"]]["role"] in ("kingpin", "lieutenant")
    scored = read_truth(world)
    assert len(scored.kingpins) == scored.groups == 3
    assert {"financial", "digital", "logistics"} <= set(scored.facilitators.values())


def test_representation_variants_are_present(world: Path) -> None:
    with (world / "sources" / "bank-mutaties.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cash = [r for r in rows if not r["van_rekening"] and r["naar_rekening"]]
    assert any(r["omschrijving"].startswith("Storting") and 8000 <= float(r["bedrag"]) < 10000
               for r in cash)
    assert any(r["omschrijving"].startswith("Factuur INV-") and "container" in r["omschrijving"]
               for r in rows)
    kvk = _entities(world, "kvk-handelsregister")
    sectors = {e["properties"].get("sector", [""])[0] for e in kvk if e["schema"] == "Company"}
    assert "Goederenvervoer over de weg" in sectors and not any(s.isdigit() for s in sectors)
    roles = {e["properties"]["role"][0] for e in kvk if e["schema"] == "Directorship"}
    assert "eigenaar" in roles
    assert any(e["properties"].get("legalForm") == ["Stichting"] and
               e["properties"]["name"][0].startswith("Stichting Administratiekantoor")
               for e in kvk)
    names = [e["properties"]["name"][0] for n in ("politie-bvh", "bank-klanten", "gemeente-brp")
             for e in _entities(world, n) if e["schema"] == "Person"]
    assert any(re.fullmatch(r"([A-Z]\.)+ .+", n) for n in names)            # initials
    assert any(re.fullmatch(r"[A-Z][a-z]+, [A-Z].* (van|de|van der|van den|ter|ten)", n)
               for n in names)                                              # "Dam, Emma van"
    telecom = _entities(world, "telecom-vorderingen")
    firms = {e["id"] for e in telecom if e["schema"] == "Company"}
    assert any(e["properties"]["receiver"][0] in firms for e in telecom if e["schema"] == "Call")
    police = _entities(world, "politie-bvh")
    assert any(e["schema"] == "Event" and len(e["properties"]["involved"]) >= 2 for e in police)
    truth = json.loads((world / "truth" / "truth.json").read_text())
    births = {p: v["birth_date"] for p, v in truth["persons"].items()}
    swapped = missing = 0
    for n in ("politie-bvh", "bank-klanten", "telecom-vorderingen", "kvk-handelsregister"):
        for e in _entities(world, n):
            tid = truth["records"][n].get(e["id"])
            if e["schema"] == "Person" and tid:
                bd = e["properties"].get("birthDate")
                missing += not bd
                swapped += bool(bd) and bd[0] != births[tid]
    assert swapped > 0 and missing > 0


def test_loads_through_the_cli_without_errors(world: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    manifest = json.loads((world / "datasets.json").read_text())
    for d in manifest["datasets"]:
        result = runner.invoke(app, ["dataset", "add", d["name"], "--partner", d["partner"],
                                     "--regime", d["regime"], "--purpose", d["purpose"],
                                     "--collected-at", d["collected_at"], "-w", str(ws)])
        assert result.exit_code == 0, result.output
        for f in d["files"]:
            args = ["ingest", "--dataset", d["name"], str(world / f["path"]), "-w", str(ws)]
            if f["mapping"]:
                args += ["--mapping", str(world / f["mapping"])]
            result = runner.invoke(app, args)
            assert result.exit_code == 0, result.output
            assert "error" not in result.output.lower()
    stats = runner.invoke(app, ["stats", "--json", "-", "-w", str(ws)])
    assert stats.exit_code == 0
    truth = json.loads((world / "truth" / "truth.json").read_text())
    assert str(truth["counts"]["payments"]) in stats.output.replace(",", "")
