"""The plan on the demo world: kingpins and a shared facilitator on top; capacity per strategy.

The world comes from the demo generator; the analysts' knowledge of roles, process steps
and groups is taken from its ground truth (as an annotation file would give it), and
persons are merged by their true identity (standing in for entity resolution).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offensief.demo.generator import generate
from offensief.disrupt.case import case_network
from offensief.disrupt.plan import PlanOptions, make_plan
from offensief.ingest.loader import ingest_file
from offensief.ingest.manifest import read_manifest
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

pytestmark = pytest.mark.slow


def truth(out: Path, name: str) -> list[dict]:
    return json.loads((out / "ground_truth" / f"{name}.json").read_text())


def analyst_view(out: Path) -> tuple[dict[str, str], dict[str, dict]]:
    """Canonical mapping (source id -> true id) and annotations per true id."""
    canonical: dict[str, str] = {}
    notes: dict[str, dict] = {}
    for person in truth(out, "persons"):
        for ids in person["source_ids"].values():
            for source in ids:
                canonical[source] = person["true_id"]
        notes[person["true_id"]] = {"role": person["role"], "group": person["group"],
                                    "step": person["process_step"],
                                    "facilitator_type": person["facilitator_type"]}
    for company in truth(out, "companies"):
        for ids in company.get("source_ids", {}).values():
            for source in ids:
                canonical[source] = company["true_id"]
    return canonical, notes


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "world"
    generate(seed=7, size="small", out=out)
    ws = Workspace.init(out.parent / "ws")
    manifest = read_manifest(out / "datasets.json")
    canonical, notes = analyst_view(out)
    with Store.open(ws) as store:
        for dataset in manifest.datasets:
            store.add_dataset(dataset)
        for item in manifest.files:
            ingest_file(store, dataset=item.dataset, path=item.path, mapping=item.mapping)
        graph = case_network(store, canonical=canonical, annotations=notes, detect_roles=False)
    plan = make_plan(graph, options=PlanOptions(size=16, runs=20, seed=1))
    return out, graph, plan


def test_top_targets_include_the_kingpins_and_a_shared_facilitator(world):
    out, _, plan = world
    kingpins = {g["kingpin"] for g in truth(out, "groups")}
    shared = {f["true_id"] for f in truth(out, "facilitators") if len(f["groups"]) >= 2}
    top = [t["id"] for t in plan["targets"][:len(kingpins) + 3]]
    assert kingpins <= set(top)
    assert shared & set(top)
    for target in plan["targets"]:
        assert target["partner"] and target["instrument"] and target["step_label"]


def test_post_recovery_capacity_per_strategy_and_the_plan_beats_them(world):
    _, _, plan = world
    rows = {row["strategy"]: row for row in plan["strategies"]}
    assert {"kingpins", "facilitators", "degree", "betweenness", "random"} <= set(rows)
    start = rows["random"]["start"]
    assert start > 0
    for row in rows.values():
        assert row["metric"] == "capacity" and row["start"] == start
        assert 0 <= row["after_recovery"]["p05"] <= row["after_recovery"]["mean"] <= start
    # the package also takes out the scarcest process step of every group: after recovery it
    # leaves less capacity than any single strategy with as many removals
    package = plan["package"]["effect"]["capacity"]
    assert package["immediate"] > 0 and package["band"][0] <= package["recovered"]
    best_strategy = max(row["effect"]["recovered"] for row in rows.values())
    assert package["recovered"] > best_strategy
