"""Time slices: the same measures per period, and centralisation over time.

Two sources of slices:

* **files** — one network file per period (e.g. the 11 CAVIAR wiretap phases);
* **the entity graph** — dated relations (calls, payments, …) cut into calendar periods
  (``month``, ``quarter``, ``year``). Undated relations (family, directorships) are standing
  ties and belong to every slice when ``standing=True``.

>>> # analyse_slices([("P1", g1), ("P2", g2)])["series"]["betweenness_centralisation"]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import igraph as ig

from offensief.model.errors import InputError
from offensief.network.io import read_network
from offensief.network.measures import node_measures
from offensief.network.structure import graph_metrics

PERIODS = ("month", "quarter", "year")


def slices_from_files(paths: Sequence[str | Path], *, labels: Sequence[str] | None = None,
                      directed: bool | None = None) -> list[tuple[str, ig.Graph]]:
    """One slice per file, labelled by ``labels`` or the file stem."""
    if labels is not None and len(labels) != len(paths):
        raise InputError("need one label per file", field="labels")
    names = list(labels) if labels is not None else [Path(p).stem for p in paths]
    return [(name, read_network(p, directed=directed)) for name, p in zip(names, paths)]


def period_of(date: str, period: str) -> str | None:
    """Calendar period label of an ISO date (``2025-03``, ``2025-Q1``, ``2025``)."""
    if len(date) < 7 or not date[:4].isdigit():
        return None
    if period == "year":
        return date[:4]
    month = int(date[5:7])
    return f"{date[:4]}-{month:02d}" if period == "month" else f"{date[:4]}-Q{(month - 1) // 3 + 1}"


def slices_from_graph(graph: ig.Graph, *, period: str = "quarter", standing: bool = True,
                      types: Sequence[str] | None = None) -> list[tuple[str, ig.Graph]]:
    """Cut a graph with an edge attribute ``date`` into calendar periods (sorted)."""
    if period not in PERIODS:
        raise InputError(f"period must be one of {', '.join(PERIODS)}", field="period")
    dates = graph.es["date"] if "date" in graph.es.attributes() else [""] * graph.ecount()
    kinds = graph.es["type"] if "type" in graph.es.attributes() else [""] * graph.ecount()
    labels = sorted({p for d in dates if d and (p := period_of(d, period))})
    out = []
    for label in labels:
        keep = [e for e, (d, k) in enumerate(zip(dates, kinds))
                if (types is None or k in types)
                and ((d and period_of(d, period) == label) or (standing and not d))]
        sub = graph.subgraph_edges(keep, delete_vertices=True)
        out.append((label, sub))
    return out


def analyse_slices(slices: Sequence[tuple[str, ig.Graph]], *, weights: str = "strength",
                   convention: str = "standard", top: int = 5) -> dict[str, Any]:
    """Whole-network metrics and top nodes per slice, plus each metric as a series."""
    rows: list[dict[str, Any]] = []
    for label, graph in slices:
        metrics = graph_metrics(graph, weights=weights, convention=convention)
        measures = node_measures(graph, weights=weights, include=("degree", "betweenness"))
        names = measures["names"]
        tops = {}
        for key in ("degree", "betweenness"):
            values = measures["measures"][key]
            order = sorted(range(len(values)), key=lambda i: (-values[i], i))[:top]
            tops[key] = [{"id": names[i], "value": values[i]} for i in order]
        metrics.pop("conventions", None)
        rows.append({"slice": label, "metrics": metrics, "top": tops})
    keys = [k for k, v in rows[0]["metrics"].items() if isinstance(v, float)] if rows else []
    series = {k: [r["metrics"][k] for r in rows] for k in keys}
    return {"slices": rows, "series": series, "labels": [r["slice"] for r in rows],
            "weights": weights, "convention": convention}
