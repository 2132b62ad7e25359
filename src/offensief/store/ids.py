"""Statement ids: the MD5 of ``dataset.entity_id.prop.value`` read as a 128-bit number.

One definition for both engines. DuckDB computes it in SQL (:data:`STATEMENT_ID_SQL`, its
``md5_number`` reads the digest little-endian); the Spark engine computes the same number
in Python (:func:`statement_id`) and stores it as its decimal text, because Spark has no
128-bit integer.

>>> import duckdb
>>> sql = STATEMENT_ID_SQL.format(dataset="'ds'")
>>> duckdb.sql(f"SELECT {sql} FROM (SELECT 'e1' AS entity_id, 'name' AS prop, 'Jan' AS value)").fetchall()[0][0] \\
...     == statement_id("ds", "e1", "name", "Jan")
True
"""

from __future__ import annotations

import hashlib

#: SQL of the id, given the SQL of the dataset (a literal or a ``?`` parameter).
STATEMENT_ID_SQL = "md5_number(concat_ws('.', {dataset}, entity_id, prop, value))"


def statement_id(dataset: str, entity_id: str, prop: str, value: str) -> int:
    """The id of one statement, equal to DuckDB's :data:`STATEMENT_ID_SQL`."""
    key = f"{dataset}.{entity_id}.{prop}.{value}".encode()
    return int.from_bytes(hashlib.md5(key, usedforsecurity=False).digest(), "little")
