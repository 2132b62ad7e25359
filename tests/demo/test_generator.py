"""The generator: determinism, speed, files as promised by the contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from offensief.demo.generator import SIZES, DemoResult, generate
from offensief.model.dataset import REGIMES
from offensief.model.errors import InputError


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes(world_dir: Path, tmp_path: Path) -> None:
    again = generate(seed=7, size="small", out=tmp_path / "again")
    first, second = _tree(world_dir), _tree(again.out)
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name


def test_other_seed_gives_another_world(world_dir: Path, tmp_path: Path) -> None:
    other = generate(seed=8, size="small", out=tmp_path / "other")
    assert (other.out / "sources" / "payments.csv").read_bytes() != (world_dir / "sources" / "payments.csv").read_bytes()


def test_small_is_fast(small_world: tuple[DemoResult, float]) -> None:
    assert small_world[1] < 15.0


def test_sizes_match_the_brief(small_world: tuple[DemoResult, float]) -> None:
    counts = small_world[0].counts
    assert 30_000 <= counts["bank-transacties"]["Payment"] <= 50_000
    assert counts["telecom-cdr"]["Call"] == SIZES["small"].calls
    assert 2000 <= counts["gemeente-brp"]["Person"] <= 3000


def test_unknown_size_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        generate(seed=1, size="huge", out=tmp_path)


def test_progress_reports_every_step(tmp_path: Path) -> None:
    seen: list[str] = []
    generate(seed=3, size="small", out=tmp_path / "w", progress=lambda step, done, total: seen.append(step))
    assert seen[0] == "population" and seen[-1] == "done" and "payments" in seen


def test_datasets_json_follows_the_contract(world_dir: Path) -> None:
    doc = json.loads((world_dir / "datasets.json").read_text())
    names = {d["name"] for d in doc["datasets"]}
    assert names == {"politie-bvh", "kvk-handelsregister", "kadaster", "bank-transacties",
                     "telecom-cdr", "gemeente-brp"}
    for d in doc["datasets"]:
        assert d["regime"] in REGIMES
        assert {"partner", "purpose", "collected_at", "retention", "title"} <= d.keys()
        for f in d["files"]:
            assert (world_dir / f["path"]).exists()
            assert f["format"] in ("jsonl", "csv")
            if f["mapping"]:
                assert (world_dir / f["mapping"]).exists()
    bank = next(d for d in doc["datasets"] if d["name"] == "bank-transacties")
    assert any(f["format"] == "csv" and f["mapping"] for f in bank["files"])


def test_result_lists_what_was_written(small_world: tuple[DemoResult, float]) -> None:
    result = small_world[0]
    data = result.as_dict()
    assert all(Path(p).exists() for p in data["files"] + data["ground_truth"])
    assert {Path(p).name for p in data["ground_truth"]} == {
        "persons.json", "companies.json", "groups.json", "facilitators.json", "typologies.json",
        "assets.json", "benign.json"}


def test_same_bytes_in_another_process(world_dir: Path, tmp_path: Path) -> None:
    """No dependence on string hashing (PYTHONHASHSEED) or other process state."""
    code = ("from pathlib import Path; from offensief.demo.generator import generate; "
            f"generate(seed=7, size='small', out=Path({str(tmp_path / 'proc')!r}))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)
    assert _tree(tmp_path / "proc") == _tree(world_dir)
