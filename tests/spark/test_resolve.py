"""Splink's Spark backend clusters the same records as the default DuckDB backend."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from offensief.ingest import ingest_manifest
from offensief.resolve.canonical import load_mapping
from offensief.resolve.resolution import Options, resolve
from offensief.store.duckstore import Store

pytestmark = [pytest.mark.spark, pytest.mark.timeout(1800)]


def _pairs(store: Store) -> set[tuple[str, str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for source, canonical in load_mapping(store).items():
        members[canonical].append(source)
    return {pair for group in members.values() for pair in combinations(sorted(group), 2)}


def test_person_clusters_agree_on_at_least_999_in_1000_pairs(spark: Any, world: Path) -> None:
    options = Options(kinds=("person",))
    stores = [Store.memory(), Store.memory()]
    for store in stores:
        ingest_manifest(store, world / "datasets.json")
    (duck_run,) = resolve(stores[0], options=options)
    (spark_run,) = resolve(stores[1], options=options, spark=spark)
    duck, on_spark = _pairs(stores[0]), _pairs(stores[1])
    assert duck_run["records"] == spark_run["records"] > 1000
    assert len(duck) > 500
    assert len(duck & on_spark) >= 0.999 * len(duck | on_spark)
