"""Atomic, idempotent loading of one partner file into a dataset.

>>> ingest_file(store, dataset="politie-bvh", path=Path("persons.jsonl"))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyarrow as pa
from followthemoney.mapping import QueryMapping

from offensief.ingest import bulkjson, compiled
from offensief.ingest.entities import Row, entity_rows
from offensief.ingest.goaml import read_goaml
from offensief.ingest.jsonl import read_jsonl
from offensief.ingest.manifest import read_manifest
from offensief.ingest.mapping import load_mapping, mapped_rows
from offensief.ingest.source import file_sha256
from offensief.ingest.tabular import read_csv, read_csv_header, read_xlsx
from offensief.ingest.values import DEFAULT_COUNTRY, phone_country
from offensief.model.errors import InputError
from offensief.store.duckstore import STATEMENT_COLUMNS, LoadResult, PreparedLoad, Store

FORMATS = ("jsonl", "csv", "xlsx", "goaml")
#: Columns of a batch from the exact path: the statement and its original text (or null).
BATCH_COLUMNS = (*STATEMENT_COLUMNS, "original")
BATCH_ROWS = 250_000
#: ``progress(records_done)`` is called every this many records.
PROGRESS_EVERY = 5_000

Progress = Callable[[int], None]


def detect_format(path: Path) -> str:
    """The format implied by a file name: ``.jsonl``/``.ndjson``/``.ftm``, ``.csv``, ``.xlsx``, ``.xml`` (goAML)."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".ftm", ".json"):
        return "jsonl"
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".xml":
        return "goaml"
    raise InputError(f"unknown file type {suffix!r}; use .jsonl, .csv, .xlsx or .xml (goAML)", file=str(path))


def checked_sha(path: Path, fmt: str, mapping: str | Path | None) -> str:
    """The load's fingerprint (the file's SHA-256, plus the mapping's), once the file exists
    and has a mapping exactly when its format needs one; the same for every engine."""
    if fmt in ("csv", "xlsx") and mapping is None:
        raise InputError("a CSV or XLSX file needs --mapping FILE (an FtM mapping YAML)", file=str(path))
    if fmt in ("jsonl", "goaml") and mapping is not None:
        raise InputError("--mapping applies to CSV and XLSX files only", file=str(path))
    if not path.exists():
        raise InputError("file not found", file=str(path))
    sha = file_sha256(path)
    if mapping is not None:
        sha = f"{sha}+{file_sha256(Path(mapping))}"
    return sha


def ingest_file(
    store: Store,
    *,
    dataset: str,
    path: Path,
    mapping: Path | None = None,
    fmt: str | None = None,
    progress: Progress | None = None,
    country: str | None = None,
) -> LoadResult:
    """Validate and load ``path`` into ``dataset``; all or nothing, and never twice.

    ``country`` is the source's default country for phone numbers in national format
    (``06-46758508``); without it a mapping's ``country:`` or :data:`DEFAULT_COUNTRY` applies.
    """
    path = Path(path)
    country = phone_country(country, file=str(path)) if country else None
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", file=str(path))
    store.get_dataset(dataset)
    sha = checked_sha(path, fmt, mapping)
    fast = None
    if fmt == "csv" and mapping is not None:
        fast = _load_compiled(store, dataset=dataset, path=path, mapping=mapping, sha=sha, progress=progress,
                              country=country)
    elif fmt == "jsonl":
        fast = _load_bulkjson(store, dataset=dataset, path=path, sha=sha, progress=progress)
    if fast is not None:
        return fast
    rows = _rows(path, fmt=fmt, mapping=mapping, dataset=dataset, country=country)
    return store.load(
        dataset=dataset, file=str(path), sha256=sha, fmt=fmt,
        batches=_batches(rows, progress=progress),
    )


def _load_compiled(
    store: Store, *, dataset: str, path: Path, mapping: Path, sha: str, progress: Progress | None,
    country: str | None = None,
) -> LoadResult | None:
    """Load a CSV through the mapping compiled to SQL; ``None`` when the exact path must run."""
    queries, raw = load_mapping(Path(mapping), data_file=path, dataset=dataset, country=country)
    header = read_csv_header(path)
    if store.find_load(dataset, sha) is not None:
        return None
    try:
        plan = compiled.compile_mapping(queries, raw, header)
        count = compiled.build_rows(store.con, path, plan, header)
    except compiled.Decline as exc:
        compiled.drop_temp(store.con)
        if isinstance(exc, compiled.MalformedCsv):
            for _ in read_csv(path):  # names the bad line at ~1M lines/s, before any mapping work
                pass
        return None
    except compiled.BadValues as bad:
        compiled.drop_temp(store.con)
        raise_bad_rows(path, queries, bad.values)
        return None
    try:
        prepared = PreparedLoad(compiled.statements_sql(plan), count, compiled.per_schema_sql(plan),
                                compiled.transactions_sql(plan, dataset), compiled.wide_load(plan, dataset))
        return store.load(dataset=dataset, file=str(path), sha256=sha, fmt="csv", prepared=prepared,
                          written=progress)
    finally:
        compiled.drop_temp(store.con)


