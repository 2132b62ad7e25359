"""Financial intelligence of a case for one viewer: alerts, money traces and assets.

The finance detectors work on a DuckDB connection's ``transactions`` and ``statements``. To
keep to need-to-know they get a scratch copy holding only the datasets the viewer may see
(:func:`offensief.store.reads.visible_copy`), never the workspace. Each result records its
inputs — a flow the datasets of its payments, an alert those and the datasets of everything
its flags read (:mod:`offensief.finance.basis`), an asset with an owner, candidates or traced
purchase money every dataset the ownership analysis read, one without the datasets of its
own records; each also the datasets of every record resolution merged into an entity it
joins (:mod:`offensief.casework.merges`) — and is
shown under the derived-data rule (:mod:`offensief.casework.disclosure`): parties, amounts
and evidence only when the viewer sees all of them in clear.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from offensief.access.policy import CaseRef
from offensief.access.pseudonym import is_token
from offensief.access.view import CaseView
from offensief.casework.caller import Caller
from offensief.casework.disclosure import Disclosure, Inputs, best_name
from offensief.casework.idchain import chain_ids, with_names, without_names
from offensief.casework.jobs import Job
from offensief.casework.merges import merge_basis, merged_datasets
from offensief.casework.runs import cached_now, cached_or_started
from offensief.finance.alerts import detect_alerts
from offensief.finance.assets import asset_inventory
from offensief.finance.basis import alert_reads
from offensief.finance.explanation import alert_id
from offensief.finance.settings import Settings
from offensief.finance.trace import trace_funds
from offensief.finance.transactions import Engine
from offensief.model.errors import NotFound
from offensief.resolve import scoped
from offensief.resolve.canonical import CanonicalMapping
from offensief.store.duckstore import Store
from offensief.store.reads import (
    account_payment_datasets,
    entity_datasets,
    name_index,
    named_ids,
    transaction_datasets,
    visible_copy,
)
from offensief.store.spark import spark_session

Progress = Callable[..., None]
Outcome = tuple[Any | None, Job | None]


def _payments(con: Any, rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], list[str]]) -> None:
    found = transaction_datasets(con, [t for row in rows for t in key(row)])
    for row in rows:
        row["inputs"] = sorted({found[t] for t in key(row) if t in found})


def _merges(store: Store, con: Any, ids: Sequence[str] | None, scope: str | None) -> dict[str, set[str]]:
    """The datasets of the case's resolution merges among ``ids`` (``None``: all) that join
    records of the viewer's copy ``con`` (:mod:`offensief.casework.merges`)."""
    return merge_basis(store, ids, present=lambda members: named_ids(con, members), scope=scope)


def _resolution(store: Store, case: Sequence[str]) -> tuple[str | None, CanonicalMapping | None]:
    """The case's resolution scope and canonical ids (:mod:`offensief.resolve.scoped`: its
    records re-clustered within ``case``, the case's datasets); ``None`` mapping when empty."""
    scope = scoped.ensure(store, case)
    return scope, scoped.mapping(store, case) or None


def _alert_nodes(alert: dict[str, Any]) -> list[str]:
    return [*alert.get("entity_ids", ()), *alert.get("account_ids", ())]


