"""The validity measures, as plain functions on plain data (tested on hand-made inputs).

- B-cubed precision/recall/F1 of a clustering against the true one (Bagga & Baldwin 1998).
- Kingpin recall within the top 2 x number of groups.
- Facilitator precision/recall/F1, with and without the right type.
- Laundering: instance recall (any alert, alert of the right family) and alert precision.
- Criminal asset value attributed to its true beneficial owner.
- Leaders among the top-k of a ranking.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

# Alert and truth typology names -> the family the table scores them by.
FAMILY = {
    "structuring": "structuring", "smurfing": "structuring",
    "layering": "layering", "cycle": "layering", "rapid_pass_through": "layering",
    "stacked_bipartite": "layering", "chain": "layering", "pass_through": "layering",
    "scatter_gather": "scatter_gather", "gather_scatter": "scatter_gather",
    "fan_in": "scatter_gather", "fan_out": "scatter_gather", "funnel": "scatter_gather",
    "bipartite": "scatter_gather", "money_mules": "scatter_gather",
    "trade_based": "trade_based", "tbml": "trade_based", "invoice": "trade_based",
    "real_estate": "real_estate", "loan_back": "real_estate", "abc_resale": "real_estate",
}


def family(typology: str) -> str:
    """The scored family of a typology name (unknown names by their words, else themselves)."""
    name = typology.lower()
    if name in FAMILY:
        return FAMILY[name]
    for key, fam in FAMILY.items():
        if key in name:
            return fam
    return name


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(truth: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """B-cubed over the records of ``truth`` (record -> true id); ``predicted`` maps record ->
    cluster id, and a record missing from it is a singleton."""
    records = list(truth)
    pred = {r: predicted.get(r, f"__single__{r}") for r in records}
    true_size = Counter(truth.values())
    pred_size = Counter(pred.values())
    both = Counter((truth[r], pred[r]) for r in records)
    if not records:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "records": 0}
    p = sum(both[(truth[r], pred[r])] / pred_size[pred[r]] for r in records) / len(records)
    r_ = sum(both[(truth[r], pred[r])] / true_size[truth[r]] for r in records) / len(records)
    return {"precision": p, "recall": r_, "f1": f1(p, r_), "records": len(records)}


def kingpin_recall(ranked: list[str | None], kingpins: set[str], groups: int) -> dict[str, float]:
    """Share of true kingpins among the first 2 x ``groups`` kingpin candidates."""
    top = {t for t in ranked[: 2 * groups] if t}
    found = len(kingpins & top)
    return {"recall": found / len(kingpins) if kingpins else 0.0, "found": found,
            "kingpins": len(kingpins), "k": 2 * groups}


def facilitator_scores(rows: Iterable[tuple[str | None, str]],
                       truth: Mapping[str, str]) -> dict[str, object]:
    """``rows``: (true id or None, predicted type); ``truth``: true id -> type."""
    rows = list(rows)
    by_type: dict[str, object] = {}
    types = sorted(set(truth.values()) | {t for _, t in rows})
    for kind in [None, *types]:
        sel = [(p, t) for p, t in rows if kind is None or t == kind]
        want = {p for p, t in truth.items() if kind is None or t == kind}
        hits = {p for p, t in sel if p in truth and (kind is None or truth[p] == kind)}
        good = sum(1 for p, t in sel if p in truth and (kind is None or truth[p] == kind))
        prec = good / len(sel) if sel else 0.0
        rec = len(hits) / len(want) if want else 0.0
        by_type[kind or "any_type"] = {"precision": prec, "recall": rec, "f1": f1(prec, rec),
                                       "rows": len(sel), "true": len(want), "found": len(hits)}
    typed_rows = [(p, t) for p, t in rows]
    good = sum(1 for p, t in typed_rows if truth.get(p) == t)
    found = {p for p, t in typed_rows if truth.get(p) == t}
    prec = good / len(typed_rows) if typed_rows else 0.0
    rec = len(found) / len(truth) if truth else 0.0
    by_type["typed"] = {"precision": prec, "recall": rec, "f1": f1(prec, rec),
                        "rows": len(typed_rows), "true": len(truth), "found": len(found)}
    return by_type


def laundering_scores(instances: list[dict], alerts: list[dict], *,
                      benign: set[str] = frozenset(), cover: float = 0.5) -> dict[str, object]:
    """Instances: {typology, payment_ids}; alerts: {typology, transaction_ids}.

    An instance is found when alerts cover at least ``cover`` of its payments ("typed": only
    alerts of its family count). An alert is right when at least ``cover`` of its payments
    belong to laundering instances."""
    laundering = {t for i in instances for t in i["payment_ids"]}
    all_cover: set[str] = set()
    fam_cover: dict[str, set[str]] = {}
    for a in alerts:
        ids = set(a.get("transaction_ids") or [])
        all_cover |= ids
        fam_cover.setdefault(family(a["typology"]), set()).update(ids)
    per: dict[str, dict[str, int]] = {}
    for inst in instances:
        ids = set(inst["payment_ids"])
        row = per.setdefault(inst["typology"], {"instances": 0, "found": 0, "typed": 0})
        row["instances"] += 1
        if ids and len(ids & all_cover) >= cover * len(ids):
            row["found"] += 1
        if ids and len(ids & fam_cover.get(family(inst["typology"]), set())) >= cover * len(ids):
            row["typed"] += 1
    alert_rows: dict[str, dict[str, int]] = {}
    right = on_benign = 0
    for a in alerts:
        ids = set(a.get("transaction_ids") or [])
        ok = bool(ids) and len(ids & laundering) >= cover * len(ids)
        right += ok
        on_benign += bool(ids & benign)
        row = alert_rows.setdefault(a["typology"], {"alerts": 0, "right": 0})
        row["alerts"] += 1
        row["right"] += ok
    n = len(instances)
    found = sum(r["found"] for r in per.values())
    typed = sum(r["typed"] for r in per.values())
    return {"instance_recall": found / n if n else 0.0, "typed_recall": typed / n if n else 0.0,
            "alert_precision": right / len(alerts) if alerts else 0.0, "alerts": len(alerts),
            "alerts_touching_benign": on_benign, "instances": n, "per_typology": per,
            "per_alert_typology": alert_rows}


def asset_share(assets: list[dict], attributed: Mapping[str, set[str]]) -> dict[str, float]:
    """``assets``: {asset, value, owner_records}; ``attributed``: asset -> the source ids of
    the owner the tool names. Share of value whose named owner is the true one."""
    total = sum(a["value"] for a in assets)
    right = sum(a["value"] for a in assets if attributed.get(a["asset"], set()) & a["owner_records"])
    listed = sum(a["value"] for a in assets if a["asset"] in attributed)
    return {"share": right / total if total else 0.0, "value_total": total,
            "value_right": right, "value_listed": listed, "assets": len(assets),
            "right": sum(1 for a in assets if attributed.get(a["asset"], set()) & a["owner_records"])}


def top_k_hits(ranking: list[str], leaders: set[str], k: int) -> int:
    return len(leaders & set(ranking[:k]))


def majority(ids: Iterable[str], truth: Mapping[str, str]) -> str | None:
    """The true id most of ``ids`` stand for (None if none is known)."""
    votes = Counter(truth[i] for i in ids if i in truth)
    return votes.most_common(1)[0][0] if votes else None
