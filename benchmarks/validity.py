"""Validity: do the findings hold on data nobody here wrote? (issue 13)

    .venv/bin/python benchmarks/validity.py                     # blind + third world (small) + demo + real networks
    .venv/bin/python benchmarks/validity.py --size full --worlds blind,demo
    .venv/bin/python benchmarks/validity.py --worlds networks   # only the real networks
    .venv/bin/python benchmarks/validity.py --worlds third      # only the third world

For each world: generate it (the blind generator in ``benchmarks/blindworld``, the third in
``benchmarks/thirdworld``, or ``offensief demo generate``), load it through the documented CLI
into a fresh workspace
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
from thirdworld import generate as generate_third

RESULTS = HERE / "results" / "validity.json"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run_world(name: str, folder: Path, work: Path, *, top: int, rescore: bool = False) -> dict:
    """Load ``folder`` (a generated world) through the CLI and score every analysis; with
    ``rescore``, score the outputs of an earlier run in ``work`` again instead."""
    truth = read_truth(folder)
    runner = Runner(work / f"ws-{name}", log=log)
    out = work / f"out-{name}"
    loaded: dict = {}
    if not rescore:
        log(f"[{name}] loading {folder}")
        loaded = runner.init(folder / "datasets.json")
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
            path = out / f"{key}.json"
            data = (json.loads(path.read_text(encoding="utf-8")) if rescore
                    else runner.analysis(command, path, *extra))
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
    worlds = [w for w in ("blind", "third", "demo") if w in results["worlds"]]
    lines = ["| measure | " + " | ".join(worlds) + " | target |",
             "|---|" + "---|" * len(worlds) + "---|"]

    def cell(w: str, path: tuple, fmt: str = "{:.3f}") -> str:
        node = results["worlds"][w]
        for p in path:
            if not isinstance(node, dict) or p not in node:
                return "error" if isinstance(node, dict) and "error" in node else "—"
            node = node[p]
        if isinstance(node, list):
            return str(node) if node else "none in the list"
        return fmt.format(node) if isinstance(node, (int, float)) else str(node)

    rows = [("resolution persons B-cubed F1", ("resolution", "persons", "f1"), "≥ 0.95"),
            ("resolution persons B-cubed precision", ("resolution", "persons", "precision"), "≥ 0.99"),
            ("resolution persons B-cubed recall", ("resolution", "persons", "recall"), ""),
            ("kingpins within top 2 × groups", ("roles", "kingpins_top_2x_groups", "recall"), "≥ 0.8"),
            ("  positions of true kingpins among kingpin rows", ("roles", "kingpin_positions"), ""),
            ("facilitators (typed) F1", ("roles", "facilitators", "typed", "f1"), "≥ 0.7"),
            ("facilitators (any type) P", ("roles", "facilitators", "any_type", "precision"), ""),
            ("facilitators (any type) R", ("roles", "facilitators", "any_type", "recall"), ""),
            ("facilitators R-precision financial", ("roles", "facilitators_r_precision", "financial", "r_precision"), ""),
            ("facilitators R-precision digital", ("roles", "facilitators_r_precision", "digital", "r_precision"), ""),
            ("facilitators R-precision logistics", ("roles", "facilitators_r_precision", "logistics", "r_precision"), ""),
            ("laundering instance recall (any alert)", ("laundering", "instance_recall"), "≥ 0.9"),
            ("laundering instance recall (right typology)", ("laundering", "typed_recall"), "≥ 0.9"),
            ("alert precision", ("laundering", "alert_precision"), "≥ 0.8"),
            ("asset value to true owner", ("assets", "tool", "share"), "≥ 0.8"),
            ("  plain register walk", ("assets", "register_walk", "share"), "")]
    for label, path, target in rows:
        lines.append(f"| {label} | " + " | ".join(cell(w, path) for w in worlds) + f" | {target} |")
    nets = results.get("networks", {})
    if nets:
        header = "| real network | measure | tool (kingpin candidates) | plain degree | plain betweenness |"
        lines += ["", header, "|---|---|---|---|---|"]
    for name, entry in nets.items():
        if name.startswith("anastasiadis"):
            equal = sum(v["equal"] for v in entry.values())
            steps = sum(v["steps"] for v in entry.values())
            lines.append(f"| CAVIAR | S1 LCC steps equal to the paper (9 strategies) | "
                         f"{equal}/{steps} | | |")
            continue
        k = len(entry["leaders"])
        for kk in (k, 10):
            t = entry[f"top{kk}"]
            lines.append(f"| {name} | leaders among the top {kk} | {t['tool_kingpins']} of {k} | "
                         f"{t['degree']} of {k} | {t['betweenness']} of {k} |")
        pos = entry["positions"]
        lines.append(f"| {name} | positions of {', '.join(pos['degree'])} | "
                     + " | ".join(str(list(pos[m].values()))
                                  for m in ("tool_kingpins", "degree", "betweenness")) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size", choices=("small", "full"), default="small")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--demo-size", choices=("small", "medium", "large"), default="small")
    ap.add_argument("--worlds", default="blind,third,demo,networks",
                    help="comma-separated: blind, third, demo, networks")
    ap.add_argument("--work", type=Path, default=None, help="keep workspaces here")
    ap.add_argument("--output", type=Path, default=RESULTS)
    ap.add_argument("--rescore", action="store_true",
                    help="score the outputs already in --work again (no generation, no CLI)")
    args = ap.parse_args(argv)
    chosen = set(args.worlds.split(","))
    work = args.work or Path(tempfile.mkdtemp(prefix="validity-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"size": args.size, "demo_size": args.demo_size, "seed": args.seed, "worlds": {}, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    start = time.perf_counter()
    if "blind" in chosen:
        folder = work / "blind-world"
        if not args.rescore:
            results["generate_blind"] = generate_blind(folder, seed=args.seed, size=args.size)
        results["worlds"]["blind"] = run_world("blind", folder, work, top=30, rescore=args.rescore)
    if "third" in chosen:
        folder = work / "third-world"
        if not args.rescore:
            results["generate_third"] = generate_third(folder, seed=args.seed, size=args.size)
        results["worlds"]["third"] = run_world("third", folder, work, top=30, rescore=args.rescore)
    if "demo" in chosen:
        folder = work / "demo-world"
        if not args.rescore:
            Runner(work / "unused").run("demo", "generate", "--seed", str(args.seed), "--size",
                                        args.demo_size, "--out", str(folder))
        results["worlds"]["demo"] = run_world("demo", folder, work, top=30, rescore=args.rescore)
    if "networks" in chosen:
        results["networks"] = run_networks(work)
    if args.rescore and args.output.exists():  # keep what only the original run measured
        before = json.loads(args.output.read_text(encoding="utf-8"))
        for key in ("generate_blind", "generate_third", "seconds", "started", "networks"):
            if key in before and (key != "networks" or "networks" not in chosen):
                results[key] = before[key]
        for name, entry in results["worlds"].items():
            old = before.get("worlds", {}).get(name, {})
            entry["loaded_records"] = old.get("loaded_records", {})
            entry["seconds"] = old.get("seconds", {})
        results["rescored"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    else:
        results["seconds"] = round(time.perf_counter() - start, 1)
    results["table"] = table(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1, sort_keys=True, default=str), encoding="utf-8")
    print(results["table"])
    log(f"wrote {args.output} ({results['seconds']} s; work folder {work})")


if __name__ == "__main__":
    main()