def raise_bad_rows(path: Path, queries: list[QueryMapping], bad: dict[str, set[str]]) -> None:
    """Raise the exact path's error for the first record holding a refused value, naming the
    next bad lines too (up to :data:`compiled.FIRST_BAD_ROWS`); return if no record fails
    (then the exact path runs).

    The set-based check found the values FtM refuses, per column; a plain scan of the file finds
    the records holding them, and only those are mapped again, by the same code as the exact
    path, so the message is the same.
    """
    errors: list[InputError] = []
    for line, record in read_csv(path):
        if any(record.get(column) in values for column, values in bad.items()):
            try:
                for _ in mapped_rows(queries, record, file=str(path), line=line):
                    pass
            except InputError as exc:
                errors.append(exc)
                if len(errors) >= compiled.FIRST_BAD_ROWS:
                    break
    if not errors:
        return
    first = errors[0]
    if len(errors) > 1:
        first.message += "; more bad rows at lines " + ", ".join(str(e.line) for e in errors[1:])
        first.args = (first.message,)
    first.details["bad_rows"] = [{"line": e.line, "field": e.field} for e in errors]
    raise first


def _load_bulkjson(store: Store, *, dataset: str, path: Path, sha: str, progress: Progress | None) -> LoadResult | None:
    """Load JSON lines parsed and validated by DuckDB; ``None`` when the exact path must run."""
    if store.find_load(dataset, sha) is not None:
        return None
    try:
        count = bulkjson.build_values(store.con, path)
        return store.load(dataset=dataset, file=str(path), sha256=sha, fmt="jsonl",
                          prepared=PreparedLoad(bulkjson.statements_sql(), count), written=progress)
    except compiled.Decline:
        return None
    finally:
        bulkjson.drop_temp(store.con)


def _rows(path: Path, *, fmt: str, mapping: Path | None, dataset: str,
          country: str | None = None) -> Iterator[tuple[int, Iterable[Row]]]:
    """Per source record: its line and the statement rows it yields."""
    file = str(path)
    if fmt in ("jsonl", "goaml"):
        entities = read_jsonl(path) if fmt == "jsonl" else read_goaml(path)
        for line, data in entities:
            yield line, entity_rows(data, file=file, line=line, country=country or DEFAULT_COUNTRY)
        return
    assert mapping is not None
    queries, _ = load_mapping(Path(mapping), data_file=path, dataset=dataset, country=country)
    records = read_csv(path) if fmt == "csv" else read_xlsx(path)
    for line, record in records:
        yield line, mapped_rows(queries, record, file=file, line=line)


def _batches(
    records: Iterator[tuple[int, Iterable[Row]]], *, progress: Progress | None
) -> Iterator[tuple[pa.Table, int]]:
    """Group statement rows into Arrow tables of about :data:`BATCH_ROWS` rows."""
    columns: list[list[str | None]] = [[] for _ in BATCH_COLUMNS]
    total = in_batch = 0
    for _line, rows in records:
        for row in rows:
            for column, value in zip(columns, row):
                column.append(value)
        total += 1
        in_batch += 1
        if progress is not None and total % PROGRESS_EVERY == 0:
            progress(total)
        if len(columns[0]) >= BATCH_ROWS:
            yield _table(columns), in_batch
            columns, in_batch = [[] for _ in BATCH_COLUMNS], 0
    if progress is not None:
        progress(total)
    yield _table(columns), in_batch


def _table(columns: list[list[str | None]]) -> pa.Table:
    return pa.table({name: pa.array(col, pa.string()) for name, col in zip(BATCH_COLUMNS, columns)})


def ingest_manifest(store: Store, manifest_path: Path,
                    load: Callable[..., LoadResult] | None = None) -> list[tuple[Path, LoadResult]]:
    """Register the datasets of a manifest (``datasets.json``) and load each of its files, one
    atomic load per file; ``load`` replaces :func:`ingest_file` (e.g. to show progress)."""
    manifest = read_manifest(Path(manifest_path))
    for dataset in manifest.datasets:
        store.add_dataset(dataset)
    load = load or ingest_file
    return [(item.path, load(store, dataset=item.dataset, path=item.path, mapping=item.mapping,
                             country=item.country))
            for item in manifest.files]
