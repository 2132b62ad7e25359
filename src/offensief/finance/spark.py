"""The typology detectors on Spark SQL.

The detectors are portable SQL with a :class:`~offensief.finance.transactions.Dialect`;
:class:`SparkEngine` runs whatever SQL they build on Spark, so no query text is copied here.
``detect_alerts(con, engine=SparkEngine(spark, con))`` then does everything else (merging,
scoring, explaining) as on the default engine, on the driver's DuckDB connection ``con``:
the tables the Python steps read there (``fin_tx``, ``fin_holders``) are brought back from
Spark, and the small tables they register there (clusters, account groups, the canonical
mapping) are sent to Spark before a query names them.

>>> SparkEngine.dialect.epoch("ts")
'unix_timestamp(ts)'
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import sqlglot
from pyspark.sql.pandas.types import from_arrow_schema

from offensief.finance.transactions import SPARK, Engine
from offensief.store.duckstore import Store
from offensief.store.reads import visible_copy
from offensief.store.spark.lake import Lake

#: Tables the driver-side Python steps read after :func:`~offensief.finance.transactions.prepare`.
DRIVER_TABLES = ("fin_tx", "fin_holders")
_NAMES = re.compile(r"\bfin_[a-z_]+\b")


class SparkEngine(Engine):
    """Runs the finance SQL on a Spark session whose ``transactions`` and ``statements``
    views hold the same rows as the driver's DuckDB connection ``con``."""

    dialect = SPARK

    def __init__(self, spark: Any, con: duckdb.DuckDBPyConnection):
        super().__init__(con)
        self.spark = spark
        self._on_spark: set[str] = set()
        self._ctes: list[Any] = []

    @classmethod
    def mirror(cls, spark: Any, con: duckdb.DuckDBPyConnection, *, partitions: int | None = None) -> SparkEngine:
        """An engine whose Spark views are copies of ``con``'s ``transactions`` and ``statements``."""
        engine = cls(spark, con)
        for name in ("transactions", "statements"):
            engine._send(name, partitions=partitions)
        return engine

    def materialise(self, name: str, sql: str) -> None:
        frame = self._frame(sql).persist()
        frame.createOrReplaceTempView(name)
        self._on_spark.add(name)
        if name in DRIVER_TABLES:
            table = frame.toArrow()
            self.con.register(f"{name}_from_spark", table)
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_from_spark")
            self.con.unregister(f"{name}_from_spark")

    def rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        if params:
            raise ValueError("the Spark engine takes no query parameters")
        try:
            return [tuple(row) for row in self._frame(sql).collect()]
        finally:
            self._drop_ctes()

    def _frame(self, sql: str) -> Any:
        """The query as a DataFrame, its common table expressions computed once each.

        Spark inlines a CTE at every reference (the cycle detector names each one several
        times), so each CTE becomes a cached temp view of its own first.
        """
        self._prepare(sql)
        try:
            tree: Any = sqlglot.parse_one(sql, read="spark")
        except sqlglot.errors.ParseError:
            return self.spark.sql(sql)
        for cte in tree.ctes:
            frame = self.spark.sql(cte.this.sql(dialect="spark")).persist()
            frame.createOrReplaceTempView(cte.alias)
            self._ctes.append(frame)
        if not tree.ctes:
            return self.spark.sql(sql)
        tree.set("with_" if "with_" in tree.args else "with", None)
        return self.spark.sql(tree.sql(dialect="spark"))

    def _drop_ctes(self) -> None:
        for frame in self._ctes:
            frame.unpersist()
        self._ctes.clear()

    def _prepare(self, sql: str) -> None:
        """Send the driver's ``fin_*`` tables that ``sql`` names and Spark lacks."""
        for name in sorted(set(_NAMES.findall(sql)) - self._on_spark):
            if self._on_duckdb(name):
                self._send(name)

    def _on_duckdb(self, name: str) -> bool:
        found = self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                                 [name]).fetchall()
        return bool(found[0][0])

    def _send(self, name: str, *, partitions: int | None = None) -> None:
        table = self.con.sql(f"SELECT * FROM {name}").to_arrow_table()
        table = table.cast(_spark_types(table.schema))
        frame = self.spark.createDataFrame(table) if table.num_rows else self.spark.createDataFrame(
            [], _spark_schema(table.schema))
        if partitions:
            frame = frame.repartition(partitions)
        frame.createOrReplaceTempView(name)
        self._on_spark.add(name)


def _spark_types(schema: pa.Schema) -> pa.Schema:
    """DuckDB's 128-bit ids and other types Spark lacks, as text."""
    fields = []
    for f in schema:
        kind = f.type
        if pa.types.is_decimal(kind) or (pa.types.is_fixed_size_binary(kind)) or str(kind).startswith("extension"):
            kind = pa.string()
        if pa.types.is_timestamp(kind):
            kind = pa.timestamp("us")
        fields.append(pa.field(f.name, kind))
    return pa.schema(fields)


def _spark_schema(schema: pa.Schema) -> Any:
    return from_arrow_schema(schema)


def case_engine(store: Store, datasets: list[str], spark: Any) -> tuple[duckdb.DuckDBPyConnection, SparkEngine]:
    """The driver connection and Spark engine for the payments of ``datasets``: read from the
    workspace's Parquet lake when it holds them all (``ingest --engine spark``), otherwise a
    copy of the embedded store's rows sent to Spark."""
    workspace = store.workspace
    if workspace is not None and Path(workspace.lake_path).exists():
        lake = Lake(spark, workspace.lake_path)
        if lake.holds(datasets):
            lake.register(datasets)
            con = lake.duckdb(datasets)
            engine = SparkEngine(spark, con)
            engine._on_spark |= {"statements", "transactions"}
            return con, engine
    con = visible_copy(store, datasets)
    return con, SparkEngine.mirror(spark, con)
