"""Evaluation against the demo world's ground truth (``ground_truth/typologies.json`` and
``assets.json``, see docs/demo.md).

Matching rule, per typology: a planted instance is *found* when alerts of the same typology
together cover at least half of its payments; an alert is *correct* when at least half of its
payments belong to planted instances of its typology. Asset attribution: the share of the
planted criminal asset value whose reported beneficial owner is the true one (compared
through the ground truth's person source ids, so canonical ids are not needed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import orjson

from offensief.finance.typologies import TYPOLOGIES
from offensief.ingest import ingest_file
from offensief.model.dataset import Dataset
from offensief.store.duckstore import Store

MATCH = 0.5


def load_demo(store: Store, directory: Path, *, progress: Callable[[str], None] | None = None) -> None:
    """Register and load every dataset of a generated demo world."""
    spec = orjson.loads((directory / "datasets.json").read_bytes())
    for ds in spec["datasets"]:
        store.add_dataset(Dataset.create(
            name=ds["name"], partner=ds["partner"], regime=ds["regime"], purpose=ds["purpose"],
            collected_at=ds["collected_at"], retention=ds.get("retention"), title=ds.get("title", ""),
        ), replace=True)
        for f in ds["files"]:
            if progress is not None:
                progress(f["path"])
            mapping = directory / f["mapping"] if f.get("mapping") else None
            ingest_file(store, dataset=ds["name"], path=directory / f["path"], mapping=mapping)


def _truth(directory: Path, name: str) -> Any:
    return orjson.loads((directory / "ground_truth" / name).read_bytes())


def evaluate_alerts(alerts: Iterable[dict[str, Any]], directory: Path) -> dict[str, dict[str, Any]]:
    """Per typology: instances, found, alerts, correct, recall, precision."""
    truth = _truth(directory, "typologies.json")
    planted: dict[str, list[set[str]]] = defaultdict(list)
    for inst in truth:
        planted[inst["typology"]].append(set(inst["transaction_ids"]))
    raised: dict[str, list[set[str]]] = defaultdict(list)
    for alert in alerts:
        raised[alert["typology"]].append(set(alert["transaction_ids"]))
    table: dict[str, dict[str, Any]] = {}
    for typology in TYPOLOGIES:
        instances, got = planted.get(typology, []), raised.get(typology, [])
        covered = set().union(*got) if got else set()
        planted_tx = set().union(*instances) if instances else set()
        found = sum(1 for inst in instances if len(inst & covered) >= MATCH * len(inst))
        correct = sum(1 for a in got if len(a & planted_tx) >= MATCH * len(a))
        table[typology] = {
            "instances": len(instances), "found": found, "alerts": len(got), "correct": correct,
            "recall": round(found / len(instances), 3) if instances else None,
            "precision": round(correct / len(got), 3) if got else None,
        }
    return table


def evaluate_assets(assets: Iterable[dict[str, Any]], directory: Path) -> dict[str, Any]:
    """Share of criminal asset value attributed to the right beneficial owner."""
    persons = _truth(directory, "persons.json")
    source_to_true = {sid: p["true_id"] for p in persons
                      for ids in p.get("source_ids", {}).values() for sid in ids}
    reported: dict[str, set[str]] = defaultdict(set)
    for asset in assets:
        owners = {source_to_true.get(o, o) for o in _owner_ids(asset)}
        for sid in _source_ids(asset):
            reported[sid] |= owners
    total = right = 0.0
    per_kind: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for asset in _truth(directory, "assets.json"):
        value = float(asset.get("value") or 0.0)
        total += value
        per_kind[asset["kind"]][0] += value
        sids = [sid for ids in asset.get("source_ids", {}).values() for sid in ids]
        if any(asset["beneficial_owner"] in reported.get(sid, set()) for sid in sids):
            right += value
            per_kind[asset["kind"]][1] += value
    return {
        "criminal_value": round(total, 2), "attributed": round(right, 2),
        "share": round(right / total, 3) if total else None,
        "per_kind": {k: {"value": round(v[0], 2), "attributed": round(v[1], 2),
                         "share": round(v[1] / v[0], 3) if v[0] else None} for k, v in per_kind.items()},
    }


def _owner_ids(asset: dict[str, Any]) -> list[str]:
    owner = asset.get("beneficial_owner")
    return [str(owner), *asset.get("beneficial_owner_source_ids", [])] if owner else []


def _source_ids(asset: dict[str, Any]) -> list[str]:
    return [asset["asset_id"], *asset.get("source_ids", [])]
