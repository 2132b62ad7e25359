"""Spark ingest stores the same statements under the same ids as the DuckDB loader."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from offensief.ingest import ingest_file
from offensief.ingest.manifest import read_manifest
from offensief.ingest.spark import ingest_file_spark
from offensief.model.dataset import Dataset
from offensief.model.errors import InputError
from offensief.store.duckstore import Store
from offensief.store.reads import transactions
from offensief.store.spark.lake import Lake

pytestmark = [pytest.mark.spark, pytest.mark.timeout(1800)]


def _head(path: Path, out: Path, lines: int) -> Path:
    out.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:lines]), encoding="utf-8")
    return out


def test_same_statement_ids_and_transactions(spark: Any, world: Path, tmp_path: Path) -> None:
    manifest = read_manifest(world / "datasets.json")
    store = Store.memory()
    for dataset in manifest.datasets:
        store.add_dataset(dataset)
    lake = Lake(spark, tmp_path / "lake")
    files = {item.path.name: item for item in manifest.files}
    payments = files["payments.csv"]
    csv = _head(payments.path, payments.path.parent / "payments-head.csv", 3000)
    loads = [(payments.dataset, csv, payments.mapping)]
    loads += [(files[n].dataset, files[n].path, None) for n in ("politie-bvh.jsonl", "kvk-handelsregister.jsonl")]
    for dataset, path, mapping in loads:
        duck = ingest_file(store, dataset=dataset, path=path, mapping=mapping)
        spark_load = ingest_file_spark(lake, dataset=dataset, path=path, mapping=mapping)
        assert (spark_load.records, spark_load.statements_added, spark_load.per_schema) == (
            duck.records, duck.statements_added, duck.per_schema)
    duck_rows = {(str(r[0]), *r[1:]) for r in store.con.execute(
        "SELECT id::VARCHAR, entity_id, schema, prop, prop_type, value, dataset FROM statements").fetchall()}
    spark_rows = {tuple(r) for r in lake.table("statements").select(
        "id", "entity_id", "schema", "prop", "prop_type", "value", "dataset").collect()}
    assert len(duck_rows) > 10_000
    assert spark_rows == duck_rows
    columns = "id, amount, currency, ts, payer_id, beneficiary_id, payer_account, beneficiary_account, dataset"
    duck_tx = set(store.con.execute(f"SELECT {columns} FROM transactions").fetchall())
    spark_tx = {tuple(r) for r in lake.table("transactions").selectExpr(*columns.split(", ")).collect()}
    assert len(duck_tx) == 2999 and spark_tx == duck_tx
    again = ingest_file_spark(lake, dataset=payments.dataset, path=csv, mapping=payments.mapping)
    assert again.already_loaded and again.statements_added == 0


def test_bad_record_names_its_line_and_field_and_keeps_nothing(spark: Any, world: Path, tmp_path: Path) -> None:
    source = world / "sources" / "politie-bvh.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(lines[:4]) + '{"id": "x1", "schema": "Person", "properties": {"nmae": ["A"]}}\n'
                   + "".join(lines[4:40]), encoding="utf-8")
    lake = Lake(spark, tmp_path / "lake")
    with pytest.raises(InputError) as caught:
        ingest_file_spark(lake, dataset="politie-bvh", path=bad)
    assert caught.value.line == 5 and caught.value.file == str(bad)
    assert "nmae" in str(caught.value)
    assert not (tmp_path / "lake" / "statements").exists() and lake.loads() == []


def test_a_payment_two_datasets_deliver_is_one_typed_row_as_on_duckdb(spark: Any, tmp_path: Path) -> None:
    """Both banks deliver pay-1 (bank B the amount, bank A the date and accounts) and pay-2
    (each with an amount): every reader gets one row per payment, all its values from the
    one dataset that holds the amount (of two, the first by name) — the rows DuckDB gives."""
    def lines(name: str, entities: list[tuple[str, dict[str, str]]]) -> Path:
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(b"".join(orjson.dumps({"id": i, "schema": "Payment",
                                                "properties": {k: [v] for k, v in p.items()}}) + b"\n"
                                  for i, p in entities))
        return path

    files = {
        "bank-a": lines("bank-a", [("pay-1", {"date": "2025-03-03", "purpose": "lening"}),
                                   ("pay-2", {"amount": "100", "date": "2025-03-04"}),
                                   ("pay-3", {"amount": "55", "date": "2025-03-05"})]),
        "bank-b": lines("bank-b", [("pay-1", {"amount": "9137"}),
                                   ("pay-2", {"amount": "200", "purpose": "huur"})]),
    }
    store = Store.memory()
    lake = Lake(spark, tmp_path / "lake")
    for name, path in files.items():
        store.add_dataset(Dataset.create(name=name, partner=name, regime="wwft", purpose="test",
                                         collected_at=date(2025, 1, 1)))
        ingest_file(store, dataset=name, path=path)
        ingest_file_spark(lake, dataset=name, path=path)
    columns = ("id", "amount", "ts", "purpose", "dataset")
    for readable in (["bank-a", "bank-b"], ["bank-a"], ["bank-b"]):
        duck = sorted((tuple(r[c] for c in columns) for r in transactions(store, readable)), key=str)
        on_spark = sorted((tuple(r) for r in lake.table("transactions", readable).select(*columns).collect()),
                          key=str)
        driver = lake.duckdb(readable)
        on_driver = sorted(driver.execute(f"SELECT {', '.join(columns)} FROM transactions").fetchall(), key=str)
        assert on_spark == duck, readable
        assert on_driver == duck, readable
    both = {r["id"]: r for r in transactions(store, ["bank-a", "bank-b"])}
    assert (both["pay-1"]["amount"], both["pay-1"]["dataset"]) == (9137.0, "bank-b")
    assert (both["pay-2"]["amount"], both["pay-2"]["dataset"]) == (100.0, "bank-a")
