"""The demo world, end to end: generate, ingest, graph, roles, judged on the ground truth.

Entity resolution is replaced by the ground truth's own source → true id mapping (an oracle),
so this measures the network analysis alone; the case scope is the police's persons plus
their direct communication / known ties.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from offensief.demo.generator import generate
from offensief.ingest import ingest_file
from offensief.model.dataset import Dataset
from offensief.network.evaluation import demo_truth, precision_recall, recall_at, role_report
from offensief.network.graph import entity_graph, focus, person_projection
from offensief.network.roles import analyse_roles
from offensief.network.scope import network_scope
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

FIELDS = ("name", "partner", "regime", "purpose", "collected_at", "retention", "title")


def load_demo(out: Path, ws_dir: Path) -> Workspace:
    ws = Workspace.init(ws_dir)
    manifest = orjson.loads((out / "datasets.json").read_bytes())
    with Store.open(ws) as store:
        for d in manifest["datasets"]:
            store.add_dataset(Dataset.create(**{k: d[k] for k in FIELDS}))
            for f in d["files"]:
                mapping = out / f["mapping"] if f["mapping"] else None
                ingest_file(store, dataset=d["name"], path=out / f["path"], mapping=mapping, fmt=f["format"])
    return ws


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("demo")
    generate(seed=7, size="small", out=root / "world")
    ws = load_demo(root / "world", root / "ws")
    truth = demo_truth(root / "world")
    with Store.open(ws, read_only=True) as store:
        eg = entity_graph(store, canonical=truth.canonical)
    case = focus(person_projection(eg), datasets=["politie-bvh"])
    result = analyse_roles(case, entity_graph=eg, top=50, seeds=3)
    return {"truth": truth, "result": result, "entity_graph": eg, "case": case}


def test_kingpin_recall_within_twice_the_groups(demo: dict) -> None:
    report = role_report(demo["result"]["roles"], demo["truth"])
    assert report["kingpin"]["recall_at_k"] >= 0.8, report["kingpin"]


def test_facilitators_precision_and_recall_reported_per_type(demo: dict) -> None:
    report = role_report(demo["result"]["roles"], demo["truth"])
    for kind, numbers in report["facilitators"].items():
        assert set(numbers) >= {"precision", "recall", "flagged", "true"}, kind
    assert report["facilitators"]["financial"]["precision"] >= 0.5
    assert report["facilitators"]["financial"]["recall"] >= 0.5


def test_every_candidate_traces_to_source_records(demo: dict) -> None:
    for row in demo["result"]["roles"][:20]:
        assert row["source_ids"] and all(not s.startswith("person-") for s in row["source_ids"])


def test_case_scope_level(demo: dict) -> None:
    assert network_scope(demo["case"], demo["entity_graph"])["level"] == "international"


def test_rows_with_canonical_ids_map_to_the_truth(demo: dict) -> None:
    truth = demo["truth"]
    kingpin = truth.kingpins[0]
    sources = [s for s, t in truth.canonical.items() if t == kingpin]
    row = {"id": "c-123", "source_ids": sources, "role": "kingpin", "rank": 1, "score": 1.0}
    assert role_report([row], truth)["kingpin"]["ranks"][kingpin] == 1


def test_metric_helpers() -> None:
    assert recall_at(["a", "b", "c"], ["c", "d"], 3) == 0.5
    assert precision_recall(["a", "b"], ["b"]) == {"flagged": 2, "true": 1, "hits": 1,
                                                   "precision": 0.5, "recall": 1.0}


#: Held-out persons of a role needed to measure its recovery at all: with 5 kingpins in the
#: world, a draw that labels 3 leaves 2, and one miss moves F1 by 0.5.
MEASURABLE = 5


def test_roles_learned_from_a_fifth_of_the_labels(demo: dict) -> None:
    """20 % of the persons labelled (seeded): the other 80 % recovered, per learned role."""
    import numpy as np
    from sklearn.metrics import f1_score, roc_auc_score

    from offensief.network.communities import leiden
    from offensief.network.learning import NOT_INVOLVED, learn_roles
    from offensief.network.roles import role_features

    truth, case = demo["truth"], demo["case"]
    kinds = {p: k for k, people in truth.facilitators.items() for p in people}
    names = case.vs["name"]
    label = [(f"{kinds.get(n, 'financial')}_facilitator" if truth.roles.get(n) == "facilitator"
              else truth.roles.get(n, NOT_INVOLVED).replace("background", NOT_INVOLVED)) for n in names]
    features, _ = role_features(case, entity_graph=demo["entity_graph"],
                                membership=leiden(case, seeds=1).membership)
    # Five seeded draws of the labelled fifth: one draw of ~20 money mules in 1,700 persons
    # swings the held-out F1 by +-0.2, so the claim is about the expected recovery.
    scores: dict[str, list[tuple[float, float]]] = {}
    for draw in range(5):
        known = set(np.random.default_rng(draw).choice(len(names), size=len(names) // 5, replace=False).tolist())
        learned = learn_roles(features, {i: label[i] for i in known})
        rest = [i for i in range(len(names)) if i not in known]
        assert "worker" in learned.models  # a role with too few labels in a draw keeps its prior
        for role, model in learned.models.items():
            truth_rest = np.array([label[i] == role for i in rest])
            if truth_rest.sum() < MEASURABLE:  # an F1 over one or two held-out persons is noise
                continue
            scores.setdefault(role, []).append((roc_auc_score(truth_rest, model.probabilities[rest]),
                                                f1_score(truth_rest, model.predicted()[rest])))
    assert len(scores.get("money_mule", [])) >= 3, scores.keys()
    for role, runs in scores.items():
        auc, f1 = (float(np.mean([r[i] for r in runs])) for i in (0, 1))
        assert min(r[0] for r in runs) >= 0.85 and auc >= 0.9 and f1 >= 0.5, (role, runs)
