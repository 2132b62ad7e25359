"""The compiled CSV path stores exactly what FtM's row-by-row mapping stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from offensief.ingest import ingest_file, loader
from offensief.store.duckstore import Store

MAPPING = """
accounts:
  queries:
    - csv_url: x.csv
      entities:
        holder:
          schema: Person
          keys: [holder_name, holder_dob]
          key_literal: person
          properties:
            name: {column: holder_name}
            birthDate: {column: holder_dob}
            country: {column: country}
        account:
          schema: BankAccount
          id_column: account_id
          properties:
            iban: {column: iban}
            bankName: {literal: "ING Bank"}
        payment:
          schema: Payment
          keys: [txid]
          properties:
            payer: {entity: holder}
            payerAccount: {entity: account}
            amount: {column: amount}
            date: {column: date}
            description: {column: channel}
            currency: {literal: EUR}
"""

ROWS = """txid,holder_name,holder_dob,country,account_id,iban,amount,date,channel
1,Jan de Vries,1988-07-03,nl,acc-1,NL91ABNA0417164300,10.5,2025-03-05T10:22:00,transfer
2,Jan  de   Vries ,1988-07-03,Netherlands,acc-1,nl91 abna 0417 1643 00,11,2025-03-05,cash-deposit
3,M. el Idrissi,,,acc-2,NL20INGB0001234567,-3.25,2025-03-05T10:22,transfer
4,,,,,,7,2025-03,invoice
5,"Berg, van der",1990-01-02,be,acc-3,,1e3,2024-12-31T23:59:59,card
"""


def statements(store: Store, dataset: str) -> list[tuple]:
    """The statements of ``dataset``, sorted, repeats kept."""
    return sorted(store.con.execute(
        "SELECT id, entity_id, schema, prop, prop_type, value FROM statements WHERE dataset = ?", [dataset]
    ).fetchall())


# The same payment twice with other values: its ids repeat, so the compiled path must deduplicate
# its statements and derive its typed transaction from the statements, not from one row.
REPEATED = ROWS + "1,Jan de Vries,1988-07-03,nl,acc-1,NL91ABNA0417164300,9.5,2025-03-05,transfer\n"


@pytest.mark.parametrize("rows", [ROWS, REPEATED], ids=["unique", "repeated"])
def test_compiled_and_exact_paths_agree(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: str) -> None:
    data = tmp_path / "x.csv"
    data.write_text(rows)
    mapping = tmp_path / "x.yml"
    mapping.write_text(MAPPING)
    calls: list[bool] = []
    original = loader._load_compiled

    def spy(*args, **kwargs):
        result = original(*args, **kwargs)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(loader, "_load_compiled", spy)
    fast = ingest_file(store, dataset="bank", path=data, mapping=mapping)
    assert calls == [True], "the compiled path should take this mapping"
    fast_rows = statements(store, "bank")
    tx_fast = store.con.execute("SELECT * EXCLUDE (dataset) FROM transactions ORDER BY id").fetchall()
    wide = store.con.execute("SELECT count(*) FROM payment_rows").fetchone()[0]
    assert wide == (5 if rows == ROWS else 0), "unique payments are stored wide"
    store.con.execute("DELETE FROM statement_rows; DELETE FROM payment_rows; DELETE FROM loads; "
                      "DELETE FROM transaction_rows")
    monkeypatch.setattr(loader, "_load_compiled", lambda *a, **k: None)
    exact = ingest_file(store, dataset="bank", path=data, mapping=mapping)
    assert statements(store, "bank") == fast_rows
    assert store.con.execute("SELECT * EXCLUDE (dataset) FROM transactions ORDER BY id").fetchall() == tx_fast
    assert (fast.records, fast.per_schema) == (exact.records, exact.per_schema)
    assert len(tx_fast) == 5


def test_invalid_value_falls_back_to_exact_path_with_line(store: Store, tmp_path: Path) -> None:
    data = tmp_path / "x.csv"
    data.write_text(ROWS.replace("2025-03-05T10:22,", "2025-03-45T10:22,"))
    mapping = tmp_path / "x.yml"
    mapping.write_text(MAPPING)
    with pytest.raises(Exception) as err:
        ingest_file(store, dataset="bank", path=data, mapping=mapping)
    assert getattr(err.value, "line", None) == 4 and err.value.field == "date"
    assert store.con.execute("SELECT count(*) FROM statements").fetchone()[0] == 0


def test_bad_values_are_found_set_based_and_named_by_line(store: Store, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled path finds the bad rows itself: the slow exact path never runs."""
    good = "".join(f"{i},Jan de Vries,1988-07-03,nl,acc-1,NL91ABNA0417164300,10.5,2025-03-05,transfer\n"
                   for i in range(10, 2010))
    bad = ("9001,Jan de Vries,1988-07-03,nl,acc-1,NL91ABNA0417164300,12,5O,2025-03-05,transfer\n"
           .replace("12,5O", '"12,5O"')
           + "9002,Jan de Vries,1988-02-30,nl,acc-1,NL91ABNA0417164300,1,2025-03-05,transfer\n"
           + "9003,Jan de Vries,1988-07-03,nl,acc-1,NL91ABNA0417164301,1,2025-03-05,transfer\n")
    data = tmp_path / "x.csv"
    data.write_text(ROWS + good + bad)
    mapping = tmp_path / "x.yml"
    mapping.write_text(MAPPING)
    monkeypatch.setattr(loader, "_rows", lambda *a, **k: pytest.fail("the exact path ran"))
    with pytest.raises(Exception) as err:
        ingest_file(store, dataset="bank", path=data, mapping=mapping)
    first = ROWS.count("\n") + 2000 + 1  # the header and ROWS take the first lines
    assert (err.value.line, err.value.field) == (first, "amount")
    assert "invalid amount '12,5O'" in str(err.value)
    assert f"more bad rows at lines {first + 1}, {first + 2}" in str(err.value)
    assert err.value.details["bad_rows"] == [{"line": first, "field": "amount"},
                                             {"line": first + 1, "field": "holder_dob"},
                                             {"line": first + 2, "field": "iban"}]
    assert store.con.execute("SELECT count(*) FROM statements").fetchone()[0] == 0
    assert store.con.execute("SELECT count(*) FROM loads").fetchone()[0] == 0


