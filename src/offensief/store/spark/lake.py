"""Statements as Parquet partitioned by dataset, and the typed ``transactions`` derived from them.

Layout under one root folder (local, NFS or any Hadoop file system URI)::

    statements/dataset=NAME/part-*.parquet    id, entity_id, schema, prop, prop_type, value,
                                              first_seen, last_seen, load_id
    transactions/dataset=NAME/part-*.parquet  the columns of the DuckDB ``transactions`` table,
                                              typed per dataset (read: one row per payment)
    loads.jsonl                               one line per load (dataset, file, sha256, …)

A load writes the dataset's new partition beside the old one and swaps them by renames, so
a failed load leaves the lake as it was. ``id`` is the decimal text of the same 128-bit
number the DuckDB store keeps (:func:`offensief.store.ids.statement_id`).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
from pyspark.sql import Window
from pyspark.sql import functions as F

from offensief.store.duckstore import TRANSACTION_FIELDS
from offensief.store.schema import TRANSACTION_CHOICE

STATEMENT_FIELDS = ("id", "entity_id", "schema", "prop", "prop_type", "value")
_SPARK_TYPES = {"DOUBLE": "DOUBLE", "VARCHAR": "STRING", "TIMESTAMP": "TIMESTAMP"}


class Lake:
    """The Parquet statement store at ``root`` as seen from one Spark session."""

    def __init__(self, spark: Any, root: str | Path):
        self.spark = spark
        self.root = str(root).rstrip("/")
        jvm = spark.sparkContext._jvm
        conf = spark.sparkContext._jsc.hadoopConfiguration()
        self._Path = jvm.org.apache.hadoop.fs.Path
        self.fs = self._Path(self.root).getFileSystem(conf)

    def path(self, *parts: str) -> str:
        return "/".join((self.root, *parts))

    def exists(self, path: str) -> bool:
        return bool(self.fs.exists(self._Path(path)))

    # -- loads --------------------------------------------------------------------------

    def loads(self) -> list[dict[str, Any]]:
        """Every recorded load, oldest first."""
        path = Path(self.path("loads.jsonl").removeprefix("file:"))
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def find_load(self, dataset: str, sha256: str) -> dict[str, Any] | None:
        return next((l for l in self.loads() if l["dataset"] == dataset and l["sha256"] == sha256), None)

    def record_load(self, entry: dict[str, Any]) -> None:
        path = Path(self.path("loads.jsonl").removeprefix("file:"))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a") as fh:
            fh.write(json.dumps(entry, default=str) + "\n")

    # -- writing ------------------------------------------------------------------------

    def write_dataset(self, dataset: str, incoming: Any, *, load_id: str, now: datetime) -> tuple[int, int]:
        """Merge ``incoming`` statements (:data:`STATEMENT_FIELDS`, distinct ids) into the
        dataset's partition; refresh its transactions. Returns (statements in, added)."""
        target = self.path("statements", f"dataset={dataset}")
        incoming = incoming.withColumn("first_seen", F.lit(now)).withColumn("last_seen", F.lit(now)) \
            .withColumn("load_id", F.lit(load_id)).persist()
        statements_in = incoming.count()
        if self.exists(target):
            old = self.spark.read.parquet(target)
            fresh = incoming.join(old.select("id"), "id", "left_anti")
            seen = old.join(incoming.select("id"), "id", "left_semi").withColumn("last_seen", F.lit(now))
            rest = old.join(incoming.select("id"), "id", "left_anti")
            merged = rest.unionByName(seen).unionByName(fresh)
            added = fresh.count()
        else:
            merged, added = incoming, statements_in
        staging = self.path("_staging", uuid.uuid4().hex)
        merged.write.parquet(staging + "/statements")
        statements = self.spark.read.parquet(staging + "/statements").withColumn("dataset", F.lit(dataset))
        transactions(statements).drop("dataset").write.parquet(staging + "/transactions")
        self._swap(staging + "/statements", target)
        self._swap(staging + "/transactions", self.path("transactions", f"dataset={dataset}"))
        self.fs.delete(self._Path(staging), True)
        incoming.unpersist()
        return statements_in, added

    def _swap(self, new: str, target: str) -> None:
        """Put ``new`` in place of ``target`` by renames (the old one is deleted after)."""
        parent = self._Path(target).getParent()
        self.fs.mkdirs(parent)
        old = target + ".old-" + uuid.uuid4().hex
        had = self.exists(target)
        if had:
            self.fs.rename(self._Path(target), self._Path(old))
        if not self.fs.rename(self._Path(new), self._Path(target)):
            if had:
                self.fs.rename(self._Path(old), self._Path(target))
            raise OSError(f"could not move {new} to {target}")
        if had:
            self.fs.delete(self._Path(old), True)

    # -- reading ------------------------------------------------------------------------

    def table(self, name: str, datasets: list[str] | None = None) -> Any:
        """``statements`` or ``transactions`` (with a ``dataset`` column), optionally filtered.

        A payment several datasets deliver is typed per dataset; ``transactions`` keeps one
        row of each, chosen among every dataset's (:data:`TRANSACTION_CHOICE`), as the DuckDB
        store does — a reader of only some of them gets it when the kept row is theirs."""
        path = self.path(name)
        if not self.exists(path):
            raise FileNotFoundError(f"no {name} in {self.root}: ingest with --engine spark first")
        frame = self.spark.read.option("basePath", path).parquet(path)
        if name == "transactions":
            order = [F.expr(term) for term in TRANSACTION_CHOICE.split(",")]
            frame = (frame.withColumn("_kept", F.row_number().over(Window.partitionBy("id").orderBy(*order)))
                     .where(F.col("_kept") == 1).drop("_kept"))
        if datasets is not None:
            frame = frame.where(F.col("dataset").isin(list(datasets)))
        return frame

    def holds(self, datasets: list[str]) -> bool:
        """Every one of ``datasets`` has statements in the lake."""
        return bool(datasets) and all(self.exists(self.path("statements", f"dataset={d}")) for d in datasets)

    def duckdb(self, datasets: list[str]) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection whose ``statements`` and ``transactions`` views read
        the lake's Parquet files of ``datasets`` (for driver-side steps on few rows)."""
        con = duckdb.connect(":memory:")
        names = ", ".join(_literal(d) for d in datasets)
        files = ", ".join(_literal(self.path("statements", f"dataset={d}", "*.parquet").removeprefix("file:"))
                          for d in datasets)
        con.execute(f"CREATE VIEW statements AS SELECT * FROM read_parquet([{files}], hive_partitioning = true, "
                    f"hive_types_autocast = false) WHERE dataset IN ({names})")
        # one row per payment, chosen among every dataset's typed rows (see :meth:`table`)
        every = _literal(self.path("transactions", "dataset=*", "*.parquet").removeprefix("file:"))
        con.execute(f"CREATE VIEW transactions AS SELECT * EXCLUDE (_kept) FROM ("
                    f"SELECT *, row_number() OVER (PARTITION BY id ORDER BY {TRANSACTION_CHOICE}) AS _kept "
                    f"FROM read_parquet({every}, hive_partitioning = true, hive_types_autocast = false)) "
                    f"WHERE _kept = 1 AND dataset IN ({names})")
        return con

    def register(self, datasets: list[str] | None = None) -> None:
        """Register ``statements`` and ``transactions`` as temp views of the session."""
        for name in ("statements", "transactions"):
            if self.exists(self.path(name)):
                self.table(name, datasets).createOrReplaceTempView(name)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def transactions(statements: Any) -> Any:
    """Typed payment rows from Payment statements, as the DuckDB store derives them: per
    column the first property with a value wins, of several values the least."""
    pay = statements.where(F.col("schema") == "Payment")
    columns = [F.col("entity_id").alias("id")]
    for column, props, sql_type in TRANSACTION_FIELDS:
        values = [F.min(F.when(F.col("prop") == p, F.col("value"))) for p in props]
        columns.append(F.coalesce(*values).try_cast(_SPARK_TYPES[sql_type]).alias(column))
    columns.append(F.min("dataset").alias("dataset"))
    return pay.groupBy("entity_id").agg(*columns[1:]).select(F.col("entity_id").alias("id"), *[
        F.col(c) for c, _, _ in TRANSACTION_FIELDS], "dataset")
