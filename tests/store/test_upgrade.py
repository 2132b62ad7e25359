"""A workspace made by an older version opens in the current layout, with the same ids."""

from __future__ import annotations

from pathlib import Path

import duckdb

from offensief.store.codes import CODES
from offensief.store.duckstore import Store
from offensief.store.ids import statement_id

OLD_STATEMENTS = """CREATE TABLE statements (id UHUGEINT NOT NULL, entity_id VARCHAR NOT NULL,
    schema VARCHAR NOT NULL, prop VARCHAR NOT NULL, prop_type VARCHAR NOT NULL, value VARCHAR NOT NULL,
    dataset VARCHAR NOT NULL, first_seen TIMESTAMP NOT NULL, last_seen TIMESTAMP NOT NULL,
    load_id VARCHAR NOT NULL)"""


def test_stored_ids_move_to_statement_rows_and_read_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(OLD_STATEMENTS)
    con.execute("INSERT INTO statements SELECT md5_number('d.e1.name.Jan'), 'e1', 'Person', 'name', 'name', "
                "'Jan', 'd', now(), now(), 'l'")
    con.close()
    store = Store(duckdb.connect(str(path)))
    store._ensure_schema()
    assert store.con.execute("SELECT id, entity_id, schema, prop, value FROM statements").fetchall() == [
        (statement_id("d", "e1", "name", "Jan"), "e1", "Person", "name", "Jan")]
    assert store.con.execute("SELECT id, schema FROM entities").fetchall() == [("e1", "Person")]
    store._ensure_schema()  # a second open changes nothing
    assert store.con.execute("SELECT count(*) FROM statement_rows").fetchone() == (1,)


def test_an_enum_out_of_step_with_the_model_is_rebuilt_keeping_the_rows() -> None:
    store = Store.memory()
    store.con.execute("INSERT INTO statement_rows VALUES ('e1', 'Person', 'name', 'name', 'Jan', 'd', now(), now(), 'l')")
    store.con.execute("ALTER TABLE statement_rows ALTER prop TYPE VARCHAR")
    store.con.execute("DROP TYPE ftm_prop")
    store.con.execute("CREATE TYPE ftm_prop AS ENUM ('name')")  # as an older FtM might have had
    store.con.execute("ALTER TABLE statement_rows ALTER prop TYPE ftm_prop")
    store._ensure_schema()
    assert tuple(store.con.execute("SELECT enum_range(NULL::ftm_prop)").fetchone()[0]) == CODES["ftm_prop"]
    assert store.con.execute("SELECT prop, value FROM statements").fetchall() == [("name", "Jan")]


def test_readers_see_text_ordered_as_text() -> None:
    store = Store.memory()
    store.con.executemany("INSERT INTO statement_rows VALUES ('e1', ?, 'name', 'name', 'x', 'd', now(), now(), 'l')",
                          [("Vessel",), ("Airplane",), ("LegalEntity",)])
    found = store.con.execute("SELECT list(DISTINCT schema ORDER BY schema), typeof(any_value(schema)) "
                              "FROM statements").fetchone()
    assert found == (["Airplane", "LegalEntity", "Vessel"], "VARCHAR")
