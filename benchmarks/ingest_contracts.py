"""Issue 20: what other storage contracts for a payment CSV would cost to load and to read.

A bare experiment, not product code: each design's load is the SQL that contract would run on
``benchmarks/ingest.py``'s payments CSV (same columns, the same FtM SHA-1 entity ids, the same
value checks as ``offensief.ingest.compiled``), timed per step against the plain read
(``SELECT count(*) FROM read_csv``); each design's reads are the same queries against
``payment_rows`` stored that way, under the product's own ``statements`` and ``transactions``
views. One design per process (``--design``), so CPU seconds are that design's only.

Designs (``--design``):

- ``read``: the plain read, three times.
- ``sha``, ``copy``: SHA-256 of the file (a load's idempotence key), a plain file copy.
- ``checks``: the load's checks (every value FtM would keep unchanged, no key FtM would trim
  differently, payment ids unique) in one scan of the CSV, nothing written: design (b)'s load.
- ``checks4``: the same, on untrimmed values, the IBANs once per distinct value (second scan).
- ``b``: design (b)'s whole load (SHA-256, copy, ``checks4``) between two plain reads, with its ratios.
- ``ids``: the three SHA-1 entity ids computed, nothing written.
- ``parquet:COMPRESSION[:ROW_GROUP]``: design (a), the typed wide rows with their ids written by
  ``COPY … (FORMAT parquet)``, then the payment-id uniqueness read back from the file.
- ``pqraw:COMPRESSION``: design (c), the wide rows with the raw keys instead of ids.
- ``pqrawchk:COMPRESSION``: (c) with the checks inside the write (``error()`` on a bad row).
- ``table``: the wide rows with ids inserted into a DuckDB table (the current contract's write).
- ``reads:table|parquet|csv|pqraw``: load that contract, then time a ``transactions`` scan,
  ``statements`` per property, one entity's statements and ``detect_alerts``; ``reads:product``
  does the same after the product's own load (``ingest_file``). Each gives the count and digests
  of the Payment statements (ids; ids and content), which must be equal across contracts.

    nice -n 10 .venv/bin/python benchmarks/ingest_contracts.py --csv payments-10000000.csv --design checks

Prints one JSON line per run (wall ``s`` and ``cpu`` seconds per step, the load average).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `benchmarks` as a package

from benchmarks import ingest as bench_ingest

from offensief.ingest.compiled import edge_space, fast_check

HEADER = ["transaction_id", "payer_iban", "beneficiary_iban", "amount", "currency", "date", "channel"]
#: FtM type and format of each value column (``benchmarks/ingest.py``'s mapping).
TYPES = {"payer_iban": ("identifier", "iban"), "beneficiary_iban": ("identifier", "iban"),
         "amount": ("number", None), "currency": ("string", None), "date": ("date", None),
         "channel": ("text", None)}
KEYS = ["transaction_id", "payer_iban", "beneficiary_iban"]
#: The Payment statements' count and digests (``benchmarks/spark.py``'s, for one schema).
PAYMENT_DIGESTS = ("SELECT count(*), bit_xor(hash(id::UHUGEINT))::VARCHAR, bit_xor(hash(id::UHUGEINT, entity_id, "
                   "schema, prop, prop_type, value))::VARCHAR FROM statements WHERE dataset = 'bank' "
                   "AND schema = 'Payment'")


def read_csv_sql(path: Path) -> str:
    """The load's strict, all-text read of the file (``compiled.build_rows``)."""
    columns = "{" + ", ".join(f"'{h}': 'VARCHAR'" for h in HEADER) + "}"
    return (f"read_csv('{path}', header = true, auto_detect = false, columns = {columns}, delim = ',', "
            "quote = '\"', escape = '\"', strict_mode = true, null_padding = false)")


def trimmed_sql(path: Path) -> str:
    """Each column trimmed once (empty: null), as the load's ``rows`` holds them."""
    return "(SELECT " + ", ".join(f"nullif(trim({h}), '') AS {h}" for h in HEADER) + f" FROM {read_csv_sql(path)})"


def checks_sql(path: Path) -> str:
    """The load's check pass (``compiled.build_rows``) straight over the CSV scan."""
    aggs = ["count(*)", f"bool_or({' OR '.join(edge_space(k) for k in KEYS)})"]
    for column, (type_name, fmt) in TYPES.items():
        check = fast_check(type_name, fmt, column)
        aggs.append(f"list(DISTINCT {column}) FILTER (WHERE {column} IS NOT NULL AND NOT coalesce({check}, false))")
    aggs.append("count(DISTINCT hash(transaction_id)) FILTER (WHERE transaction_id IS NOT NULL) = count(transaction_id)")
    return f"SELECT {', '.join(aggs)} FROM {trimmed_sql(path)}"


