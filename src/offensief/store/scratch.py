"""A scratch copy of the analytical store narrowed to some datasets.

Detectors that read the ``statements`` and ``transactions`` tables whole (the finance
typologies) get an in-memory database holding only the rows of the datasets a caller may
use, so need-to-know holds by construction, not by every query remembering a filter.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from offensief.store.duckstore import Store


def narrowed(store: Store, datasets: Sequence[str]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with ``statements``, ``transactions`` and ``schema_depth`` of
    ``datasets`` only (close it when done)."""
    con = duckdb.connect(":memory:")
    con.execute("SET threads TO 1")
    source = store.con.cursor()
    try:
        for table, where in (("statements", True), ("transactions", True), ("schema_depth", False)):
            sql = f"SELECT * FROM {table}" + (" WHERE dataset IN (SELECT unnest($ds))" if where else "")
            arrow = source.sql(sql, params={"ds": list(datasets)} if where else None).to_arrow_table()
            con.register("incoming", arrow)
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM incoming")
            con.unregister("incoming")
    finally:
        source.close()
    return con