def compute_alerts(store: Store, datasets: list[str], settings: dict[str, Any] | None = None,
                   progress: Progress | None = None, *, engine: str = "duckdb",
                   case: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Merged, scored, explained typology alerts (docs/finance.md), each with its inputs.
    ``engine="spark"`` runs the detector SQL on Spark (docs/scale.md). ``case``: the case's
    datasets, whose records its entity resolution clusters (default ``datasets``)."""
    scope, canonical = _resolution(store, case if case is not None else datasets)
    detector = None
    if engine == "spark":
        # PySpark is optional (the ``spark`` extra): load the Spark backend only when asked
        from offensief.finance.spark import case_engine

        con, detector = case_engine(store, datasets, spark_session())
    else:
        con = visible_copy(store, datasets)
    try:
        def report(step: str, done: int, total: int) -> None:
            if progress:
                progress(done, total, step)

        runner = detector or Engine(con)
        found = detect_alerts(con, settings=Settings.from_dict(settings or {}),
                              canonical=canonical, progress=report, engine=runner)
        _payments(con, found, lambda a: a["transaction_ids"])
        merges = _merges(store, con, [i for a in found for i in _alert_nodes(a)], scope)
        for alert, read in zip(found, alert_reads(runner, found), strict=True):
            alert["inputs"] = sorted(set(alert["inputs"]) | read | merged_datasets(merges, _alert_nodes(alert)))
        return found
    finally:
        con.close()


def compute_trace(store: Store, datasets: list[str], *, start: str, direction: str, method: str,
                  hops: int = 6, days: int = 90, progress: Progress | None = None,
                  transactions: Sequence[str] = (), case: Sequence[str] | None = None) -> dict[str, Any]:
    """Follow the money from a transaction, account or entity, or from a set of payments
    named ``start`` (an alert), time-respecting; ``case`` as in :func:`compute_alerts`."""
    scope, canonical = _resolution(store, case if case is not None else datasets)
    if progress:
        progress(0, 1, "tracing")
    con = visible_copy(store, datasets)
    try:
        result = trace_funds(con, start=start, direction=direction, method=method, max_hops=hops,
                             horizon_days=days, canonical=canonical,
                             transactions=transactions)
        _payments(con, result["flows"], lambda f: f["transaction_ids"])
        nodes = [result["start"], *(n for f in result["flows"] for n in (f["source"], f["target"]))]
        result["inputs"] = sorted({d for f in result["flows"] for d in f["inputs"]}
                                  | merged_datasets(_merges(store, con, nodes, scope), nodes))
        return result
    finally:
        con.close()


def compute_assets(store: Store, datasets: list[str], progress: Progress | None = None, *,
                   threshold: float = 25.0, case: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Asset inventory with beneficial owners (laundering alerts seen through, as the CLI
    always did), each with its inputs; ``case`` as in :func:`compute_alerts`."""
    scope, canonical = _resolution(store, case if case is not None else datasets)
    if progress:
        progress(0, 2, "laundering alerts")
    con = visible_copy(store, datasets)
    try:
        laundering = detect_alerts(con, canonical=canonical)
        if progress:
            progress(1, 2, "ownership chains")
        found = asset_inventory(con, canonical=canonical, alerts=laundering, threshold=threshold)
        own = entity_datasets(con, [i for a in found for i in a["source_ids"]])
        paid = account_payment_datasets(con, [i for a in found for i in a.get("payments_read", ())])
        merges = _merges(store, con, None, scope)  # the ownership analysis read every merge it saw
        read = set(datasets) | merged_datasets(merges, merges)
        about: dict[str, set[str]] = {}
        for asset in found:
            # an account valued or attributed from its payments rests on them as well
            mine = {d for i in asset["source_ids"] for d in own.get(i, ())}
            mine |= {d for i in asset.get("payments_read", ()) for d in paid.get(i, ())}
            mine |= merged_datasets(merges, [asset["asset_id"]])
            asset["inputs"] = sorted(read if _derived(asset) else mine)
            about[asset["asset_id"]] = mine
        _evidence_inputs(con, found, about)
        return without_names(found, name_index(con))  # cached: ids and numbers only
    finally:
        con.close()


def _derived(asset: dict[str, Any]) -> bool:
    """Whether the asset shows more than its own records: an owner, candidates, nominee
    indicators or purchase money traced through the payments (each read across datasets)."""
    return bool(asset["beneficial_owner"] or asset.get("candidates") or asset.get("nominee")
                or asset.get("source_of_funds"))


def _evidence_inputs(con: Any, assets: list[dict[str, Any]], about: dict[str, set[str]] | None = None) -> None:
    """Each evidence line of each candidate owner carries the datasets of the payments and
    records it rests on, a line about the asset also those ``about`` it (its records, the
    payments it was valued or attributed from, its merge); the asset as a whole rests on
    every dataset the ranking read."""
    details = [(a, d) for a in assets for c in a.get("candidates") or [] for d in c.get("evidence_detail", [])]
    entities = entity_datasets(con, [i for _, d in details for i in d["entity_ids"]])
    payments = transaction_datasets(con, [t for _, d in details for t in d["transaction_ids"]])
    for asset, d in details:
        # e.g. an account's holder implied by its payments reads as a holding of the asset
        of_asset = (about or {}).get(asset["asset_id"], set()) if asset["asset_id"] in d["entity_ids"] else set()
        d["inputs"] = sorted({x for i in d["entity_ids"] for x in entities.get(i, ())}
                             | {payments[t] for t in d["transaction_ids"] if t in payments} | of_asset)


def _evidence_texts(asset: dict[str, Any]) -> list[str]:
    return [asset.get("basis") or ""] + [e for c in asset.get("candidates") or [] for e in c["evidence"]]


def _named_candidates(asset: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
    """The candidates with the ``{{id}}`` marks of their evidence captioned for the viewer."""
    return [c | {"evidence": with_names(c["evidence"], names),
                 "evidence_detail": [d | {"text": with_names([d["text"]], names)[0]}
                                     for d in c.get("evidence_detail", [])]}
            for c in asset.get("candidates") or []]


def _run(caller: Caller, ref: CaseRef, view: CaseView, kind: str, params: dict[str, Any],
         compute: Callable[[Store, list[str], list[str], Progress], Any]) -> Outcome:
    datasets, case = sorted(view.visible_datasets()), sorted(ref.datasets)
    return cached_or_started(caller, ref, kind=kind, params=params, datasets=datasets,
                             compute=lambda store, progress, _w: compute(store, datasets, case, progress))


def _alert_params(settings: dict[str, Any] | None, engine: str) -> dict[str, Any]:
    return {"settings": settings or {}} | ({"engine": engine} if engine != "duckdb" else {})


def alerts(caller: Caller, ref: CaseRef, view: CaseView, *, settings: dict[str, Any] | None = None,
           engine: str = "duckdb") -> Outcome:
    return _run(caller, ref, view, "alerts", _alert_params(settings, engine),
                lambda store, ds, case, progress: compute_alerts(store, ds, settings, progress, engine=engine,
                                                                 case=case))


def alerts_now(caller: Caller, view: CaseView) -> list[dict[str, Any]]:
    """Inside an export: the viewer's alerts (default settings) from the cache :func:`alerts`
    fills, computed here when missing; unmasked, so show them through :func:`shown_alerts`."""
    datasets = sorted(view.visible_datasets())
    found: list[dict[str, Any]] = cached_now(
        caller, view.store, view.case, kind="alerts", params=_alert_params(None, "duckdb"),
        datasets=datasets, compute=lambda: compute_alerts(view.store, datasets, case=sorted(view.case.datasets)))
    return found


def trace(caller: Caller, ref: CaseRef, view: CaseView, *, start: str, direction: str, method: str,
          hops: int = 6, days: int = 90) -> Outcome:
    params = {"start": start, "direction": direction, "method": method, "hops": hops, "days": days}
    return _run(caller, ref, view, "trace", params,
                lambda store, ds, case, progress: compute_trace(store, ds, start=start, direction=direction,
                                                                method=method, hops=hops, days=days,
                                                                progress=progress, case=case))


def alert_trace(caller: Caller, ref: CaseRef, view: CaseView, *, alert: str, direction: str,
                method: str, hops: int = 6, days: int = 90) -> Outcome:
    """Follow the money of a whole alert: all its payments are the start, counted once.

    The alert is looked up among the viewer's alerts (computed first when they are not yet);
    one the viewer may not read in clear is refused like an unknown one."""
    found, job = alerts(caller, ref, view)
    if job is not None:
        return None, job
    match = next((a for a in found if alert_id(a["typology"], a["transaction_ids"]) == alert), None)
    if match is None or not Disclosure.of(view).basis(match["inputs"]).disclosed:
        raise NotFound(f"no alert {alert!r} among the alerts you may read")
    payments = list(match["transaction_ids"])
    params = {"alert": alert, "direction": direction, "method": method, "hops": hops, "days": days}
    return _run(caller, ref, view, "trace", params,
                lambda store, ds, case, progress: compute_trace(store, ds, start=alert, direction=direction,
                                                                method=method, hops=hops, days=days,
                                                                progress=progress, transactions=payments,
                                                                case=case))


def assets(caller: Caller, ref: CaseRef, view: CaseView, *, threshold: float = 25.0) -> Outcome:
    return _run(caller, ref, view, "assets", {"alerts": True, "threshold": threshold},
                lambda store, ds, case, progress: compute_assets(store, ds, progress, threshold=threshold,
                                                                 case=case))


# -- what the viewer sees -----------------------------------------------------------------------

def labels(view: CaseView, ids: list[str]) -> dict[str, str]:
    """A display label per entity or account by the one caption rule (a name, an account's
    IBAN, ...; masked), else the id (cash, an account known only by its number)."""
    return view.captions(sorted(set(ids))) if ids else {}


def _party(rule: Disclosure, inputs: Inputs, entity: str, names: dict[str, str]) -> dict[str, Any]:
    if inputs.disclosed:
        return {"id": entity, "name": names.get(entity, entity), "pseudonymised": False}
    token = rule.token(entity)
    return {"id": token, "name": token, "pseudonymised": True}


def shown_alerts(view: CaseView, rows: list[dict[str, Any]], *, limit: int | None = None) -> list[dict[str, Any]]:
    """Alerts for this viewer: a withheld alert keeps its typology, score, period and the
    number of payments, about subject tokens, without amounts, payments or explanation."""
    rule = Disclosure.of(view)
    shown = rows[:limit] if limit else rows
    inputs = [rule.basis(a["inputs"]) for a in shown]
    names = labels(view, [e for a, i in zip(shown, inputs) if i.disclosed for e in a["entity_ids"]])
    out = []
    for alert, why in zip(shown, inputs):
        parties = [_party(rule, why, e, names) for e in alert["entity_ids"]]
        item = alert | {"id": alert_id(alert["typology"], alert["transaction_ids"]), "entities": parties, "entity_ids": [p["id"] for p in parties],
                        "inputs": why.to_dict()}
        if not why.disclosed:  # only what does not rest on the payments' contents
            item = {k: v for k, v in item.items() if k in _WITHHELD_KEEP} | {
                "amount": None, "transaction_ids": [], "account_ids": [],
                "explanation": f"{alert['typology'].replace('_', ' ')} — {why.reason}"}
        out.append(item)
    return out


#: What a withheld alert keeps (parties as subject tokens).
_WITHHELD_KEEP = {"typology", "score", "start", "end", "entities", "entity_ids", "inputs"}


def shown_trace(view: CaseView, result: dict[str, Any]) -> dict[str, Any]:
    """A trace for this viewer: withheld when any payment on it is not readable in clear."""
    rule = Disclosure.of(view)
    why = rule.basis(result["inputs"])
    if not why.disclosed:
        return {"start": rule.token(result["start"]), "start_kind": result["start_kind"],
                "direction": result["direction"], "method": result["method"], "traced": None,
                "entering": None, "payments": result.get("payments"),
                "flows": [], "endpoints": [], "labels": {}, "inputs": why.to_dict()}
    ids = ([f["source"] for f in result["flows"]] + [f["target"] for f in result["flows"]]
           + [e["account"] for e in result["endpoints"]])
    return result | {"labels": labels(view, ids), "inputs": why.to_dict()}


def shown_assets(view: CaseView, rows: list[dict[str, Any]], *, limit: int | None = None) -> dict[str, Any]:
    """Assets with names per viewer and the seizable value per beneficial owner (disclosed
    assets only). A withheld asset shows its kind and a subject token, no value or chain."""
    rule = Disclosure.of(view)
    shown = rows[:limit] if limit else rows
    inputs = {a["asset_id"]: rule.basis(a["inputs"]) for a in rows}
    open_ = [a for a in shown if inputs[a["asset_id"]].disclosed]
    names = labels(view, [i for a in open_ for i in a["source_ids"] + a["beneficial_owner_source_ids"]
                          + chain_ids(a["chain"]) + chain_ids(_evidence_texts(a))])

    def best(source_ids: list[str], default: str | None) -> str | None:
        found = [names.get(i, i) for i in source_ids]
        return min(found, key=lambda c: (is_token(c), c in source_ids, c)) if found else default

    out = []
    for asset in shown:
        why = inputs[asset["asset_id"]]
        if why.disclosed:
            item = {k: v for k, v in asset.items() if k not in ("label", "beneficial_owner_name")}
            item["label"] = best(asset["source_ids"], asset["asset_id"])
            item["beneficial_owner_name"] = best(asset["beneficial_owner_source_ids"], None)
            item["chain"] = with_names(asset["chain"], names)
            item["basis"] = with_names([asset.get("basis") or ""], names)[0]
            item["candidates"] = _named_candidates(asset, names)
        else:
            token = rule.token(asset["asset_id"])
            owner = rule.token(asset["beneficial_owner"]) if asset["beneficial_owner"] else None
            item = {"asset_id": token, "kind": asset["kind"], "value": None, "label": token,
                    "beneficial_owner": owner, "beneficial_owner_name": owner,
                    "beneficial_owner_source_ids": [], "basis": why.reason, "chain": [], "source_ids": []}
        out.append(item | {"inputs": why.to_dict()})
    per: dict[str, dict[str, Any]] = {}
    for asset in rows:
        if asset["beneficial_owner"] is None or not inputs[asset["asset_id"]].disclosed:
            continue
        entry = per.setdefault(asset["beneficial_owner"], {
            "subject": asset["beneficial_owner"], "source_ids": asset["beneficial_owner_source_ids"],
            "value": 0.0, "assets": 0})
        entry["value"] += asset["value"]
        entry["assets"] += 1
    subjects = sorted(per.values(), key=lambda e: -e["value"])[:25]
    subject_names = labels(view, [i for e in subjects for i in e["source_ids"]])
    for entry in subjects:
        found = [subject_names.get(i, i) for i in entry["source_ids"]]
        entry["name"] = best_name(found, entry["subject"])
        entry["value"] = round(entry["value"], 2)
    withheld = sum(1 for a in rows if not inputs[a["asset_id"]].disclosed)
    return {"total": len(rows), "assets": out, "by_subject": subjects, "withheld": withheld,
            "chains": "withheld" if withheld else "shown"}


#: What a released asset keeps: the asset, its value and kind, its beneficial owner and the
#: confidence in him. The ownership chain, the other candidates, the nominee and the traced
#: payments are left out: they name registered holders, relatives, associates and payers.
RELEASED_ASSET_KEYS = ("asset_id", "kind", "value", "label", "source_ids", "beneficial_owner",
                       "beneficial_owner_name", "beneficial_owner_source_ids", "confidence", "inputs")


def released_asset(view: CaseView, asset: dict[str, Any]) -> dict[str, Any]:
    """An asset (a cached inventory row) as it is provided to another partner: only what is
    about the asset and its owner (:data:`RELEASED_ASSET_KEYS`) and the owner's evidence
    lines that name no entity but the asset and the owner (a line about a relative, a
    straw man or a firm is dropped); ``left_out`` says what was dropped."""
    shown = shown_assets(view, [asset])["assets"][0]
    out = {k: shown.get(k) for k in RELEASED_ASSET_KEYS}
    owner = asset["beneficial_owner"]
    lines: list[str] = []
    dropped = 0
    if shown["inputs"]["disclosed"] and owner is not None:
        own = {asset["asset_id"], owner, *asset["source_ids"], *asset["beneficial_owner_source_ids"]}
        theirs = next((c for c in asset.get("candidates") or [] if c["entity"] == owner), None)
        raw = list(theirs["evidence"]) if theirs is not None else []
        kept = [line for line in raw if set(chain_ids([line])) <= own]
        dropped = len(raw) - len(kept)
        names = labels(view, [i for i in own if any("{{" + i + "}}" in line for line in kept)])
        lines = with_names(kept, names)
    others = sum(1 for c in asset.get("candidates") or [] if c["entity"] != owner)
    out["evidence"] = lines
    if lines:
        out["basis"] = "; ".join(lines)
    elif not shown["inputs"]["disclosed"]:
        out["basis"] = shown["basis"]
    else:
        out["basis"] = ("no owner known" if owner is None
                        else "evidence left out: every line names another person")
    out["left_out"] = {"candidates": others, "evidence_lines": dropped,
                       "chain": len(asset.get("chain") or []),
                       "nominee": asset.get("nominee") is not None,
                       "source_of_funds": bool(asset.get("source_of_funds"))}
    return out
