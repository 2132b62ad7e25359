"""Which member of a criminal group is its head? The current rule against structural contrasts.

Reads workspaces that ``benchmarks/validity.py --work DIR`` left behind (``DIR/ws-blind`` with
``DIR/blind-world``, ``DIR/ws-third`` with ``DIR/third-world``), runs ``network roles`` on a
cache-less copy with the inputs of :func:`offensief.network.groups.group_heads` captured, and
counts, over the groups of the criminal network that hold a true head, how often each rule picks
him among the eligible members (docs/validity.md, twelfth round):

    .venv/bin/python benchmarks/head_rules.py /work/runs/ws-60223 /work/runs/ws-60301

Writes ``benchmarks/results/head-rules.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import igraph as ig
import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scoring.runner import PASSWORD
from scoring.truths import read_truth

import offensief.network.roles as roles_module
from offensief.network import groups as G


def captured_inputs(ws: Path) -> dict[str, Any]:
    """``network roles`` on a cache-less copy of ``ws``: the graph, evidence and standing that
    the kingpin rows hand to ``group_heads`` (the first call: the case's own partition)."""
    from offensief.cli.app import app

    seen: dict[str, Any] = {}
    original = roles_module.group_heads

    def capture(graph: ig.Graph, *, evidenced: Any, kingpin: Any, first_seed: int = 0) -> Any:
        seen.setdefault("inputs", (graph.copy(), np.asarray(evidenced, bool), np.asarray(kingpin, float)))
        return original(graph, evidenced=evidenced, kingpin=kingpin, first_seed=first_seed)

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "ws"
        shutil.copytree(ws, copy, ignore=shutil.ignore_patterns("cache"))
        os.environ["OFFENSIEF_WORKSPACE"] = str(copy)
        roles_module.group_heads = capture
        try:
            app(["network", "roles", "--json", str(Path(tmp) / "roles.json"), "--top", "30",
                 "--case", "1", "--as", "validator"], standalone_mode=False)
        finally:
            roles_module.group_heads = original
    graph, evidenced, kingpin = seen["inputs"]
    return {"graph": graph, "evidenced": evidenced, "kingpin": kingpin}


def _criminal_graph(graph: ig.Graph, evidenced: np.ndarray) -> ig.Graph:
    ends, weights = G._criminal_ties(graph, evidenced)  # both directions: keep one
    half = len(ends) // 2
    h = ig.Graph(n=graph.vcount(), edges=[tuple(e) for e in ends[:half]])
    h.es["weight"] = list(weights[:half])
    h.simplify(combine_edges="sum")
    return h


def _up_density(h: ig.Graph, degree: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    out = []
    for i in nodes.tolist():
        up = [j for j in h.neighbors(i) if degree[j] > degree[i]]
        out.append(h.induced_subgraph(up).density() if len(up) > 1 else 0.0)
    return np.asarray(out)


RULES: dict[str, Callable[[dict[str, np.ndarray], np.ndarray], np.ndarray]] = {
    "standing x upward share (current)": lambda f, m: f["standing"][m],
    "x (1 - Burt's constraint)": lambda f, m: f["standing"][m] * (1 - np.minimum(f["constraint"][m], 1)),
    "x (1 - half the up-contacts' density)": lambda f, m: f["standing"][m] * (1 - f["density"](m) / 2),
    "x (1 - the up-contacts' density)": lambda f, m: f["standing"][m] * (1 - f["density"](m)),
}


def heads_found(inputs: dict[str, Any], true_heads: set[int]) -> dict[str, Any]:
    graph, flag, kingpin = inputs["graph"], inputs["evidenced"], inputs["kingpin"]
    _, groups = G.group_heads(graph, evidenced=flag, kingpin=kingpin)
    upward, above, within, above_inside = G._upward(graph, evidenced=flag, groups=groups)
    standing = G.head_standing(kingpin, upward)
    h = _criminal_graph(graph, flag)
    degree = np.asarray(h.degree())
    f = {"standing": standing, "constraint": np.asarray(h.constraint(weights="weight")),
         "density": lambda m: _up_density(h, degree, m)}
    sizes = np.bincount(groups[groups >= 0], minlength=1)
    found = dict.fromkeys(RULES, 0)
    with_head = 0
    for g in np.flatnonzero(sizes >= G.MIN_CREW):
        if not any(int(groups[i]) == g for i in true_heads):
            continue
        with_head += 1
        eligible = np.flatnonzero((groups == g) & (kingpin > 0) & (standing > 0) & (above >= G.MIN_SPAN)
                                  & (above_inside <= G.max_span(int(sizes[g]))) & (within > G.HEAD_WITHIN))
        if len(eligible) == 0:
            continue
        for name, rule in RULES.items():
            value = rule(f, eligible)
            found[name] += int(eligible[np.lexsort((eligible, -value))[0]] in true_heads)
    return {"groups_with_a_true_head": with_head, "heads_found": found}


def true_heads(graph: ig.Graph, world: Path) -> set[int]:
    truth = read_truth(world)
    heads = set()
    for i, v in enumerate(graph.vs):
        ids = list(v["source_ids"] or []) + [v["name"]]
        votes = Counter(truth.persons[r] for r in ids if r in truth.persons)
        if votes and votes.most_common(1)[0][0] in truth.kingpins:
            heads.add(i)
    return heads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("work", nargs="+", type=Path, help="validity.py --work folders")
    parser.add_argument("--worlds", default="blind,third")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "head-rules.json")
    args = parser.parse_args()
    os.environ.setdefault("OFFENSIEF_PASSWORD", PASSWORD)
    rows = []
    for work in args.work:
        for name in args.worlds.split(","):
            inputs = captured_inputs(work / f"ws-{name}")
            result = heads_found(inputs, true_heads(inputs["graph"], work / f"{name}-world"))
            rows.append({"work": work.name, "world": name, **result})
            print(work.name, name, result, flush=True)
    total = {r: sum(row["heads_found"][r] for row in rows) for r in RULES}
    out = {"worlds": rows, "groups_with_a_true_head": sum(r["groups_with_a_true_head"] for r in rows),
           "heads_found": total}
    args.output.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out["heads_found"], indent=2), "of", out["groups_with_a_true_head"])


if __name__ == "__main__":
    main()
