"""Real networks with published leaders, and a published disruption table.

- CAVIAR (Morselli 2009): the police named N1 Daniel Serero the mastermind, N3 Pierre Perlini
  his principal lieutenant and N12 Ernesto Morales the organiser of the cocaine import
  (``roles_mitx_description.csv``).
- Noordin Top network (Roberts & Everton 2011, from the International Crisis Group reports):
  Noordin Mohammed Top led it; Azhari Husin was its co-leader and bomb maker until 2005.
  Communications, meetings, operations and logistics layers summed into one weighted network.
- Anastasiadis & Antoniou 2024, table S1: largest strongly connected component of the
  directed CAVIAR aggregate after each sequential removal, per strategy.

The tool's kingpin ranking (``offensief network roles FILE``) is compared with plain degree
and plain betweenness (networkx, unweighted, undirected) on the same edge list.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import networkx as nx

DATA = Path("/work/shared/data/networks")
CAVIAR_LEADERS = {"1", "3", "12"}
NOORDIN_LEADERS = {"Noordin Mohammed Top", "Azhari Husin"}
NOORDIN_LAYERS = ("COMMUNICATIONS", "MEETINGS", "OPERATIONS", "LOGISTICS")
S1_STRATEGIES = {"In_Katz": "in-katz", "Out_Katz": "out-katz", "In_Harmonic": "in-harmonic",
                 "Out_Harmonic": "out-harmonic", "Betweenness": "betweenness",
                 "In_Degree": "in-degree", "Out_Degree": "out-degree",
                 "In_Strength": "in-strength", "Out_Strength": "out-strength"}


def adjacency_edges(path: Path) -> list[tuple[str, str, float]]:
    """Arcs of a square adjacency CSV (BOM and empty first header cell tolerated)."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    rows = list(csv.reader(text.splitlines()))
    header = [h.strip() for h in rows[0][1:]]
    edges = []
    for row in rows[1:]:
        if not row:
            continue
        src = row[0].strip()
        for dst, cell in zip(header, row[1:]):
            value = float(cell or 0)
            if value and src != dst:
                edges.append((src, dst, value))
    return edges


def write_edgelist(edges: list[tuple[str, str, float]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["source", "target", "weight"])
        out.writerows((a, b, f"{w:g}") for a, b, w in edges)
    return path


def noordin_edges(root: Path = DATA) -> list[tuple[str, str, float]]:
    total: dict[tuple[str, str], float] = defaultdict(float)
    for layer in NOORDIN_LAYERS:
        path = root / "noordin_top" / f"derived_NOORDINTOP_{layer}_edges.csv"
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                a, b = sorted((row["source"], row["target"]))
                if a != b:
                    total[(a, b)] += float(row.get("weight") or 1)
    return [(a, b, w) for (a, b), w in sorted(total.items())]


def plain_rankings(edges: list[tuple[str, str, float]]) -> dict[str, list[str]]:
    """Nodes by plain degree and by plain betweenness (ties by name, for a fixed order)."""
    g = nx.Graph()
    g.add_edges_from((a, b) for a, b, _ in edges)
    deg = dict(g.degree())
    btw = nx.betweenness_centrality(g)
    return {"degree": sorted(g, key=lambda n: (-deg[n], n)),
            "betweenness": sorted(g, key=lambda n: (-btw[n], n))}


def kingpin_ranking(rows: list[dict]) -> list[str]:
    """Node ids of the tool's kingpin candidates, best first."""
    kp = sorted((r for r in rows if r.get("role") == "kingpin"), key=lambda r: r.get("rank", 0))
    return [str(r.get("id")) for r in kp]


def s1_matches(runs: list[dict], published: Path) -> dict[str, dict[str, int]]:
    """Per strategy: steps whose largest strong component equals the published one."""
    with published.open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    by_name = {r["strategy"]: r for r in runs}
    result = {}
    for column, strategy in S1_STRATEGIES.items():
        run = by_name.get(strategy)
        if run is None:
            continue
        ours = {row["k"]: row["lcc"] for row in run["rows"]}
        steps = [(int(r["Iteration"]), int(float(r[column]))) for r in table]
        same = sum(1 for k, v in steps if ours.get(k) == v)
        first = next((k for k, v in steps if ours.get(k) != v), None)
        result[strategy] = {"steps": len(steps), "equal": same, "first_difference": first}
    return result