def test_malformed_csv_is_named_before_any_mapping_work(store: Store, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "x.csv"
    data.write_text(ROWS + "6,Jan,1988-07-03,nl,acc-1\n")
    mapping = tmp_path / "x.yml"
    mapping.write_text(MAPPING)
    monkeypatch.setattr(loader, "_rows", lambda *a, **k: pytest.fail("the exact path ran"))
    with pytest.raises(Exception, match="expected 9 columns, found 5") as err:
        ingest_file(store, dataset="bank", path=data, mapping=mapping)
    assert err.value.line == 7


def test_the_sql_iban_check_is_mod_97_on_every_check_digit() -> None:
    """The set-based NL IBAN check (remainders taken part by part in BIGINT) agrees with the
    mod-97 of the whole number, for every pair of check digits, letters and digits at both ends."""
    import duckdb

    from offensief.ingest.compiled import _nl_iban_check

    def mod97(iban: str) -> bool:
        moved = iban[4:] + iban[:4]
        return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1

    ibans = [f"NL{check:02d}{bank}{account}" for check in range(100)
             for bank in ("ABNA", "INGB", "ZZZZ", "AAAA")
             for account in ("0417164300", "0001234567", "9999999999", "0000000000")]
    ibans += ["NL91ABNA041716430", "NL91abna0417164300", "BE71096123456769", "NL91ABNA04171643OO"]
    con = duckdb.connect()
    got = dict(con.execute(f"SELECT v, {_nl_iban_check('v')} FROM unnest(?) t(v)", [ibans]).fetchall())
    assert got == {i: len(i) == 18 and i[4:8].isupper() and i[8:].isdigit() and i[:2] == "NL" and mod97(i)
                   for i in ibans}
    assert got["NL91ABNA0417164300"] and sum(got.values()) >= 16  # a valid check digit per bank and account
