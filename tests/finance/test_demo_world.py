"""The must-show numbers on the demo world (``small``): typology recall and precision per
typology against ``typologies.json`` and criminal asset value attributed to the right
beneficial owner against ``assets.json``, after ``offensief resolve`` (its ``canonical`` table
is what the finance code reads for canonical ids), as in the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from offensief.demo.generator import generate
from offensief.finance.alerts import detect_alerts
from offensief.finance.assets import asset_inventory
from offensief.finance.evaluation import evaluate_alerts, evaluate_assets, load_demo
from offensief.resolve.resolution import resolve
from offensief.store.duckstore import Store


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Store]:
    out = tmp_path_factory.mktemp("demo")
    generate(seed=7, size="small", out=out, progress=None)
    store = Store.memory()
    store.con.execute("SET threads = 1")
    load_demo(store, out)
    resolve(store)
    return out, store


def test_typologies_recall_and_precision(world: tuple[Path, Store]) -> None:
    out, store = world
    table = evaluate_alerts(detect_alerts(store.con), out)
    for typology, row in table.items():
        if typology in ("layering", "funnel"):  # the demo world plants none: none may be raised
            assert row["instances"] == 0 and row["alerts"] == 0, row
            continue
        assert row["instances"] >= 3, typology
        assert row["recall"] >= 0.9, (typology, row)
        assert row["precision"] >= 0.8, (typology, row)


def test_criminal_assets_attributed_to_the_beneficial_owner(world: tuple[Path, Store]) -> None:
    out, store = world
    result = evaluate_assets(asset_inventory(store.con, alerts=detect_alerts(store.con)), out)
    assert result["share"] >= 0.8, result
