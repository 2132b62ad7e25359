"""Follow the money: forward or backward along time-respecting paths.

The traced money starts as one payment, a set of payments (every payment of an alert),
all payments out of (forward) or into (backward) an account, or those of every account an
entity holds. Payments are replayed in time order;
each account keeps its balance and how much of it is traced money:

* ``pro-rata``: a payment out carries traced money in proportion to the traced share of the
  balance at that moment (money of unknown origin fills any gap and counts as clean);
* ``fifo``: each account is a queue of lots; a payment out takes the oldest lots first.

Backward tracing replays the same payments forward in time, recording what every payment out
was made of (which earlier payments in, by the same rule), then pushes the traced amount back
through those compositions; what no known payment explains ends at its account as
``endpoints`` (money of unknown origin).
The result is a list of account-to-account flows, ready for a Sankey view.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from offensief.model.errors import InputError, NotFound

METHODS = ("pro-rata", "fifo")
DIRECTIONS = ("forward", "backward")
CASH = "cash"


@dataclass(frozen=True)
class Edge:
    id: str
    src: str
    dst: str
    amount: float
    t: float


def _node(account: str | None, party: str | None) -> str:
    return account or party or CASH


def _fetch(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> list[tuple[Any, ...]]:
    return con.execute(
        "SELECT id, payer_account, payer_id, beneficiary_account, beneficiary_id, amount, epoch(ts) "
        f"FROM transactions WHERE amount IS NOT NULL AND ts IS NOT NULL AND ({where})",
        params,
    ).fetchall()


def _edge(row: tuple[Any, ...], backward: bool) -> Edge:
    src, dst = _node(row[1], row[2]), _node(row[3], row[4])
    if backward:
        return Edge(row[0], dst, src, float(row[5]), -float(row[6]))
    return Edge(row[0], src, dst, float(row[5]), float(row[6]))


def _payments(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    table = pa.table({"id": pa.array(sorted(set(ids)), pa.string())})
    con.register("trace_payments", table)
    try:
        return _fetch(con, "id IN (SELECT id FROM trace_payments)", [])
    finally:
        con.unregister("trace_payments")


def _entering(seeds: list[Edge]) -> float:
    """The money a set of payments brings in: payments out of an account that an earlier
    payment of the set paid into carry money already counted (a layering chain, a cycle)."""
    fed: set[str] = set()
    total = 0.0
    for e in sorted(seeds, key=lambda x: (x.t, x.id)):
        if e.src not in fed:
            total += e.amount
        fed.add(e.dst)
    return total


def _seeds(con: duckdb.DuckDBPyConnection, start: str, backward: bool,
           canonical: Mapping[str, str]) -> tuple[str, list[tuple[Any, ...]]]:
    rows = _fetch(con, "id = ?", [start])
    if rows:
        return "transaction", rows
    side = "beneficiary" if backward else "payer"
    rows = _fetch(con, f"{side}_account = ?", [start])
    if rows:
        return "account", rows
    sources = [s for s, c in canonical.items() if c == start] or [start]
    table = pa.table({"entity": pa.array(sources, pa.string())})
    con.register("trace_entities", table)
    try:
        rows = _fetch(con, f"{side}_id IN (SELECT entity FROM trace_entities) OR {side}_account IN ("
                      "SELECT asset.value FROM statements asset JOIN statements owner "
                      "ON owner.entity_id = asset.entity_id AND owner.prop = 'owner' "
                      "WHERE asset.schema = 'Ownership' AND asset.prop = 'asset' "
                      "AND owner.value IN (SELECT entity FROM trace_entities))", [])
    finally:
        con.unregister("trace_entities")
    if rows:
        return "entity", rows
    raise NotFound(f"{start!r} is no transaction id, account or entity with payments")


def trace_funds(
    con: duckdb.DuckDBPyConnection,
    *,
    start: str,
    direction: str = "forward",
    method: str = "pro-rata",
    max_hops: int = 6,
    horizon_days: int = 90,
    min_amount: float = 1.0,
    canonical: Mapping[str, str] | None = None,
    transactions: Sequence[str] = (),
) -> dict[str, Any]:
    """Trace money from ``start`` (transaction id, account id or entity id), or, when
    ``transactions`` are given, from that set of payments as one start (``start`` then only
    names it, e.g. an alert; ``start_kind`` is ``"payments"``).

    Every starting payment is traced money in full, and money is followed once: ``traced`` is
    the sum of the starting payments, ``entering`` what they bring in (a payment out of an
    account an earlier starting payment fed passes on money already counted, as in a
    layering chain), ``payments`` how many there are.

    Returns ``{"start", "start_kind", "direction", "method", "traced", "entering", "payments", "flows":
    [{"source", "target", "amount", "transaction_ids", "hop"}], "endpoints": [{"account",
    "amount"}]}``.
    """
    if direction not in DIRECTIONS:
        raise InputError(f"direction must be one of {', '.join(DIRECTIONS)}", field="direction")
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(METHODS)}", field="method")
    backward = direction == "backward"
    if transactions:
        kind, seed_rows = "payments", _payments(con, transactions)
        if not seed_rows:
            raise NotFound(f"none of the {len(set(transactions))} payments of {start!r} is visible")
    else:
        kind, seed_rows = _seeds(con, start, backward, canonical or {})
    seeds = [_edge(r, backward) for r in seed_rows]
    t0 = min(e.t for e in seeds)
    t_end = t0 + horizon_days * 86400
    edges = {e.id: e for e in seeds}
    hop_of: dict[str, int] = {e.dst: 1 for e in seeds}
    arrival: dict[str, float] = {}
    for e in seeds:
        arrival[e.dst] = min(arrival.get(e.dst, e.t), e.t)
    frontier = dict(arrival)
    for hop in range(1, max_hops + 1):
        frontier.pop(CASH, None)
        if not frontier:
            break
        rows = _account_rows(con, frontier, backward, t0, t_end)
        new: dict[str, float] = {}
        for row in rows:
            e = _edge(row, backward)
            if e.t > t_end:
                continue
            edges.setdefault(e.id, e)
            if e.src in frontier and e.t >= frontier[e.src] and e.dst not in hop_of:
                hop_of[e.dst] = hop + 1
                new[e.dst] = min(new.get(e.dst, e.t), e.t)
        frontier = new
    if backward:
        real = [Edge(e.id, e.dst, e.src, e.amount, -e.t) for e in edges.values()]
        flows, remaining = _replay_backward(sorted(real, key=lambda e: (e.t, e.id)), seeds, method)
    else:
        flows, remaining = _replay(sorted(edges.values(), key=lambda e: (e.t, e.id)), seeds, method)
    out_flows = []
    for (source, target), (amount, ids) in sorted(flows.items(), key=lambda kv: -kv[1][0]):
        if amount < min_amount:
            continue
        src = target if backward else source
        out_flows.append({"source": source, "target": target, "amount": round(amount, 2),
                          "transaction_ids": sorted(ids), "hop": hop_of.get(src, 0)})
    endpoints = [{"account": a, "amount": round(v, 2)} for a, v in
                 sorted(remaining.items(), key=lambda kv: -kv[1]) if v >= min_amount]
    return {
        "start": start, "start_kind": kind, "direction": direction, "method": method,
        "traced": round(sum(e.amount for e in seeds), 2), "entering": round(_entering(seeds), 2),
        "payments": len(seeds),
        "flows": out_flows, "endpoints": endpoints,
    }


def _account_rows(con: duckdb.DuckDBPyConnection, frontier: dict[str, float], backward: bool,
                  t0: float, t_end: float) -> list[tuple[Any, ...]]:
    """All payments of the frontier accounts inside the horizon (both directions, so that
    other money in those accounts dilutes the traced share)."""
    table = pa.table({"account": pa.array(list(frontier), pa.string())})
    con.register("trace_frontier", table)
    lo, hi = (-t_end, -t0 + 30 * 86400) if backward else (t0 - 30 * 86400, t_end)
    try:
        return _fetch(
            con,
            "(payer_account IN (SELECT account FROM trace_frontier) OR beneficiary_account IN "
            "(SELECT account FROM trace_frontier)) AND epoch(ts) BETWEEN ? AND ?",
            [lo, hi],
        )
    finally:
        con.unregister("trace_frontier")


def _replay(edges: list[Edge], seeds: list[Edge], method: str
            ) -> tuple[dict[tuple[str, str], tuple[float, set[str]]], dict[str, float]]:
    seed_ids = {e.id for e in seeds}
    balance: dict[str, float] = defaultdict(float)
    traced: dict[str, float] = defaultdict(float)
    lots: dict[str, deque[list[float]]] = defaultdict(deque)
    flows: dict[tuple[str, str], tuple[float, set[str]]] = {}
    for e in edges:
        if e.id in seed_ids:
            carried = e.amount
        elif method == "fifo":
            carried = _take_fifo(lots[e.src], e.amount)
        else:
            pool = max(balance[e.src], e.amount)
            carried = e.amount * traced[e.src] / pool if pool > 0 else 0.0
        if e.src != CASH:
            traced[e.src] = max(0.0, traced[e.src] - carried)
            balance[e.src] = max(0.0, balance[e.src] - e.amount)
        balance[e.dst] += e.amount
        traced[e.dst] += carried
        lots[e.dst].append([e.amount, carried / e.amount if e.amount else 0.0])
        if carried > 1e-9:
            amount, ids = flows.get((e.src, e.dst), (0.0, set()))
            ids.add(e.id)
            flows[(e.src, e.dst)] = (amount + carried, ids)
    remaining = {a: v for a, v in traced.items() if v > 1e-9}
    return flows, remaining


def _replay_backward(edges: list[Edge], seeds: list[Edge], method: str
                     ) -> tuple[dict[tuple[str, str], tuple[float, set[str]]], dict[str, float]]:
    """Replay forward in time recording what each payment out was made of (which payments
    in, how much of each), then push the traced amounts back through those compositions."""
    seed_ids = {e.id for e in seeds}
    by_id = {e.id: e for e in edges}
    mix: dict[str, dict[str, float]] = defaultdict(dict)     # pro-rata: account -> in-edge -> amount
    lots: dict[str, deque[list[Any]]] = defaultdict(deque)   # fifo: account -> [in-edge, amount]
    made_of: dict[str, dict[str, float]] = {}
    for e in edges:
        if method == "fifo":
            made_of[e.id] = _take_lots(lots[e.src], e.amount)
        else:
            pool = mix[e.src]
            total = sum(pool.values())
            share = min(1.0, e.amount / total) if total > 0 else 0.0
            made_of[e.id] = {k: v * share for k, v in pool.items()}
            for k in pool:
                pool[k] *= 1.0 - share
        mix[e.dst][e.id] = e.amount
        lots[e.dst].append([e.id, e.amount])
    demand: dict[str, float] = defaultdict(float)
    seed_amount = {e.id: e.amount for e in seeds}
    flows: dict[tuple[str, str], tuple[float, set[str]]] = {}
    unexplained: dict[str, float] = defaultdict(float)
    for e in sorted(edges, key=lambda x: (x.t, x.id), reverse=True):
        # a starting payment is traced in full, and once (not again for what a later
        # starting payment already pushed back into it)
        d = max(demand.get(e.id, 0.0), seed_amount.get(e.id, 0.0)) if e.id in seed_amount \
            else demand.get(e.id, 0.0)
        if d <= 1e-9:
            continue
        amount, ids = flows.get((e.src, e.dst), (0.0, set()))
        ids.add(e.id)
        flows[(e.src, e.dst)] = (amount + d, ids)
        parts = made_of.get(e.id, {}) if e.id not in seed_ids or e.src != CASH else {}
        explained = 0.0
        for in_id, part in parts.items():
            if in_id in by_id and e.amount > 0:
                demand[in_id] += d * part / e.amount
                explained += d * part / e.amount
        if d - explained > 1e-6:
            unexplained[e.src] += d - explained
    return flows, dict(unexplained)


def _take_lots(queue: deque[list[Any]], amount: float) -> dict[str, float]:
    """FIFO: which payments in (oldest first) a payment out of ``amount`` was made of."""
    taken: dict[str, float] = {}
    need = amount
    while need > 1e-9 and queue:
        lot = queue[0]
        take = min(lot[1], need)
        taken[lot[0]] = taken.get(lot[0], 0.0) + take
        lot[1] -= take
        need -= take
        if lot[1] <= 1e-9:
            queue.popleft()
    return taken


def _take_fifo(queue: deque[list[float]], amount: float) -> float:
    """Take ``amount`` from the oldest lots; return the traced part of what was taken."""
    carried, need = 0.0, amount
    while need > 1e-9 and queue:
        lot = queue[0]
        take = min(lot[0], need)
        carried += take * lot[1]
        lot[0] -= take
        need -= take
        if lot[0] <= 1e-9:
            queue.popleft()
    return carried


__all__ = ["DIRECTIONS", "METHODS", "trace_funds"]
