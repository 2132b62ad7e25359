"""Financial intelligence for one viewer: alerts and money traces on the visible data.

The finance package works on a DuckDB connection's ``transactions`` and ``statements``
tables. To keep to need-to-know, it gets a scratch in-memory database holding only the
rows of the datasets the viewer may see (and the resolution mapping), never the workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb

from offensief.api.analyses.idchain import name_index, without_names
from offensief.finance.alerts import detect_alerts
from offensief.finance.assets import asset_inventory
from offensief.finance.trace import trace_funds
from offensief.resolve.canonical import load_mapping
from offensief.store.duckstore import Store

Progress = Callable[..., None]


def scratch(store: Store, datasets: list[str]) -> duckdb.DuckDBPyConnection:
    """An in-memory database with the visible statements and transactions."""
    con = duckdb.connect(":memory:")
    con.execute("SET threads TO 1")
    visible = {"ds": datasets}
    source = store.con.cursor()  # a fresh cursor: no unfinished result of an earlier query
    for table in ("statements", "transactions"):
        arrow = source.sql(
            f"SELECT * FROM {table} WHERE dataset IN (SELECT unnest($ds))", params=visible).to_arrow_table()
        con.register("incoming", arrow)
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM incoming")
        con.unregister("incoming")
    depth = source.sql("SELECT * FROM schema_depth").to_arrow_table()
    source.close()
    con.register("incoming", depth)
    con.execute("CREATE TABLE schema_depth AS SELECT * FROM incoming")
    con.unregister("incoming")
    return con


def alerts(store: Store, *, datasets: list[str], progress: Progress | None = None) -> list[dict[str, Any]]:
    """Merged, scored, explained typology alerts (see docs/finance.md for the shape)."""
    canonical = load_mapping(store)
    con = scratch(store, datasets)
    try:
        def report(step: str, done: int, total: int) -> None:
            if progress:
                progress(done, total, step)

        return detect_alerts(con, canonical=canonical or None, progress=report)
    finally:
        con.close()


def trace(store: Store, *, datasets: list[str], start: str, direction: str, method: str,
          progress: Progress | None = None) -> dict[str, Any]:
    """Follow the money from a transaction, account or entity (time-respecting)."""
    if progress:
        progress(0, 1, "tracing")
    con = scratch(store, datasets)
    try:
        return trace_funds(con, start=start, direction=direction, method=method,
                           canonical=load_mapping(store) or None)
    finally:
        con.close()


def assets(store: Store, *, datasets: list[str], progress: Progress | None = None) -> list[dict[str, Any]]:
    """Asset inventory with beneficial owners through ownership chains (see docs/finance.md)."""
    if progress:
        progress(0, 1, "ownership chains")
    con = scratch(store, datasets)
    try:
        found = asset_inventory(con, canonical=load_mapping(store) or None)
        return without_names(found, name_index(con))  # cached: ids and numbers only
    finally:
        con.close()
