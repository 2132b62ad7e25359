"""Validity: do the findings hold on data nobody here wrote? (issue 13)

    .venv/bin/python benchmarks/validity.py                     # blind world (small) + demo + real networks
    .venv/bin/python benchmarks/validity.py --size full --worlds blind,demo
    .venv/bin/python benchmarks/validity.py --worlds networks   # only the real networks

For each world: generate it (the blind generator in ``benchmarks/blindworld``, or
``offensief demo generate``), load it through the documented CLI into a fresh workspace
(datasets, ingest, a user and a case), run ``resolve``, ``network roles``, ``finance alerts``,
``finance assets`` with ``--json`` and score them against the world's truth. The real
networks go through ``network roles FILE`` and ``disrupt simulate FILE``. Writes
``benchmarks/results/validity.json`` and prints a side-by-side table.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from blindworld import generate as generate_blind
from scoring import networks
from scoring import world as score
from scoring.measures import top_k_hits
from scoring.runner import CliError, Runner
from scoring.truths import read_truth

RESULTS = HERE / "results" / "validity.json"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run_world(name: str, folder: Path, work: Path, *, top: int) -> dict:
    """Load ``folder`` (a generated world) through the CLI and score every analysis."""
    truth = read_truth(folder)
    runner = Runner(work / f"ws-{name}", log=log)
    log(f"[{name}] loading {folder}")
    loaded = runner.init(folder / "datasets.json")
    out = work / f"out-{name}"
    out.mkdir(exist_ok=True)
    result: dict = {"world": name, "counts": truth.counts, "loaded_records": loaded}
    steps = (
        ("resolution", ("resolve",), (), lambda d: score.resolution(truth, d)),
        ("roles", ("network", "roles"), ("--top", str(top)), lambda d: score.roles(truth, d)),
        ("laundering", ("finance", "alerts"), (), lambda d: score.laundering(truth, d)),
        ("assets", ("finance", "assets"), (),
         lambda d: score.assets(truth, d, folder / "sources")),
    )
    for key, command, extra, scorer in steps:
        log(f"[{name}] {' '.join(command)}")
        try:
            data = runner.analysis(command, out / f"{key}.json", *extra)
            result[key] = scorer(data)
        except (CliError, ValueError, KeyError, TypeError) as exc:  # a finding, not the end
            result[key] = {"error": str(exc)[-1200:]}
    result["seconds"] = runner.timings
    return result


def run_networks(work: Path) -> dict:
    runner = Runner(work / "ws-networks", log=log)
    result = {}
    sets = {"caviar": (networks.adjacency_edges(networks.DATA / "caviar/aggregate/morselli_caviar.csv"),
                       networks.CAVIAR_LEADERS),
            "noordin_top": (networks.noordin_edges(), networks.NOORDIN_LEADERS)}
    for name, (edges, leaders) in sets.items():
        path = networks.write_edgelist(edges, work / f"{name}-edges.csv")
        rows = runner.on_file(("network", "roles"), path, work / f"{name}-roles.json", "--top", "30")
        ranking = networks.kingpin_ranking(rows)
        plain = networks.plain_rankings(edges)
        entry = {"leaders": sorted(leaders), "edges": len(edges)}
        for k in (len(leaders), 10):
            entry[f"top{k}"] = {"tool_kingpins": top_k_hits(ranking, leaders, k),
                                **{m: top_k_hits(r, leaders, k) for m, r in plain.items()}}
        entry["tool_top10"] = ranking[:10]
        entry["positions"] = {m: {n: (r.index(n) + 1 if n in r else None) for n in sorted(leaders)}
                              for m, r in {"tool_kingpins": ranking, **plain}.items()}
        result[name] = entry
    caviar = networks.DATA / "caviar"
    strategies = [a for s in networks.S1_STRATEGIES.values() for a in ("-s", s)]
    sim = runner.on_file(("disrupt", "simulate"), caviar / "aggregate/morselli_caviar.csv",
                         work / "s1.json", "--conventions", "anastasiadis2024", *strategies)
    result["anastasiadis2024_s1"] = networks.s1_matches(
        sim["runs"], caviar / "published_results_anastasiadis2024/derived_S1_LCC.csv")
    return result


def table(results: dict) -> str:
    """The side-by-side table (Markdown)."""
    worlds = [w for w in ("blind", "demo") if w in results["worlds"]]
    lines = ["| measure | " + " | ".join(worlds) + " | target |",
             "|---|" + "---|" * len(worlds) + "---|"]

    def cell(w: str, path: tuple, fmt: str = "{:.3f}") -> str:
        node = results["worlds"][w]
        for p in path:
            if not isinstance(node, dict) or p not in node:
                return "error" if isinstance(node, dict) and "error" in node else "—"
            node = node[p]
        return fmt.format(node) if isinstance(node, (int, float)) else str(node)

    rows = [("resolution persons B-cubed F1 (P / R)", ("resolution", "persons", "f1"), "≥ 0.95"),
            ("resolution persons B-cubed precision", ("resolution", "persons", "precision"), "≥ 0.99"),
            ("resolution persons B-cubed recall", ("resolution", "persons", "recall"), ""),
            ("kingpins within top 2 × groups", ("roles", "kingpins_top_2x_groups", "recall"), "≥ 0.8"),
            ("facilitators (typed) F1", ("roles", "facilitators", "typed", "f1"), "≥ 0.7"),
            ("facilitators (any type) P", ("roles", "facilitators", "any_type", "precision"), ""),
            ("facilitators (any type) R", ("roles", "facilitators", "any_type", "recall"), ""),
            ("laundering instance recall (any alert)", ("laundering", "instance_recall"), "≥ 0.9"),
            ("laundering instance recall (right typology)", ("laundering", "typed_recall"), "≥ 0.9"),
            ("alert precision", ("laundering", "alert_precision"), "≥ 0.8"),
            ("asset value to true owner", ("assets", "tool", "share"), "≥ 0.8"),
            ("  plain register walk", ("assets", "register_walk", "share"), "")]
    for label, path, target in rows:
        lines.append(f"| {label} | " + " | ".join(cell(w, path) for w in worlds) + f" | {target} |")
    for name, entry in results.get("networks", {}).items():
        if name.startswith("anastasiadis"):
            equal = sum(v["equal"] for v in entry.values())
            steps = sum(v["steps"] for v in entry.values())
            lines.append(f"| CAVIAR S1 LCC steps equal to the paper | {equal}/{steps} | | all |")
            continue
        k = len(entry["leaders"])
        for kk in (k, 10):
            t = entry[f"top{kk}"]
            lines.append(f"| {name}: leaders among top-{kk} (tool / degree / betweenness) | "
                         f"{t['tool_kingpins']} / {t['degree']} / {t['betweenness']} of {k} | | "
                         "beat both |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size", choices=("small", "full"), default="small")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--demo-size", choices=("small", "medium", "large"), default="small")
    ap.add_argument("--worlds", default="blind,demo,networks")
    ap.add_argument("--work", type=Path, default=None, help="keep workspaces here")
    ap.add_argument("--output", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    chosen = set(args.worlds.split(","))
    work = args.work or Path(tempfile.mkdtemp(prefix="validity-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"size": args.size, "demo_size": args.demo_size, "seed": args.seed, "worlds": {}, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    start = time.perf_counter()
    if "blind" in chosen:
        folder = work / "blind-world"
        results["generate_blind"] = generate_blind(folder, seed=args.seed, size=args.size)
        results["worlds"]["blind"] = run_world("blind", folder, work, top=30)
    if "demo" in chosen:
        folder = work / "demo-world"
        Runner(work / "unused").run("demo", "generate", "--seed", str(args.seed), "--size",
                                    args.demo_size, "--out", str(folder))
        results["worlds"]["demo"] = run_world("demo", folder, work, top=30)
    if "networks" in chosen:
        results["networks"] = run_networks(work)
    results["seconds"] = round(time.perf_counter() - start, 1)
    results["table"] = table(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1, sort_keys=True, default=str), encoding="utf-8")
    print(results["table"])
    log(f"wrote {args.output} ({results['seconds']} s; work folder {work})")


if __name__ == "__main__":
    main()