def checks4_sql(path: Path) -> tuple[str, str]:
    """The checks on untrimmed values (a padded value fails them and goes to FtM), a key's
    whitespace test only where its value check does not imply it; the IBANs checked once per
    distinct value in a second scan."""
    aggs = ["count(*)"]
    for column, (type_name, fmt) in TYPES.items():
        if fmt != "iban":
            check = fast_check(type_name, fmt, column)
            aggs.append(f"count(*) FILTER (WHERE {column} IS NOT NULL AND NOT coalesce({check} "
                        f"AND NOT starts_with({column}, ' '), false))")
    aggs.append(f"bool_or({edge_space('transaction_id')} OR starts_with(transaction_id, ' ') "
                "OR ends_with(transaction_id, ' '))")
    aggs.append("count(DISTINCT hash(transaction_id)) = count(transaction_id)")
    iban = fast_check("identifier", "iban", "v")
    return (f"SELECT {', '.join(aggs)} FROM {read_csv_sql(path)}",
            (f"SELECT count(*), count(*) FILTER (WHERE NOT coalesce({iban}, false)) FROM (SELECT DISTINCT "
             f"unnest([payer_iban, beneficiary_iban]) AS v FROM {read_csv_sql(path)}) WHERE v IS NOT NULL"))


def rows_ok_sql() -> str:
    """SQL: every value of the row passes its check and no key has odd whitespace."""
    parts = [f"({c} IS NULL OR coalesce({fast_check(t, f, c)}, false))" for c, (t, f) in TYPES.items()]
    return " AND ".join([*parts, "NOT (" + " OR ".join(edge_space(k) for k in KEYS) + ")"])


def wide_sql(path: Path, *, ids: bool, checked: bool = False) -> str:
    """The typed wide payment rows of the file: FtM's SHA-1 ids (``ids``) or the raw keys."""
    key = (lambda c: f"sha1({c})") if ids else (lambda c: c)
    entity = key("transaction_id")
    if checked:
        entity = f"CASE WHEN {rows_ok_sql()} THEN {entity} ELSE error('bad value') END"
    return (f"SELECT {entity} AS entity_id, amount, currency, date, {key('payer_iban')} AS payerAccount, "
            f"{key('beneficiary_iban')} AS beneficiaryAccount, channel AS description FROM {trimmed_sql(path)}")


