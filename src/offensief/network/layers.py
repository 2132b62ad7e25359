"""Several network files as the layers of one multiplex network.

Investigations code a network per source: observed meetings in one file, phone calls from the
tap in another. :func:`read_layers` joins them on the node labels into one graph whose edges
carry ``types`` (relation kind → count) and the weight Σ_kind weight · (1 + ln count), as the
person projection of the store does (:func:`offensief.network.graph.tie_strength`). A file's
kind comes from ``kinds`` (the CLI's ``--layer-kind FILE=KIND``) or from the words of its name
(:func:`offensief.network.relations.kind_from_name`); a file with a relation column brings its
own kinds per row.

>>> g = read_layers(["meetings.csv", "calls.csv"])          # doctest: +SKIP
>>> g.es[0]["types"]                                         # doctest: +SKIP
{'meeting': 2, 'call': 5}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import igraph as ig

from offensief.model.errors import InputError
from offensief.network.io import read_network, typed_graph
from offensief.network.relations import kind_from_name, own_kind, relation_kind


def layer_kinds(options: Sequence[str], files: Sequence[str | Path]) -> dict[Path, str]:
    """Parse ``FILE=KIND`` options against the files given: FILE is a path as given or a
    file name that names one of them; KIND a vocabulary word or a kind of its own."""
    paths = [Path(f) for f in files]
    out: dict[Path, str] = {}
    for option in options:
        name, sep, kind = option.rpartition("=")
        if not sep or not name.strip() or not kind.strip():
            raise InputError(f"--layer-kind needs FILE=KIND, got {option!r}", field="layer-kind")
        given = Path(name.strip())
        matches = [p for p in paths if p == given] or [p for p in paths if p.name == given.name]
        if len(matches) != 1:
            what = "names none of the files given" if not matches else "names several files: give the path"
            raise InputError(f"--layer-kind {option!r} {what}", field="layer-kind")
        out[matches[0]] = kind.strip()
    return out


def read_layers(
    files: Sequence[str | Path], *, kinds: Mapping[Path, str] | None = None, fmt: str | None = None,
    directed: bool | None = None, relation_weights: Mapping[str, float] | None = None,
) -> ig.Graph:
    """One multiplex graph of several network files (each read by :func:`read_network`).

    A file without a relation column is one layer: every edge of it is a relation of the
    file's kind, its weight the count. Nodes are matched by label, in order of first appearance
    over the files. ``directed=None``: directed when every layer is; otherwise the two
    directions of a directed layer are summed into one undirected tie (A calls B 3 times, B
    calls A twice: 5 calls). The graph attribute ``relations`` lists per file where its kinds
    came from (``column …``, ``--layer-kind``, ``file name``), the rows per kind and the kinds outside the
    vocabulary (kept under their own name, weighed as an unknown link)."""
    given = dict(kinds or {})
    layers: list[tuple[ig.Graph, list[dict[str, float]]]] = []
    relations: list[dict[str, Any]] = []
    for path in (Path(f) for f in files):
        graph = read_network(path, fmt=fmt, directed=directed, relation_weights=relation_weights)
        if "types" in graph.es.attributes():
            if path in given:
                raise InputError("the file has a relation column of its own; --layer-kind does not apply to it",
                                 file=str(path))
            layers.append((graph, list(graph.es["types"])))
            relations.extend(graph["relations"])
            continue
        word = given.get(path) or kind_from_name(path)
        if word is None:
            raise InputError("cannot tell which relation this file holds: its name names no relation kind, or "
                             f"several; give --layer-kind {path.name}=KIND (meeting, call, message, family, "
                             "associate, …) or a relation column (type, relation, soort, …)", file=str(path))
        kind = relation_kind(word) or own_kind(word)
        weights = graph.es["weight"]
        if any(w < 0 for w in weights):
            raise InputError("a layer's weights count relations and cannot be negative", file=str(path))
        layers.append((graph, [{kind: w} if w > 0 else {} for w in weights]))
        relations.append({"file": str(path), "kind_from": "--layer-kind" if path in given else "file name",
                          "rows": {kind: graph.ecount()},
                          "unknown": {kind: graph.ecount()} if relation_kind(word) is None else {}})
    is_directed = directed if directed is not None else all(g.is_directed() for g, _ in layers)
    index: dict[str, int] = {}
    ties: dict[tuple[int, int], dict[str, float]] = {}
    for graph, types in layers:
        ids = [index.setdefault(name, len(index)) for name in graph.vs["name"]]
        for (s, t), counts in zip(graph.get_edgelist(), types):
            u, v = ids[s], ids[t]
            if not is_directed and u > v:
                u, v = v, u
            tie = ties.setdefault((u, v), {})
            for kind, count in counts.items():
                tie[kind] = tie.get(kind, 0.0) + count
    out = typed_graph(list(index), ties, directed=is_directed, relation_weights=relation_weights)
    out["relations"] = relations
    return out
