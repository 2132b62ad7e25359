"""Score one world: the outputs of resolve, network roles, finance alerts and finance assets
against its truth, with the measures of issue 13's table."""

from __future__ import annotations

from pathlib import Path

from .baseline import register_walk
from .measures import (
    asset_share,
    bcubed,
    facilitator_scores,
    kingpin_recall,
    laundering_scores,
    majority,
)
from .truths import Truth

FACILITATOR_ROLE = "_facilitator"
DEFAULT_ROWS = 10  # the roles command's default rows per role


def resolution(truth: Truth, clusters: list[dict]) -> dict[str, object]:
    assigned = {}
    for c in clusters:
        for member in c.get("members", []):
            assigned[member] = c["id"]
    return {"persons": bcubed(truth.persons, assigned),
            "companies": bcubed(truth.companies, assigned),
            "clusters": len(clusters)}


def _true_id(row: dict, truth: Truth) -> str | None:
    ids = list(row.get("source_ids") or []) + [str(row.get("id"))]
    return majority(ids, truth.persons)


def roles(truth: Truth, rows: list[dict]) -> dict[str, object]:
    """Kingpins within the top 2 x groups; facilitators among the default rows per role."""
    kp = sorted((r for r in rows if r.get("role") == "kingpin"), key=lambda r: r.get("rank", 0))
    ranked = [_true_id(r, truth) for r in kp]
    fac_rows = [(_true_id(r, truth), r["role"][: -len(FACILITATOR_ROLE)]) for r in rows
                if str(r.get("role", "")).endswith(FACILITATOR_ROLE)
                and r.get("rank", 0) <= DEFAULT_ROWS]
    first = {}
    for pos, tid in enumerate(ranked, 1):
        if tid in truth.kingpins and tid not in first:
            first[tid] = pos
    return {"facilitators_r_precision": r_precision(truth, rows),
            "kingpins_top_2x_groups": kingpin_recall(ranked, truth.kingpins, truth.groups),
            "kingpins_top_default_rows": kingpin_recall(ranked[:DEFAULT_ROWS], truth.kingpins,
                                                        truth.groups),
            "kingpin_positions": sorted(first.values()),
            "facilitators": facilitator_scores(fac_rows, truth.facilitators),
            "rows": len(rows), "roles": sorted({str(r.get("role")) for r in rows})}


def r_precision(truth: Truth, rows: list[dict]) -> dict[str, object]:
    """Per facilitator type: of the first n rows of that role (n = true facilitators of the
    type), the share that are true facilitators of that type — threshold-free."""
    result: dict[str, object] = {}
    for kind in sorted(set(truth.facilitators.values())):
        n = sum(1 for t in truth.facilitators.values() if t == kind)
        ranked = sorted((r for r in rows if r.get("role") == f"{kind}{FACILITATOR_ROLE}"),
                        key=lambda r: r.get("rank", 0))[:n]
        hits = sum(1 for r in ranked if truth.facilitators.get(_true_id(r, truth)) == kind)
        result[kind] = {"n": n, "rows": len(ranked), "hits": hits, "r_precision": hits / n}
    return result


def laundering(truth: Truth, alerts: list[dict]) -> dict[str, object]:
    return laundering_scores(truth.laundering, alerts, benign=truth.benign)


def assets(truth: Truth, rows: list[dict], sources: Path | None) -> dict[str, object]:
    """Share of criminal asset value whose named beneficial owner is the true one; and the
    same for a plain walk up the registered shareholders."""
    by_record: dict[str, set[str]] = {}
    for r in rows:
        owner_ids = set(r.get("beneficial_owner_source_ids") or []) | {str(r.get("beneficial_owner"))}
        for rid in {str(r.get("asset_id")), *(r.get("source_ids") or [])}:
            by_record.setdefault(rid, set()).update(owner_ids)
    attributed = {}
    for a in truth.assets:
        owners: set[str] = set()
        for rid in a["records"]:
            owners |= by_record.get(rid, set())
        if owners:
            attributed[a["asset"]] = owners
    result = {"tool": asset_share(truth.assets, attributed), "rows": len(rows)}
    if sources is not None:
        record_ids = {rid for a in truth.assets for rid in a["records"]}
        walked = register_walk(sources, record_ids)
        base = {a["asset"]: set().union(*(walked.get(r, set()) for r in a["records"]))
                for a in truth.assets}
        result["register_walk"] = asset_share(truth.assets, {k: v for k, v in base.items() if v})
    return result