class Run:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.con = duckdb.connect(str(work / "store.duckdb"))
        self.con.execute("SET enable_progress_bar = false")
        self.steps: dict[str, Any] = {}

    def step(self, name: str, fn: Any) -> Any:
        cpu, started = time.process_time(), time.perf_counter()
        out = fn()
        self.steps[name] = {"s": round(time.perf_counter() - started, 2), "cpu": round(time.process_time() - cpu, 2)}
        return out

    def q(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def load(run: Run, csv: Path, design: str) -> None:
    kind, *opts = design.split(":")
    comp = opts[0] if opts else "snappy"
    row_group = opts[1] if len(opts) > 1 else "122880"
    if kind == "read":
        for i in range(3):
            run.step(f"read{i}", lambda: run.q(f"SELECT count(*) FROM read_csv('{csv}')"))
    elif kind == "sha":
        run.step("sha256", lambda: sha256(csv))
    elif kind == "copy":
        run.step("copy", lambda: shutil.copyfile(csv, run.work / "record.csv"))
    elif kind == "checks":
        run.step("checks", lambda: run.q(checks_sql(csv)))
    elif kind == "checks4":
        rest, ibans = checks4_sql(csv)
        run.step("checks_rest", lambda: run.q(rest))
        run.step("checks_iban_distinct", lambda: run.q(ibans))
    elif kind == "b":
        run.step("read_before", lambda: run.q(f"SELECT count(*) FROM read_csv('{csv}')"))
        rest, ibans = checks4_sql(csv)
        run.step("load", lambda: (sha256(csv), shutil.copyfile(csv, run.work / "record.csv"), run.q(rest), run.q(ibans)))
        run.step("read_after", lambda: run.q(f"SELECT count(*) FROM read_csv('{csv}')"))
        reads = [run.steps[k] for k in ("read_before", "read_after")]
        run.steps["ratio_cpu"] = [round(run.steps["load"]["cpu"] / r["cpu"], 1) for r in reads]
        run.steps["ratio_wall"] = [round(run.steps["load"]["s"] / r["s"], 1) for r in reads]
    elif kind == "ids":
        run.step("ids", lambda: run.q("SELECT count(DISTINCT hash(sha1(transaction_id))), max(sha1(payer_iban)), "
                                      f"max(sha1(beneficiary_iban)) FROM {trimmed_sql(csv)}"))
    elif kind in ("parquet", "pqraw", "pqrawchk"):
        out = run.work / "payments.parquet"
        sql = wide_sql(csv, ids=kind == "parquet", checked=kind.endswith("chk"))
        run.step("write", lambda: run.con.execute(
            f"COPY ({sql}) TO '{out}' (FORMAT parquet, COMPRESSION {comp}, ROW_GROUP_SIZE {row_group})"))
        run.steps["mb"] = round(out.stat().st_size / 1e6)
        run.step("unique", lambda: run.q(f"SELECT count(DISTINCT hash(entity_id)) = count(*) FROM read_parquet('{out}')"))
    elif kind == "table":
        plain = "USING COMPRESSION uncompressed"
        run.con.execute(f"CREATE TABLE p (entity_id VARCHAR {plain}, amount VARCHAR {plain}, currency VARCHAR, "
                        f"date VARCHAR {plain}, payerAccount VARCHAR {plain}, beneficiaryAccount VARCHAR {plain}, "
                        "description VARCHAR)")
        run.step("write", lambda: run.con.execute(f"INSERT INTO p {wide_sql(csv, ids=True)}"))
    else:
        raise SystemExit(f"unknown design {design!r}")


def reads(run: Run, csv: Path, contract: str) -> None:
    """``payment_rows`` stored per ``contract`` under the product's views; time their reads."""
    from offensief.ingest import ingest_file
    from offensief.model.dataset import Dataset
    from offensief.store.duckstore import Store
    from offensief.store.schema import PAYMENT_ROWS, WIDE_PROPS

    store = Store(run.con)
    store._ensure_schema()
    if contract == "product":
        mapping = run.work / "payments.yml"
        mapping.write_text(bench_ingest.MAPPING)
        store.add_dataset(Dataset.create(name="bank", partner="bank", regime="wwft", purpose="bench",
                                         collected_at="2025-01-01"))
        run.step("load_product", lambda: ingest_file(store, dataset="bank", path=csv, mapping=mapping))
        return _time_reads(run)
    values = {p: "NULL::VARCHAR" for p, _ in WIDE_PROPS}
    source, entity = trimmed_sql(csv), "sha1(transaction_id)"
    if contract in ("table", "parquet", "pqraw"):
        out = run.work / "payments.parquet"
        run.con.execute(f"COPY ({wide_sql(csv, ids=contract != 'pqraw')}) TO '{out}' (FORMAT parquet)")
        source = f"read_parquet('{out}')"
    if contract in ("table", "parquet"):
        values |= {p: p for p in ("amount", "currency", "date", "payerAccount", "beneficiaryAccount", "description")}
        entity = "entity_id"
    elif contract == "pqraw":
        values |= {"amount": "amount", "currency": "currency", "date": "date", "payerAccount": "sha1(payerAccount)",
                   "beneficiaryAccount": "sha1(beneficiaryAccount)", "description": "description"}
        entity = "sha1(entity_id)"
    else:  # the CSV itself is the record
        values |= {"amount": "amount", "currency": "currency", "date": "date", "payerAccount": "sha1(payer_iban)",
                   "beneficiaryAccount": "sha1(beneficiary_iban)", "description": "channel"}
    select = (f"SELECT {entity} AS entity_id, 'bank' AS dataset, TIMESTAMP '2026-12-06' AS first_seen, "
              f"TIMESTAMP '2026-12-06' AS last_seen, 'l1' AS load_id, "
              f"{', '.join(f'{v} AS {p}' for p, v in values.items())}, true AS typed FROM {source}")
    run.con.execute("DROP TABLE payment_rows")
    if contract == "table":
        run.con.execute(PAYMENT_ROWS.ddl())
        run.step("load_table", lambda: run.con.execute(f"INSERT INTO payment_rows {select}"))
    else:
        run.con.execute(f"CREATE VIEW payment_rows AS {select}")
    _time_reads(run)


def _time_reads(run: Run) -> None:
    from offensief.finance.alerts import detect_alerts

    run.step("tx_scan", lambda: run.q("SELECT count(*), sum(amount), max(ts), count(DISTINCT payer_account) "
                                      "FROM transactions"))
    run.step("statements_by_prop", lambda: run.q("SELECT prop, count(*) FROM statements GROUP BY 1"))
    run.step("one_entity", lambda: run.q("SELECT count(*) FROM statements WHERE entity_id = sha1('tx1234567')"))
    run.steps["alerts"] = len(run.step("typologies", lambda: detect_alerts(run.con)))
    run.steps["payment_statements"] = list(run.q(PAYMENT_DIGESTS)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", type=Path, required=True, help="benchmarks/ingest.py's payments CSV")
    parser.add_argument("--design", required=True)
    parser.add_argument("--work", type=Path, default=Path("/tmp/offensief-contracts"))
    args = parser.parse_args()
    work = args.work / args.design.replace(":", "-")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    run = Run(work)
    if args.design.startswith("reads:"):
        reads(run, args.csv.resolve(), args.design.split(":", 1)[1])
    else:
        load(run, args.csv.resolve(), args.design)
    run.con.close()
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"design": args.design, "loadavg": round(os.getloadavg()[0], 2), **run.steps}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
