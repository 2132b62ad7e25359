"""Must show: on the demo world's ground truth, B-cubed F1 >= 0.95."""

from __future__ import annotations

import json
from dataclasses import replace

from offensief.demo.generator import generate
from offensief.ingest.manifest import read_manifest
from offensief.resolve import canonical, evaluation
from offensief.resolve.records import KINDS
from offensief.resolve.resolution import resolve
from offensief.store.duckstore import Store
from tests.resolve.conftest import FAST


def _truth(path):
    return {i: t["true_id"] for t in json.loads(path.read_text())
            for ids in t["source_ids"].values() for i in ids}


def test_demo_world_bcubed(tmp_path):
    out = tmp_path / "world"
    generate(seed=2, size="small", out=out)
    manifest = read_manifest(out / "datasets.json")
    store = Store.memory()
    for dataset in manifest.datasets:
        store.add_dataset(dataset)
    # People, companies and addresses only (straight to statements: this tests resolution,
    # not ingest); the payments CSV holds none of them.
    wanted = {s for kind in ("person", "organisation", "address") for s in KINDS[kind]}
    for item in manifest.files:
        if item.path.suffix == ".jsonl":
            evaluation.load_jsonl(store, dataset=item.dataset, path=item.path, schemata=wanted)
    every = tuple(d.name for d in manifest.datasets)
    resolve(store, options=replace(FAST, kinds=("person", "organisation"), unique_datasets=every))
    mapping = canonical.load_mapping(store)
    for name, minimum in (("persons", 0.95), ("companies", 0.95)):
        truth = _truth(out / "ground_truth" / f"{name}.json")
        scores = evaluation.bcubed({i: mapping[i] for i in truth}, truth)
        assert scores["f1"] >= minimum, (name, scores)
        assert scores["precision"] >= 0.98, (name, scores)
    store.close()
