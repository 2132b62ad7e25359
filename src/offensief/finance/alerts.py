"""Alerts: run the typology detectors, merge overlapping hits, score and explain them.

>>> from offensief.store.duckstore import Store
>>> store = Store.memory()
>>> detect_alerts(store.con)
[]
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from offensief.finance.control import corporate_clusters, register_clusters
from offensief.finance.explanation import Alert, Tx, explain, money_at_stake, node, score
from offensief.finance.groups import account_groups, register_account_groups
from offensief.finance.links import linked_accounts
from offensief.finance.settings import Settings
from offensief.finance.transactions import Engine, canonical_map, prepare
from offensief.finance.typologies import DETECTORS, SPECIFICITY
from offensief.finance.typologies.cash import near_threshold_deposits
from offensief.model.errors import InputError

Progress = Callable[[str, int, int], None]


def detect_alerts(
    con: duckdb.DuckDBPyConnection,
    *,
    settings: Settings | None = None,
    canonical: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> list[dict[str, Any]]:
    """Run every enabled detector on the ``transactions`` table; return merged alerts,
    highest score first. ``engine`` runs the SQL elsewhere (Spark:
    :class:`offensief.finance.spark.SparkEngine`): every step, the driver-side ones (corporate
    clusters, account groups, linked accounts, the details of the hits) included, reads its
    input through the engine, so both engines run one definition of each detector."""
    settings = settings or Settings()
    names = list(settings.typologies) or list(DETECTORS)
    unknown = [n for n in names if n not in DETECTORS and n != "stacked_bipartite"]
    if unknown:
        raise InputError(f"unknown typology {unknown[0]!r}; known: {', '.join(DETECTORS)}", field="typologies")
    if "stacked_bipartite" in names and "bipartite" not in names:
        names.append("bipartite")
    names = [n for n in names if n in DETECTORS]
    engine = engine or Engine(con)
    total = len(names) + 2
    _step(progress, "prepare transactions", 0, total)
    prepare(engine, settings=settings, canonical=canonical)
    register_clusters(engine, corporate_clusters(engine))
    register_account_groups(engine, account_groups(engine))
    if "structuring" in names:
        _register_cash_groups(engine, settings)
    raw: dict[str, list[tuple[str, str]]] = {}
    for i, name in enumerate(names, start=1):
        _step(progress, f"detect {name}", i, total)
        sql = DETECTORS[name](settings, engine.dialect)
        raw[name] = [(k, t) for k, t in engine.rows(f"SELECT DISTINCT alert_key, id FROM ({sql}) q")]
    _step(progress, "merge and explain", total - 1, total)
    ids = {tx for rows in raw.values() for _, tx in rows}
    details = _load_details(engine, ids) if ids else {}
    alerts = _merge(raw, details, settings)
    alerts = _stack_layers(alerts, details, gap=settings.bipartite_window)
    alerts = _suppress(alerts, settings)
    if settings.typologies:
        alerts = [a for a in alerts if a.typology in settings.typologies]
    _describe(engine, alerts, details, canonical_map(engine))
    _step(progress, "done", total, total)
    alerts.sort(key=lambda a: (-a.score, a.typology, min(a.transaction_ids)))
    return [a.to_dict() for a in alerts]


def _register_cash_groups(engine: Engine, settings: Settings) -> None:
    """``fin_cash_group(account, grp)``: the accounts with cash deposits just under a threshold,
    grouped by who acts together (:func:`offensief.finance.links.linked_accounts`)."""
    rows = engine.rows(f"SELECT DISTINCT account, depositor FROM ({near_threshold_deposits(settings)}) d")
    groups = linked_accounts(engine, {a for a, _ in rows}, max_contacts=settings.link_max_contacts,
                             depositors=[(d, a) for a, d in rows])
    engine.register("fin_cash_group", pa.table({"account": pa.array(list(groups), pa.string()),
                                                "grp": pa.array(list(groups.values()), pa.string())}))


def _step(progress: Progress | None, step: str, done: int, total: int) -> None:
    if progress is not None:
        progress(step, done, total)


def _components(groups: list[set[str]]) -> list[set[str]]:
    """Union groups that share a transaction."""
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, group in enumerate(groups):
        for tx in group:
            if tx in owner:
                parent[find(i)] = find(owner[tx])
            else:
                owner[tx] = i
    merged: dict[int, set[str]] = defaultdict(set)
    for i, group in enumerate(groups):
        merged[find(i)] |= group
    return list(merged.values())


def _gaps(settings: Settings) -> dict[str, float]:
    """How far apart in time (seconds) two payments of one alert may be."""
    return {
        "fan_in": settings.fan_window, "fan_out": settings.fan_window,
        "scatter_gather": settings.layer_window, "gather_scatter": settings.gs_window,
        "bipartite": settings.bipartite_window, "structuring": settings.structuring_window,
        "funnel": settings.funnel_window,
        "rapid_pass_through": settings.passthrough_gap, "trade_based": settings.trade_gap,
    }


def _split(txs: set[str], details: dict[str, Tx], gap: float | None) -> list[set[str]]:
    """Cut a raw hit where consecutive payments are more than ``gap`` apart."""
    if gap is None:
        return [txs]
    ordered = sorted((details[t].ts, t) for t in txs if t in details)
    parts: list[set[str]] = []
    last = None
    for ts, tx in ordered:
        if last is None or (ts - last).total_seconds() > gap:
            parts.append(set())
        parts[-1].add(tx)
        last = ts
    return parts


def _merge(raw: dict[str, list[tuple[str, str]]], details: dict[str, Tx], settings: Settings) -> list[Alert]:
    gaps = _gaps(settings)
    alerts: list[Alert] = []
    for name, rows in raw.items():
        if name == "trade_based":
            alerts += _trade_episodes(rows, details, settings)
            continue
        by_key: dict[str, set[str]] = defaultdict(set)
        for key, tx in rows:
            by_key[key].add(tx)
        groups = [part for txs in by_key.values() for part in _split(txs, details, gaps.get(name))]
        least = 2 * settings.passthrough_min_pairs if name == "rapid_pass_through" else 2
        for txs in _components(groups):
            if len(txs) >= least:
                alerts.append(Alert(typology=name, transaction_ids=txs))
    return alerts


def _trade_episodes(rows: list[tuple[str, str]], details: dict[str, Tx], settings: Settings) -> list[Alert]:
    """Chain round invoices that share a company within ``trade_gap``, and the flagged
    (related) payments of one trading pair whatever the time between them — repeated
    mispricing in one trade relationship is one pattern, however far apart the shipments;
    keep chains of at least ``trade_min_invoices`` with at least one related payment."""
    related = {tx for key, tx in rows if key.endswith(":related")}
    by_account: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    by_pair: dict[tuple[str | None, str | None], set[str]] = defaultdict(set)
    for _, tx in rows:
        d = details.get(tx)
        if d is None:
            continue
        for acc in {node(d, "src"), node(d, "dst")}:
            if acc:
                by_account[acc].append((d.ts, tx))
        if tx in related:
            by_pair[(node(d, "src"), node(d, "dst"))].add(tx)
    links: list[set[str]] = [{tx} for _, tx in rows] + list(by_pair.values())
    for events in by_account.values():
        events.sort()
        for (t1, a), (t2, b) in itertools.pairwise(events):
            if (t2 - t1).total_seconds() <= settings.trade_gap:
                links.append({a, b})
    return [Alert(typology="trade_based", transaction_ids=txs) for txs in _components(links)
            if len(txs) >= settings.trade_min_invoices and txs & related]


def _stack_layers(alerts: list[Alert], details: dict[str, Tx], *, gap: float) -> list[Alert]:
    """Join bipartite layers where two or more receivers of one layer pay on as senders of
    the next, within ``gap`` seconds of each other, and call such stacks
    ``stacked_bipartite``."""
    layers = [a for a in alerts if a.typology == "bipartite"]
    others = [a for a in alerts if a.typology != "bipartite"]
    sources = [{node(details[t], "src") for t in a.transaction_ids if t in details} for a in layers]
    sinks = [{node(details[t], "dst") for t in a.transaction_ids if t in details} for a in layers]
    parent = list(range(len(layers)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    spans = [_span(a.transaction_ids, details) for a in layers]
    for i in range(len(layers)):
        for j in range(i + 1, len(layers)):
            close = spans[i][0] - gap <= spans[j][1] and spans[j][0] - gap <= spans[i][1]
            chained = len(sinks[i] & sources[j]) >= 2 or len(sinks[j] & sources[i]) >= 2
            if close and chained:
                parent[find(j)] = find(i)
    merged: dict[int, set[str]] = defaultdict(set)
    for i, layer in enumerate(layers):
        merged[find(i)] |= layer.transaction_ids
    for txs in merged.values():
        stacked = _is_stacked([details[t] for t in txs if t in details])
        others.append(Alert(typology="stacked_bipartite" if stacked else "bipartite", transaction_ids=txs))
    return others


def _span(txs: set[str], details: dict[str, Tx]) -> tuple[float, float]:
    times = [details[t].ts.timestamp() for t in txs if t in details]
    return (min(times), max(times)) if times else (0.0, 0.0)


def _suppress(alerts: list[Alert], settings: Settings) -> list[Alert]:
    """Keep the most specific reading of each money movement: a less specific alert loses
    the payments a more specific one already explains, and is dropped when that was at least
    ``merge_overlap`` of them (or fewer than two payments are left)."""
    rank = {name: i for i, name in enumerate(SPECIFICITY)}
    alerts.sort(key=lambda a: (rank.get(a.typology, len(rank)), -len(a.transaction_ids)))
    claimed: set[str] = set()
    kept: list[Alert] = []
    for alert in alerts:
        taken = alert.transaction_ids & claimed
        if len(taken) >= settings.merge_overlap * len(alert.transaction_ids):
            continue
        alert.transaction_ids -= taken
        if len(alert.transaction_ids) < 2:
            continue
        kept.append(alert)
        claimed |= alert.transaction_ids
    return kept


def _load_details(engine: Engine, ids: set[str]) -> dict[str, Tx]:
    """The hits' payments, with their accounts as ``fin_tx`` names them (one id per account
    across banks, ``fin_account``)."""
    engine.register("fin_alert_ids", pa.table({"id": pa.array(sorted(ids), pa.string())}))
    rows = engine.rows(
        """
        SELECT t.id, t.amount, t.ts, t.payer_id, t.beneficiary_id,
               CASE WHEN t.payer_account IS NULL THEN NULL ELSE f.src END,
               CASE WHEN t.beneficiary_account IS NULL THEN NULL ELSE f.dst END, f.kind
        FROM transactions t JOIN fin_alert_ids a ON a.id = t.id JOIN fin_tx f ON f.id = t.id
        """
    )
    return {r[0]: Tx(*r) for r in rows}


def _holders(engine: Engine, accounts: set[str]) -> dict[str, set[str]]:
    if not accounts or not engine.has("fin_holders"):
        return {}
    engine.register("fin_alert_accounts", pa.table({"account": pa.array(sorted(accounts), pa.string())}))
    rows = engine.rows(
        "SELECT h.account, h.entity FROM fin_holders h JOIN fin_alert_accounts a ON a.account = h.account"
    )
    result: dict[str, set[str]] = defaultdict(set)
    for account, entity in rows:
        result[account].add(entity)
    return result


def _describe(engine: Engine, alerts: list[Alert], details: dict[str, Tx],
              canonical: Mapping[str, str]) -> None:
    if not alerts:
        return
    accounts = {acc for tx in details.values() for acc in (tx.payer_account, tx.beneficiary_account) if acc}
    holders = _holders(engine, accounts)
    for alert in alerts:
        txs = [details[t] for t in alert.transaction_ids if t in details]
        for tx in txs:
            for acc in (tx.payer_account, tx.beneficiary_account):
                if acc:
                    alert.account_ids.add(acc)
                    alert.entity_ids |= holders.get(acc, set())
            for ent in (tx.payer, tx.beneficiary):
                if ent:
                    alert.entity_ids.add(canonical.get(ent, ent))
        alert.amount = money_at_stake(alert.typology, txs)
        alert.start = min((tx.ts for tx in txs), default=None)
        alert.end = max((tx.ts for tx in txs), default=None)
        alert.score = score(alert, txs)
        alert.explanation = explain(alert, txs)


def _is_stacked(txs: list[Tx]) -> bool:
    sources = {node(t, "src") for t in txs}
    sinks = {node(t, "dst") for t in txs}
    return len(sources & sinks) >= 2


