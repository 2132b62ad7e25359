"""Ingest on Spark: CSV (with the FtM mapping YAML) and FtM JSON lines into Parquet statements.

Each executor maps its share of the file with the very functions the embedded loader's exact
path uses (:func:`~offensief.ingest.entities.entity_rows`, :func:`~offensief.ingest.mapping.mapped_rows`)
and ids come from :func:`~offensief.store.ids.statement_id`, so both engines store the same
statements under the same ids. The first bad record (lowest line) fails the whole load with
its file, line and field; nothing is written then.

Line numbers: JSON lines are exact. CSV records are numbered as lines (header = line 1), which
is exact unless a quoted cell spans lines (Spark splits the file at line ends; such files
load with the default engine).

>>> ingest_file_spark(lake, dataset="politie-bvh", path=Path("persons.jsonl"))  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from pyspark.sql import functions as F
from pyspark.sql.types import LongType, StringType, StructField, StructType

from offensief.ingest.entities import Row, entity_rows
from offensief.ingest.loader import checked_sha, detect_format
from offensief.ingest.mapping import load_mapping, mapped_rows
from offensief.ingest.source import check_file
from offensief.ingest.tabular import Record, read_csv_header
from offensief.model.errors import InputError
from offensief.store.duckstore import LoadResult
from offensief.store.ids import statement_id
from offensief.store.spark.lake import STATEMENT_FIELDS, Lake

#: Rows the executors return: a statement (``S``), a partition's record count (``C``) or
#: the first error of a partition (``E``: message, field in ``value``/``prop``).
_OUT = StructType([StructField("kind", StringType()), *[StructField(f, StringType()) for f in STATEMENT_FIELDS],
                   StructField("line", LongType())])


def ingest_file_spark(lake: Lake, *, dataset: str, path: Path, mapping: Path | None = None,
                      fmt: str | None = None, partitions: int | None = None) -> LoadResult:
    """Validate and load ``path`` into ``dataset`` of ``lake``; all or nothing, never twice."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt not in ("csv", "jsonl"):
        raise InputError(f"the Spark engine reads CSV and JSON lines; load {fmt} files with --engine duckdb",
                         file=str(path))
    sha = checked_sha(path, fmt, mapping)
    previous = lake.find_load(dataset, sha)
    if previous is not None:
        return LoadResult(previous["load_id"], dataset, str(path), previous["records"], 0, 0, True, {})
    out = (_csv(lake, path, mapping, dataset, partitions) if mapping is not None
           else _jsonl(lake, path, dataset, partitions))
    out = out.persist()
    try:
        _raise_first_error(out, str(path))
        records = int(out.where(F.col("kind") == "C").agg(F.sum("line")).first()[0] or 0)
        incoming = out.where(F.col("kind") == "S").select(*STATEMENT_FIELDS).dropDuplicates(["id"])
        per_schema = {r[0]: int(r[1]) for r in incoming.groupBy("schema").agg(F.countDistinct("entity_id"))
                      .orderBy("schema").collect() if r[1]}
        load_id = uuid.uuid4().hex
        now = datetime.now(UTC).replace(tzinfo=None)
        statements_in, added = lake.write_dataset(dataset, incoming, load_id=load_id, now=now)
    finally:
        out.unpersist()
    lake.record_load({"load_id": load_id, "dataset": dataset, "file": str(path), "sha256": sha, "format": fmt,
                      "records": records, "statements_added": added, "loaded_at": now.isoformat()})
    return LoadResult(load_id, dataset, str(path), records, statements_in, added, False, per_schema)


def _jsonl(lake: Lake, path: Path, dataset: str, partitions: int | None) -> Any:
    check_file(path, allow_utf8_bom=False)
    sc = lake.spark.sparkContext
    lines = sc.textFile(str(path.resolve()), minPartitions=partitions or sc.defaultParallelism)
    file = str(path)
    rdd = lines.zipWithIndex().mapPartitions(lambda part: _json_partition(part, file=file, dataset=dataset))
    return lake.spark.createDataFrame(rdd, _OUT)


def _json_partition(part: Iterable[tuple[str, int]], *, file: str, dataset: str) -> Iterator[tuple[Any, ...]]:
    records = 0
    for text, index in part:
        line = index + 1
        if not text.strip():
            continue
        records += 1
        try:
            try:
                data = orjson.loads(text)
            except orjson.JSONDecodeError as exc:
                raise InputError(f"malformed JSON: {exc}", file=file, line=line) from None
            yield from _statements(entity_rows(data, file=file, line=line), dataset, line)
        except InputError as exc:
            yield _error(exc, line)
            return
    yield ("C", None, None, None, None, None, None, records)


def _csv(lake: Lake, path: Path, mapping: Path, dataset: str, partitions: int | None) -> Any:
    check_file(path, allow_utf8_bom=True)
    header = read_csv_header(path)
    load_mapping(Path(mapping), data_file=path, dataset=dataset)  # a bad mapping fails here, on the driver
    schema = StructType([StructField(h, StringType()) for h in header])
    frame = (lake.spark.read.schema(schema)
             .options(header=True, escape='"', quote='"', mode="FAILFAST", multiLine=False,
                      ignoreLeadingWhiteSpace=False, ignoreTrailingWhiteSpace=False, encoding="UTF-8")
             .csv(str(path.resolve())))
    if partitions:
        frame = frame.coalesce(partitions) if partitions < frame.rdd.getNumPartitions() else frame
    file, mapping_file = str(path), str(mapping)
    rdd = frame.rdd.zipWithIndex().mapPartitions(
        lambda part: _csv_partition(part, header=header, file=file, mapping=mapping_file, dataset=dataset))
    return lake.spark.createDataFrame(rdd, _OUT)


def _csv_partition(part: Iterable[tuple[Any, int]], *, header: list[str], file: str, mapping: str,
                   dataset: str) -> Iterator[tuple[Any, ...]]:
    logging.getLogger("followthemoney").setLevel(logging.ERROR)  # FtM logs each skipped empty key
    queries, _ = load_mapping(Path(mapping), data_file=Path(file), dataset=dataset)
    records = 0
    for row, index in part:
        line = index + 2
        record: Record = {h: v.strip() for h, v in zip(header, row) if v is not None and v.strip()}
        if not record:
            continue
        records += 1
        try:
            yield from _statements(mapped_rows(queries, record, file=file, line=line), dataset, line)
        except InputError as exc:
            yield _error(exc, line)
            return
    yield ("C", None, None, None, None, None, None, records)


def _statements(rows: Iterable[Row], dataset: str, line: int) -> Iterator[tuple[Any, ...]]:
    for entity_id, schema, prop, prop_type, value, *_original in rows:  # the lake keeps no originals
        yield ("S", str(statement_id(dataset, entity_id, prop, value)), entity_id, schema, prop, prop_type,
               value, line)


def _error(exc: InputError, line: int) -> tuple[Any, ...]:
    """The error as a row: its bare message (without the ``file:line:`` prefix) and field."""
    text = exc.message
    where = ":".join(str(p) for p in (exc.file, exc.line) if p is not None)
    text = text.removeprefix(f"{where}: ") if where else text
    if exc.field:
        text = text.removesuffix(f" (field {exc.field!r})")
    return ("E", None, None, None, exc.field, None, text, exc.line or line)


def _raise_first_error(out: Any, file: str) -> None:
    first = out.where(F.col("kind") == "E").orderBy("line").limit(1).collect()
    if first:
        error = first[0]
        raise InputError(error["value"], file=file, line=int(error["line"]), field=error["prop"])
