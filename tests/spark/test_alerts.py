"""The typology detectors run on Spark give the same alerts as on DuckDB.

One definition per detector: the SQL and the driver-side steps (corporate clusters, account
groups, linked accounts, the hits' details) read through the engine, so this compares the
engines, not two copies of the detectors. The demo world at its smallest size has alerts of
eleven typologies (funnel and layering find nothing there, on either engine).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from offensief.finance.alerts import detect_alerts
from offensief.finance.basis import alert_reads
from offensief.finance.spark import SparkEngine
from offensief.finance.transactions import Engine
from offensief.store.duckstore import Store

pytestmark = [pytest.mark.spark, pytest.mark.timeout(1800)]

#: The typologies the small demo world (seed 7) raises alerts of.
IN_THE_SMALL_WORLD = {
    "fan_in", "fan_out", "cycle", "scatter_gather", "gather_scatter", "bipartite", "stacked_bipartite",
    "structuring", "rapid_pass_through", "trade_based", "real_estate",
}


def test_same_alerts_on_both_engines(spark: Any, duck: Store) -> None:
    on_duckdb = detect_alerts(duck.con)
    on_spark_engine = SparkEngine.mirror(spark, duck.con, partitions=2)
    on_spark = detect_alerts(duck.con, engine=on_spark_engine)
    per_typology = Counter(a["typology"] for a in on_duckdb)
    assert set(per_typology) >= IN_THE_SMALL_WORLD, per_typology
    assert Counter(a["typology"] for a in on_spark) == per_typology
    assert on_spark == on_duckdb
    # what each alert's flags read (its basis, casework's derived-data rule) on both engines
    reads = alert_reads(Engine(duck.con), on_duckdb)
    assert alert_reads(on_spark_engine, on_spark) == reads and all(reads)
