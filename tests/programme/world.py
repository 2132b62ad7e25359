"""The demo world after its interventions: generated, loaded, planned, carried out, measured.

Roles and groups come from the ground truth (as the analysts' annotations would give them)
and persons are merged by their true identity (standing in for entity resolution).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from offensief.cases.seed import DEMO_CASE, seed_demo
from offensief.casework import scenario
from offensief.db.engine import open_workspace_database
from offensief.demo.generator import generate
from offensief.disrupt.case import case_network
from offensief.disrupt.plan import PlanOptions, make_plan
from offensief.ingest.loader import ingest_file
from offensief.ingest.manifest import read_manifest
from offensief.resolve.canonical import replace
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace


def analyst_view(out: Path) -> tuple[dict[str, str], dict[str, dict]]:
    persons = json.loads((out / "ground_truth" / "persons.json").read_text())
    canonical, notes = {}, {}
    for person in persons:
        for ids in person["source_ids"].values():
            for source in ids:
                canonical[source] = person["true_id"]
        notes[person["true_id"]] = {"role": person["role"], "group": person["group"],
                                    "step": person["process_step"],
                                    "facilitator_type": person["facilitator_type"]}
    return canonical, notes


def resolved(store: Store, canonical: dict[str, str]) -> None:
    """Write the truth as entity resolution's result, so the store maps source ids to the
    canonical ids the plan and the interventions use (as after `offensief resolve`)."""
    rows = pd.DataFrame([{"entity_id": source, "canonical_id": true, "kind": "person",
                          "schema": "Person", "probability": 1.0, "run_id": "truth"}
                         for source, true in sorted(canonical.items())])
    replace(store.con, "person", rows)


def build(root: Path) -> tuple[Workspace, scenario.Outcome]:
    """About a minute and a half on the 2-core machine (plan 24 targets, 2 x 60 recoveries)."""
    out = root / "world"
    generate(seed=7, size="small", out=out)
    ws = Workspace.init(root / "ws")
    canonical, notes = analyst_view(out)
    database = open_workspace_database(ws)
    try:
        with Store.open(ws) as store, database.session() as session:
            manifest = read_manifest(out / "datasets.json")
            for dataset in manifest.datasets:
                store.add_dataset(dataset)
            for item in manifest.files:
                ingest_file(store, dataset=item.dataset, path=item.path, mapping=item.mapping)
            resolved(store, canonical)
            seed_demo(session, store)
            session.commit()
            before = case_network(store, canonical=canonical, annotations=notes,
                                  detect_roles=False)
            plan = make_plan(before, options=PlanOptions(size=24, runs=20, seed=1))
            outcome = scenario.run(session, store, ws, case=DEMO_CASE, before=before,
                                   targets=plan["targets"], folder=root / "later", runs=60)
    finally:
        database.dispose()
    return ws, outcome
