"""The Spark engine in local mode on the demo world at its smallest size.

These tests run wherever Java is installed (scripts/services.sh installs it, so CI runs
them); without Java they are skipped, and only then.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from offensief.demo.generator import generate
from offensief.ingest import ingest_manifest
from offensief.store.duckstore import Store
from offensief.store.spark import SparkConfig, java_available, spark_session

if not java_available():
    pytest.skip("the Spark engine needs Java (scripts/services.sh installs it)", allow_module_level=True)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    session = spark_session(SparkConfig(shuffle_partitions=2, driver_memory="3g"))
    yield session


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo world (seed 7, size small) as partner files and their manifest."""
    out = tmp_path_factory.mktemp("world")
    generate(seed=7, size="small", out=out)
    return out


@pytest.fixture(scope="session")
def duck(world: Path) -> Iterator[Store]:
    """The whole world loaded by the embedded engine."""
    store = Store.memory()
    ingest_manifest(store, world / "datasets.json")
    yield store
    store.close()
