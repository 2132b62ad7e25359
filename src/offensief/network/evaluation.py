"""Measure role rankings against a ground truth (the demo world's, or any labelled case).

The demo generator writes ``ground_truth/{persons,companies,groups,facilitators}.json``
(see the demo contract). :func:`demo_truth` reads what the network analysis is judged on;
:func:`role_report` computes kingpin recall within the top 2×(number of groups) and
precision / recall per facilitator type for the candidates whose score passes a threshold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from offensief.model.errors import InputError

FACILITATOR_TYPES = ("financial", "digital", "logistics")

#: Default score above which a facilitator candidate counts as flagged.
FLAG_THRESHOLD = 0.75


@dataclass(slots=True)
class Truth:
    """What really happened: kingpins per group, facilitators per type, source → true id."""

    kingpins: list[str]
    facilitators: dict[str, set[str]]
    canonical: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)


def _read(path: Path) -> Any:
    if not path.is_file():
        raise InputError("ground-truth file not found", file=str(path))
    return orjson.loads(path.read_bytes())


def demo_truth(directory: str | Path) -> Truth:
    """Read the demo world's ground truth (``DIR/ground_truth/*.json``)."""
    root = Path(directory) / "ground_truth"
    canonical: dict[str, str] = {}
    roles: dict[str, str] = {}
    for name in ("persons.json", "companies.json"):
        file = root / name
        if not file.is_file():
            continue
        for item in _read(file):
            for ids in item.get("source_ids", {}).values():
                for source_id in ids:
                    canonical[source_id] = item["true_id"]
            if "role" in item:
                roles[item["true_id"]] = item["role"]
    groups = _read(root / "groups.json")
    facilitators: dict[str, set[str]] = {t: set() for t in FACILITATOR_TYPES}
    for item in _read(root / "facilitators.json"):
        facilitators.setdefault(item["type"], set()).add(item["true_id"])
    return Truth(kingpins=[g["kingpin"] for g in groups], facilitators=facilitators,
                 canonical=canonical, roles=roles)


def recall_at(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """Share of ``relevant`` found among the first ``k`` of ``ranked``."""
    wanted = set(relevant)
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 1.0


def precision_recall(flagged: Iterable[str], relevant: Iterable[str]) -> dict[str, float]:
    """Precision and recall of a flagged set."""
    got, wanted = set(flagged), set(relevant)
    hits = len(got & wanted)
    return {"flagged": len(got), "true": len(wanted), "hits": hits,
            "precision": hits / len(got) if got else 0.0, "recall": hits / len(wanted) if wanted else 1.0}


def true_id(row: Mapping[str, Any], truth: Truth) -> str:
    """The true entity behind a result row: its id when the truth knows it, else the most
    common true id of its source records (for canonical ids from real entity resolution)."""
    rid = str(row["id"])
    if rid in truth.roles or not truth.canonical:
        return rid
    votes = Counter(truth.canonical[s] for s in row.get("source_ids", []) if s in truth.canonical)
    return votes.most_common(1)[0][0] if votes else rid


def role_report(rows: Sequence[Mapping[str, Any]], truth: Truth, *, threshold: float = FLAG_THRESHOLD) -> dict[str, Any]:
    """Kingpin recall@2×groups and facilitator precision / recall per type.

    A facilitator row counts as flagged by its ``flagged`` field (it meets the role's definition,
    see :func:`offensief.network.roles.meets_definition`); rows without it by ``threshold``."""
    def ranked(role: str) -> list[str]:
        items = sorted((r for r in rows if r["role"] == role), key=lambda r: r["rank"])
        return [true_id(r, truth) for r in items]

    kingpins = ranked("kingpin")
    k = 2 * len(truth.kingpins)
    report: dict[str, Any] = {
        "kingpin": {"k": k, "recall_at_k": recall_at(kingpins, truth.kingpins, k),
                    "ranks": {kp: (kingpins.index(kp) + 1 if kp in kingpins else None) for kp in truth.kingpins}},
        "facilitators": {}, "threshold": threshold,
    }
    for kind in FACILITATOR_TYPES:
        flagged = [true_id(r, truth) for r in rows if r["role"] == f"{kind}_facilitator"
                   and r.get("flagged", r["score"] >= threshold)]
        report["facilitators"][kind] = precision_recall(flagged, truth.facilitators.get(kind, set()))
    return report


def held_out(features: Mapping[str, Any], labels: Sequence[str], *, share: float = 0.2, draws: int = 5,
             seed: int = 0) -> dict[str, dict[str, float | int]]:
    """Roles from labels, judged on the persons nobody labelled: ``share`` of the persons drawn
    at random (``draws`` seeded draws) keep their true label (``labels``: one per node, a role
    name or ``not_involved``), a model is learned per role with enough labels
    (:func:`offensief.network.learning.learn_roles`) and scored on the rest — held-out AUC of the
    calibrated probability and F1 of the model's cut. Per role: means over the draws in which
    the role was learned, and in how many it was."""
    import numpy as np
    from sklearn.metrics import f1_score, roc_auc_score

    from offensief.network.learning import learn_roles

    n = len(labels)
    runs: dict[str, list[tuple[float, float]]] = {}
    for draw in range(draws):
        known = np.random.default_rng(seed + draw).choice(n, size=max(1, round(n * share)), replace=False)
        learned = learn_roles(features, {int(i): labels[int(i)] for i in known})
        rest = np.setdiff1d(np.arange(n), known)
        for role, model in learned.models.items():
            truth = np.array([labels[i] == role for i in rest])
            if truth.any() and not truth.all():
                runs.setdefault(role, []).append((float(roc_auc_score(truth, model.probabilities[rest])),
                                                  float(f1_score(truth, model.predicted()[rest]))))
    return {role: {"draws": len(r), "auc": round(float(np.mean([x[0] for x in r])), 3),
                   "f1": round(float(np.mean([x[1] for x in r])), 3),
                   "true": sum(1 for x in labels if x == role)} for role, r in sorted(runs.items())}
