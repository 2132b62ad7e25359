"""The typology detectors on Spark SQL.

The detectors are portable SQL with a :class:`~offensief.finance.transactions.Dialect`, and
their driver-side steps (corporate clusters, account groups, linked accounts, the details of
the hits) read and write through the :class:`~offensief.finance.transactions.Engine`
methods. :class:`SparkEngine` implements those methods on a Spark session, so
``detect_alerts(con, engine=SparkEngine(spark, con))`` runs every query on Spark, no query
text is copied here, and both engines run one definition of each detector.

>>> SparkEngine.dialect.epoch("ts")
'CAST(unix_micros(ts) AS DOUBLE) / 1000000'
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import sqlglot
from pyspark.sql.pandas.types import from_arrow_schema
from sqlglot import expressions as exp

from offensief.finance.transactions import SPARK, Engine
from offensief.store.duckstore import Store
from offensief.store.reads import visible_copy
from offensief.store.spark.lake import Lake

#: The relations of the driver's connection that :meth:`SparkEngine.mirror` copies (when present).
MIRRORED = ("transactions", "statements", "canonical")


class SparkEngine(Engine):
    """Runs the finance SQL on a Spark session whose ``transactions`` and ``statements``
    views hold the rows the driver's DuckDB connection ``con`` holds (``con`` itself is not
    read by the detectors)."""

    dialect = SPARK

    def __init__(self, spark: Any, con: duckdb.DuckDBPyConnection):
        super().__init__(con)
        self.spark = spark
        self._kept: dict[str, Any] = {}
        self._ctes: list[Any] = []

    @classmethod
    def mirror(cls, spark: Any, con: duckdb.DuckDBPyConnection, *, partitions: int | None = None) -> SparkEngine:
        """An engine whose Spark views are copies of ``con``'s ``transactions``, ``statements``
        (and ``canonical``, the resolution mapping, when ``con`` has one)."""
        engine = cls(spark, con)
        for name in MIRRORED:
            if Engine(con).has(name):
                engine.register(name, con.sql(f"SELECT * FROM {name}").to_arrow_table(), partitions=partitions)
        return engine

    def materialise(self, name: str, sql: str) -> None:
        self._keep(name, self._frame(sql))
        self._drop_ctes()

    def register(self, name: str, table: pa.Table, *, partitions: int | None = None) -> None:
        table = table.cast(_spark_types(table.schema))
        frame = self.spark.createDataFrame(table) if table.num_rows else self.spark.createDataFrame(
            [], _spark_schema(table.schema))
        if partitions:
            frame = frame.repartition(partitions)
        self._keep(name, frame)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        try:
            table = self._frame(sql).toArrow()
        finally:
            self._drop_ctes()
        columns = [_naive(c).to_pylist() for c in table.columns]
        return list(zip(*columns, strict=True)) if columns else []

    def has(self, name: str) -> bool:
        return bool(self.spark.catalog.tableExists(name))

    def _keep(self, name: str, frame: Any) -> None:
        """Compute ``frame`` once as the temp view ``name``, releasing what that name held before.

        A local checkpoint, not a cache: the view's plan becomes a leaf, so a query naming
        ``fin_tx`` ten times does not analyse the plan behind it (and behind ``fin_flow``'s
        ``fin_candidate``'s ``fin_tx``) ten times over — the analysis, not the data, is what
        took minutes."""
        frame = frame.localCheckpoint(eager=True)
        frame.createOrReplaceTempView(name)
        old = self._kept.pop(name, None)
        if old is not None:
            old.unpersist()
        self._kept[name] = frame

    def _frame(self, sql: str) -> Any:
        """The query as a DataFrame, each common table expression it names more than once
        computed once.

        Spark inlines a CTE at every reference (the cycle detector names each one several
        times), so such a CTE becomes a checkpointed temp view of its own first; a CTE named
        once stays inline (a job of its own would only add Spark's per-job cost).
        """
        try:
            tree: Any = sqlglot.parse_one(sql, read="spark")
        except sqlglot.errors.ParseError:
            return self.spark.sql(sql)
        if not tree.ctes:
            return self.spark.sql(sql)
        uses = Counter(t.name for t in tree.find_all(exp.Table))
        inline: list[Any] = []
        for cte in tree.ctes:
            if uses[cte.alias] < 2:
                inline.append(cte)
                continue
            body = cte.this.sql(dialect="spark")
            if inline:
                body = "WITH " + ", ".join(f"{c.alias} AS ({c.this.sql(dialect='spark')})" for c in inline) + " " + body
            frame = self.spark.sql(body).localCheckpoint(eager=True)
            frame.createOrReplaceTempView(cte.alias)
            self._ctes.append(frame)
        rest = tree.copy()
        rest.set("with_" if "with_" in rest.args else "with", None)
        text = rest.sql(dialect="spark")
        if inline:
            text = "WITH " + ", ".join(f"{c.alias} AS ({c.this.sql(dialect='spark')})" for c in inline) + " " + text
        return self.spark.sql(text)

    def _drop_ctes(self) -> None:
        for frame in self._ctes:
            frame.unpersist()
        self._ctes.clear()


def _naive(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Spark's instants (UTC in this product's sessions) as DuckDB's naive timestamps."""
    kind = column.type
    if pa.types.is_timestamp(kind) and kind.tz is not None:
        return column.cast(pa.timestamp(kind.unit))
    return column


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
            return con, SparkEngine(spark, con)
    con = visible_copy(store, datasets)
    return con, SparkEngine.mirror(spark, con)
