"""Roles from labels on a world loaded by ``benchmarks/validity.py --work DIR`` (issue 13):
20 % of the persons keep their true role, the rest is recovered; held-out AUC and F1 per role.

    PYTHONPATH=src:benchmarks .venv/bin/python benchmarks/roles_learning.py DIR/blind-world DIR/ws-blind

The truth file serves only as labels (a cross-validated check): nothing here tunes a prior.
The person network is the one ``network roles`` analyses on the store (the workspace's entity
resolution, the whole population); a node's true person is the majority of its source records.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from scoring.truths import read_truth

from offensief.network.communities import leiden
from offensief.network.evaluation import held_out
from offensief.network.graph import entity_graph, person_projection
from offensief.network.learning import NOT_INVOLVED
from offensief.network.roles import role_features
from offensief.resolve.canonical import load_mapping
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace


def true_roles(folder: Path) -> dict[str, str]:
    """True id -> role label (``<type>_facilitator``; background -> not_involved)."""
    blind = folder / "truth" / "truth.json"
    if blind.exists():
        people = json.loads(blind.read_text(encoding="utf-8"))["persons"]
        return {pid: (f"{p['facilitator_type']}_facilitator" if p["role"] == "facilitator" else p["role"])
                for pid, p in people.items()}
    items = json.loads((folder / "ground_truth" / "persons.json").read_text(encoding="utf-8"))
    kinds = {f["true_id"]: f["type"] for f in
             json.loads((folder / "ground_truth" / "facilitators.json").read_text(encoding="utf-8"))}
    return {p["true_id"]: (f"{kinds.get(p['true_id'], 'financial')}_facilitator" if p.get("role") == "facilitator"
                           else p.get("role", "background")) for p in items}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("world", type=Path)
    ap.add_argument("workspace", type=Path)
    ap.add_argument("--share", type=float, default=0.2)
    ap.add_argument("--draws", type=int, default=5)
    args = ap.parse_args()
    truth = read_truth(args.world)
    roles = true_roles(args.world)
    with Store.open(Workspace.open(args.workspace), read_only=True) as store:
        eg = entity_graph(store, canonical=dict(load_mapping(store)) or None)
    people = person_projection(eg)
    labels = []
    for sources in people.vs["source_ids"]:
        votes = Counter(truth.persons[s] for s in sources if s in truth.persons)
        role = roles.get(votes.most_common(1)[0][0], "background") if votes else "background"
        labels.append(NOT_INVOLVED if role == "background" else role)
    features, _ = role_features(people, entity_graph=eg, membership=leiden(people, seeds=1).membership)
    result = {"persons": len(labels), "share": args.share, "draws": args.draws,
              "roles": held_out(features, labels, share=args.share, draws=args.draws)}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
