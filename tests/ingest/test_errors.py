"""Every kind of bad input gets an error naming file, line and field, and keeps nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from offensief.ingest import ingest_file
from offensief.model.dataset import Dataset
from offensief.model.errors import InputError, NotFound
from offensief.store.duckstore import Store
from tests.ingest.helpers import person, write_jsonl, write_payments


def count(store: Store) -> tuple[int, int]:
    return (store.con.execute("SELECT count(*) FROM statements").fetchone()[0],
            store.con.execute("SELECT count(*) FROM loads").fetchone()[0])


BAD_JSONL = {
    "malformed_json": ('{"id": "p9", "schema": "Person"', 3, None, "malformed JSON"),
    "unknown_schema": ('{"id": "p9", "schema": "Persn", "properties": {}}', 3, "schema", "unknown schema"),
    "unknown_property": ('{"id": "p9", "schema": "Person", "properties": {"nme": ["x"]}}', 3,
                         "properties.nme", "unknown property"),
    "invalid_date": ('{"id": "p9", "schema": "Person", "properties": {"birthDate": ["1988-13-45"]}}', 3,
                     "properties.birthDate", "invalid date"),
    "invalid_amount": ('{"id": "t9", "schema": "Payment", "properties": {"amount": ["12,5O"]}}', 3,
                       "properties.amount", "invalid amount"),
    "missing_id": ('{"schema": "Person", "properties": {}}', 3, "id", "entity id"),
    "not_an_object": ('["p9"]', 3, None, "JSON object"),
}


@pytest.mark.parametrize("case", sorted(BAD_JSONL))
def test_bad_jsonl_line_is_named_and_nothing_kept(store: Store, tmp_path: Path, case: str) -> None:
    text, line, field, words = BAD_JSONL[case]
    path = write_jsonl(tmp_path / "in.jsonl", [person(1), person(2)], extra=text + "\n")
    before = count(store)
    with pytest.raises(InputError) as err:
        ingest_file(store, dataset="politie-bvh", path=path)
    assert err.value.file == str(path)
    assert err.value.line == line
    assert err.value.field == field
    assert words in str(err.value)
    assert f"in.jsonl:{line}" in str(err.value)
    assert count(store) == before


def test_wrong_encoding_names_line(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [person(1)])
    path.write_bytes(path.read_bytes() + '{"id": "p2", "schema": "Person", "properties": {"name": ["Jos\xe9"]}}\n'.encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8") as err:
        ingest_file(store, dataset="politie-bvh", path=path)
    assert err.value.line == 2
    assert count(store) == (0, 0)


@pytest.mark.parametrize("bom,words", [(b"\xef\xbb\xbf", "byte-order mark"), (b"\xff\xfe", "UTF-16")])
def test_bom_is_refused_for_json_lines(store: Store, tmp_path: Path, bom: bytes, words: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(bom + b'{"id": "p1", "schema": "Person", "properties": {}}\n')
    with pytest.raises(InputError, match=words) as err:
        ingest_file(store, dataset="politie-bvh", path=path)
    assert err.value.line == 1


def test_utf16_csv_is_refused(store: Store, tmp_path: Path) -> None:
    path, mapping = write_payments(tmp_path / "payments.csv", 2)
    path.write_bytes(path.read_text().encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        ingest_file(store, dataset="bank", path=path, mapping=mapping)


def test_utf8_bom_csv_is_accepted(store: Store, tmp_path: Path) -> None:
    path, mapping = write_payments(tmp_path / "payments.csv", 2)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = ingest_file(store, dataset="bank", path=path, mapping=mapping)
    assert result.records == 2


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_file(store: Store, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty file"):
        ingest_file(store, dataset="politie-bvh", path=path)


def test_unknown_dataset(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [person(1)])
    with pytest.raises(NotFound, match="unknown dataset 'nope'"):
        ingest_file(store, dataset="nope", path=path)


def test_unknown_regime() -> None:
    with pytest.raises(InputError, match="unknown regime") as err:
        Dataset.create(name="x", partner="p", regime="wpg-99", purpose="t", collected_at="2025-01-01")
    assert err.value.field == "regime"


def test_csv_bad_amount_names_line_and_column(store: Store, tmp_path: Path) -> None:
    path, mapping = write_payments(
        tmp_path / "payments.csv", 5,
        extra="t99,NL91ABNA0417164300,NL20INGB0001234567,12O.5,2025-03-05T10:22:00,transfer\n",
    )
    with pytest.raises(InputError, match="invalid amount") as err:
        ingest_file(store, dataset="bank", path=path, mapping=mapping)
    assert (err.value.line, err.value.field) == (7, "amount")
    assert count(store) == (0, 0)


def test_csv_bad_date_and_column_count(store: Store, tmp_path: Path) -> None:
    path, mapping = write_payments(
        tmp_path / "payments.csv", 1,
        extra="t98,NL91ABNA0417164300,NL20INGB0001234567,12.5,2025-02-30,transfer\n",
    )
    with pytest.raises(InputError, match="invalid date") as err:
        ingest_file(store, dataset="bank", path=path, mapping=mapping)
    assert (err.value.line, err.value.field) == (3, "date")
    path.write_text(path.read_text().replace("2025-02-30,transfer", "2025-02-20"))
    with pytest.raises(InputError, match="expected 6 columns") as err:
        ingest_file(store, dataset="bank", path=path, mapping=mapping)
    assert err.value.line == 3


def test_bad_mapping(store: Store, tmp_path: Path) -> None:
    path, mapping = write_payments(tmp_path / "payments.csv", 1)
    mapping.write_text(mapping.read_text().replace("schema: Payment", "schema: Paymnt"))
    with pytest.raises(InputError, match="invalid mapping"):
        ingest_file(store, dataset="bank", path=path, mapping=mapping)
    with pytest.raises(InputError, match="needs --mapping"):
        ingest_file(store, dataset="bank", path=path)
