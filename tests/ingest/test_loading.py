"""Loads are atomic and idempotent, and every stored value keeps its dataset."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from offensief.ingest import ingest_file
from offensief.model.errors import InputError
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.ingest.helpers import PAYMENT_MAPPING, person, write_jsonl, write_payments


def n_statements(store: Store) -> int:
    return store.con.execute("SELECT count(*) FROM statements").fetchone()[0]


def test_jsonl_load_keeps_dataset_on_every_value(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [person(i, phone=["+31612345678"]) for i in range(50)])
    result = ingest_file(store, dataset="politie-bvh", path=path)
    assert (result.records, result.statements_added, result.per_schema) == (50, 150, {"Person": 50})
    orphans = store.con.execute(
        "SELECT count(*) FROM statements s ANTI JOIN datasets d ON d.name = s.dataset"
    ).fetchone()[0]
    assert orphans == 0
    row = store.statements_for("p7")[0]
    assert (row["dataset"], row["partner"], row["regime"]) == ("politie-bvh", "politie", "wpg-9")
    assert row["first_seen"] is not None and row["last_seen"] is not None


def test_same_file_twice_adds_nothing_and_says_so(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [person(i) for i in range(10)])
    first = ingest_file(store, dataset="politie-bvh", path=path)
    second = ingest_file(store, dataset="politie-bvh", path=path)
    assert not first.already_loaded and second.already_loaded
    assert second.statements_added == 0 and second.load_id == first.load_id
    assert n_statements(store) == 20


def test_overlapping_file_adds_only_new_values(store: Store, tmp_path: Path) -> None:
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "a.jsonl", [person(i) for i in range(10)]))
    result = ingest_file(store, dataset="politie-bvh",
                         path=write_jsonl(tmp_path / "b.jsonl", [person(i) for i in range(5, 15)]))
    assert result.statements_added == 10
    assert n_statements(store) == 30


def test_error_on_last_line_of_big_file_leaves_store_unchanged(store: Store, tmp_path: Path) -> None:
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "a.jsonl", [person(i) for i in range(3)]))
    before = store.con.execute("SELECT sum(hash(id)), count(*) FROM statements").fetchone()
    big = write_jsonl(tmp_path / "big.jsonl", [person(i) for i in range(120_000)],
                      extra='{"id": "x", "schema": "Person", "properties": {"birthDate": ["2025-02-30"]}}\n')
    with pytest.raises(InputError) as err:
        ingest_file(store, dataset="politie-bvh", path=big)
    assert err.value.line == 120_001
    assert store.con.execute("SELECT sum(hash(id)), count(*) FROM statements").fetchone() == before
    assert store.con.execute("SELECT count(*) FROM loads").fetchone()[0] == 1


KILLER = """
import os, signal, sys
from pathlib import Path
from offensief.ingest import ingest_file
from offensief.store import Store, Workspace
def progress(done):
    if done >= 60_000:
        os.kill(os.getpid(), signal.SIGKILL)
with Store.open(Workspace.open(sys.argv[1])) as store:
    ingest_file(store, dataset="politie-bvh", path=Path(sys.argv[2]), progress=progress)
"""


def test_load_killed_midway_leaves_no_partial_data(workspace: Workspace, tmp_path: Path) -> None:
    with Store.open(workspace) as store:
        ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "a.jsonl", [person(1)]))
    big = write_jsonl(tmp_path / "big.jsonl", [person(i) for i in range(300_000)])
    proc = subprocess.run([sys.executable, "-c", KILLER, str(workspace.root), str(big)], capture_output=True, check=False)
    assert proc.returncode == -9, proc.stderr.decode()
    with Store.open(workspace) as store:
        assert n_statements(store) == 2
        assert store.con.execute("SELECT count(*) FROM loads").fetchone()[0] == 1
        result = ingest_file(store, dataset="politie-bvh", path=big)
        assert result.records == 300_000 and not result.already_loaded


def test_payments_csv_fill_transactions_table(store: Store, tmp_path: Path) -> None:
    path, mapping = write_payments(tmp_path / "payments.csv", 20)
    result = ingest_file(store, dataset="bank", path=path, mapping=mapping)
    assert result.per_schema == {"BankAccount": 2, "Payment": 20}
    rows = store.con.execute(
        "SELECT amount, currency, ts, payer_account IS NOT NULL, description FROM transactions ORDER BY amount"
    ).fetchall()
    assert len(rows) == 20
    assert rows[0][0] == 0.5 and rows[0][1] == "EUR" and str(rows[0][2]) == "2025-03-05 10:22:00"
    assert rows[0][3] and rows[0][4] == "transfer"


def test_xlsx_with_mapping(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["txid", "from_iban", "to_iban", "amount", "date", "channel"])
    sheet.append(["x1", "NL91ABNA0417164300", "NL20INGB0001234567", 99.5, "2025-03-05T10:22:00", "invoice"])
    sheet.append(["x2", "NL91ABNA0417164300", "NL20INGB0001234567", "abc", "2025-03-05", "invoice"])
    path = tmp_path / "payments.xlsx"
    book.save(path)
    mapping = tmp_path / "m.yml"
    mapping.write_text(PAYMENT_MAPPING)
    with pytest.raises(InputError, match="invalid amount") as err:
        ingest_file(store, dataset="bank", path=path, mapping=mapping)
    assert (err.value.line, err.value.field) == (3, "amount")
    sheet.delete_rows(3)
    book.save(path)
    assert ingest_file(store, dataset="bank", path=path, mapping=mapping).records == 1
    assert store.con.execute("SELECT amount FROM transactions").fetchone()[0] == 99.5


GOAML = Path(__file__).parent.parent / "finance" / "data" / "goaml_report.xml"


def test_goaml_report_loads_atomically_and_once(store: Store) -> None:
    result = ingest_file(store, dataset="bank", path=GOAML)
    assert result.per_schema.get("Payment", 0) > 0 and result.statements_added > 0
    assert store.con.execute("SELECT count(*) FROM transactions").fetchone()[0] == result.per_schema["Payment"]
    assert ingest_file(store, dataset="bank", path=GOAML).already_loaded


def test_broken_goaml_keeps_nothing(store: Store, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text(GOAML.read_text().replace("</report>", ""))
    with pytest.raises(InputError) as err:
        ingest_file(store, dataset="bank", path=broken)
    assert err.value.file == str(broken) and err.value.line is not None
    assert n_statements(store) == 0
