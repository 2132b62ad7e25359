"""The typology detectors run as Spark SQL give the same alerts as on DuckDB."""

from __future__ import annotations

from typing import Any

import pytest

from offensief.finance.alerts import detect_alerts
from offensief.finance.spark import SparkEngine
from offensief.store.duckstore import Store

pytestmark = [pytest.mark.spark, pytest.mark.timeout(1800)]


@pytest.mark.spark_equality
def test_same_alerts_on_both_engines(spark: Any, duck: Store) -> None:
    on_duckdb = detect_alerts(duck.con)
    on_spark = detect_alerts(duck.con, engine=SparkEngine.mirror(spark, duck.con, partitions=2))
    assert len(on_duckdb) >= 10
    assert {a["typology"] for a in on_duckdb} >= {"fan_in", "structuring"}
    assert on_spark == on_duckdb
