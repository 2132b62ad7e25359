"""Plain network files: edge-list CSV, adjacency-matrix CSV and GraphML.

Researchers publish criminal networks in these formats (UCINET exports, R packages,
replication archives). :func:`read_network` turns any of them into an
:class:`igraph.Graph` with the vertex attribute ``name`` (node labels in file order) and
the edge attribute ``weight``, without a workspace.

>>> g = read_network("networks/caviar/aggregate/morselli_caviar.csv")  # doctest: +SKIP
>>> g.vcount(), g.ecount(), g.is_directed()                           # doctest: +SKIP
(110, 295, True)
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import igraph as ig
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from offensief.model.errors import InputError
from offensief.network.edges import graph_from_edges

#: Formats :func:`read_network` understands.
FORMATS = ("edgelist", "adjacency", "graphml")

_SOURCE_NAMES = {"source", "src", "from", "u", "node1", "head", "ego", "caller", "payer"}
_TARGET_NAMES = {"target", "dst", "to", "v", "node2", "tail", "alter", "receiver", "beneficiary"}


def read_network(
    path: str | Path, *, fmt: str | None = None, directed: bool | None = None
) -> ig.Graph:
    """Read a network file into an igraph graph.

    ``fmt`` is one of :data:`FORMATS`; ``None`` guesses from the extension and the header
    (``.graphml``/``.xml`` → GraphML; a CSV whose first header cells name source/target →
    edge list; otherwise a square adjacency matrix).

    ``directed=None`` keeps what the file says: GraphML's own declaration, an adjacency
    matrix is directed when it is not symmetric, an edge list is undirected. With
    ``directed=False`` an asymmetric matrix keeps ``max(w_ij, w_ji)`` per pair and repeated
    edge-list rows are summed.
    """
    file = Path(path)
    if not file.is_file():
        raise InputError("network file not found", file=str(file))
    kind = fmt or _guess_format(file)
    if kind not in FORMATS:
        raise InputError(f"unknown network format {kind!r}; use one of {', '.join(FORMATS)}", file=str(file))
    if kind == "graphml":
        return _read_graphml(file, directed=directed)
    if kind == "edgelist":
        fast = _edgelist_fast(file, directed=bool(directed))
        if fast is not None:
            return fast
        return _edgelist(_csv_rows(file), file=str(file), directed=directed)
    rows = _csv_rows(file)
    return _adjacency(rows, file=str(file), directed=directed)


def _guess_format(file: Path) -> str:
    if file.suffix.lower() in {".graphml", ".xml"}:
        return "graphml"
    rows = _csv_rows(file, limit=1)
    if not rows:
        raise InputError("empty network file", file=str(file), line=1)
    header = [c.strip().lower() for c in rows[0][1]]
    if len(header) >= 2 and header[0] in _SOURCE_NAMES and header[1] in _TARGET_NAMES:
        return "edgelist"
    return "adjacency"


def _csv_rows(file: Path, *, limit: int | None = None) -> list[tuple[int, list[str]]]:
    """Rows with their 1-based line numbers; handles a BOM and ``\\r``/``\\r\\n``/``\\n`` endings."""
    data = b""
    if limit is not None:  # the first rows only: read the head of the file
        with file.open("rb") as fh:
            data = fh.read(1 << 16)
        cut = max(data.rfind(b"\n"), data.rfind(b"\r"))
        if len(data) == 1 << 16 and cut > 0:
            data = data[:cut]
        elif len(data) == 1 << 16:
            data = b""
    try:
        text = (data or file.read_bytes()).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=str(file)) from exc
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cells = next(csv.reader(io.StringIO(line)))
        out.append((number, cells))
        if limit is not None and len(out) >= limit:
            break
    return out


def _number(cell: str, *, file: str, line: int, field: str) -> float:
    text = cell.strip()
    if text == "":
        return 0.0
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"not a number: {cell!r}", file=file, line=line, field=field) from None
    if not math.isfinite(value):
        raise InputError(f"not a finite number: {cell!r}", file=file, line=line, field=field)
    return value


def _adjacency(rows: list[tuple[int, list[str]]], *, file: str, directed: bool | None) -> ig.Graph:
    if not rows:
        raise InputError("empty adjacency matrix", file=file, line=1)
    header_line, header = rows[0]
    labels = [c.strip() for c in header[1:]]
    if not labels:
        raise InputError("adjacency header has no node labels", file=file, line=header_line)
    index: dict[str, int] = {}
    for col, label in enumerate(labels, start=2):
        if label in index:
            raise InputError(f"duplicate node label {label!r}", file=file, line=header_line, field=f"column {col}")
        index[label] = len(index)
    n = len(labels)
    matrix = [[0.0] * n for _ in range(n)]
    seen: set[str] = set()
    for line, cells in rows[1:]:
        label = cells[0].strip()
        if label not in index:
            raise InputError(f"row label {label!r} is not in the header", file=file, line=line, field="column 1")
        if label in seen:
            raise InputError(f"duplicate row for node {label!r}", file=file, line=line, field="column 1")
        if len(cells) != n + 1:
            raise InputError(f"row has {len(cells) - 1} cells, expected {n}", file=file, line=line)
        seen.add(label)
        i = index[label]
        for j, cell in enumerate(cells[1:]):
            matrix[i][j] = _number(cell, file=file, line=line, field=labels[j])
    missing = [label for label in labels if label not in seen]
    if missing:
        raise InputError(f"no row for node(s) {', '.join(missing[:5])}", file=file, line=rows[-1][0])
    symmetric = all(matrix[i][j] == matrix[j][i] for i in range(n) for j in range(i + 1, n))
    is_directed = (not symmetric) if directed is None else directed
    edges: list[tuple[int, int]] = []
    weights: list[float] = []
    for i in range(n):
        for j in range(n):
            if is_directed:
                w = matrix[i][j]
            elif j >= i:
                w = max(matrix[i][j], matrix[j][i])
            else:
                continue
            if w != 0.0:
                edges.append((i, j))
                weights.append(w)
    graph = ig.Graph(n=n, edges=edges, directed=is_directed)
    graph.vs["name"] = labels
    graph.es["weight"] = weights
    return graph


def _edgelist(rows: list[tuple[int, list[str]]], *, file: str, directed: bool | None) -> ig.Graph:
    if not rows:
        raise InputError("empty edge list", file=file, line=1)
    header_line, header = rows[0]
    names = [c.strip().lower() for c in header]
    if len(names) < 2:
        raise InputError("edge list needs source and target columns", file=file, line=header_line)
    weight_col = names.index("weight") if "weight" in names else None
    is_directed = bool(directed)
    index: dict[str, int] = {}
    totals: dict[tuple[int, int], float] = {}
    for line, cells in rows[1:]:
        if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
            raise InputError("row needs a source and a target", file=file, line=line)
        ends = []
        for cell in cells[:2]:
            label = cell.strip()
            ends.append(index.setdefault(label, len(index)))
        u, v = ends
        if not is_directed and u > v:
            u, v = v, u
        w = 1.0
        if weight_col is not None:
            if weight_col >= len(cells):
                raise InputError("missing weight", file=file, line=line, field="weight")
            w = _number(cells[weight_col], file=file, line=line, field="weight")
        totals[(u, v)] = totals.get((u, v), 0.0) + w
    graph = ig.Graph(n=len(index), edges=list(totals), directed=is_directed)
    graph.vs["name"] = list(index)
    graph.es["weight"] = list(totals.values())
    return graph


def _edgelist_fast(file: Path, *, directed: bool) -> ig.Graph | None:
    """Columnar read of a clean edge list (pyarrow); None when anything needs the careful path.

    Gives exactly what :func:`_edgelist` gives (labels in order of first appearance, repeated
    pairs summed in order of first appearance); the careful path reports bad cells by line.
    """
    header = _csv_rows(file, limit=1)
    if not header or len(header[0][1]) < 2:
        return None
    text_columns = {name: pa.string() for name in header[0][1][:2]}  # labels stay text ("01" ≠ "1")
    try:
        table = pacsv.read_csv(file, read_options=pacsv.ReadOptions(block_size=1 << 24),
                               convert_options=pacsv.ConvertOptions(strings_can_be_null=False,
                                                                    column_types=text_columns))
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
        return None
    names = [c.strip().lower() for c in table.column_names]
    if len(names) < 2 or table.num_rows == 0:
        return None
    src = pc.utf8_trim_whitespace(table.column(0).cast(pa.string()))
    dst = pc.utf8_trim_whitespace(table.column(1).cast(pa.string()))
    if "weight" in names:
        col = table.column(names.index("weight"))
        if not pa.types.is_integer(col.type) and not pa.types.is_floating(col.type) or col.null_count:
            return None
        weights = col.to_numpy().astype(np.float64)
        if not np.all(np.isfinite(weights)):
            return None
    else:
        weights = np.ones(table.num_rows)
    if pc.any(pc.equal(pc.utf8_length(src), 0)).as_py() or pc.any(pc.equal(pc.utf8_length(dst), 0)).as_py():
        return None
    # Hash the labels in Arrow (C++), then number them in order of first appearance, row by row.
    encoded = pa.chunked_array(src.chunks + dst.chunks).combine_chunks().dictionary_encode()
    codes = encoded.indices.to_numpy()
    rows = table.num_rows
    interleaved = np.empty(2 * rows, dtype=codes.dtype)
    interleaved[0::2], interleaved[1::2] = codes[:rows], codes[rows:]
    codes, first_seen = pd.factorize(interleaved)
    labels = encoded.dictionary.take(pa.array(first_seen)).to_pylist()
    ends = codes.reshape(-1, 2).astype(np.int64)
    if not directed:
        ends = np.sort(ends, axis=1)
    key = ends[:, 0] * len(labels) + ends[:, 1]
    pair_codes, pairs = pd.factorize(key)
    totals = np.bincount(pair_codes, weights=weights, minlength=len(pairs))
    edges = np.column_stack([pairs // len(labels), pairs % len(labels)])
    graph = graph_from_edges(len(labels), edges, directed=directed)
    graph.vs["name"] = labels
    graph.es["weight"] = totals.tolist()
    return graph


def _read_graphml(file: Path, *, directed: bool | None) -> ig.Graph:
    try:
        graph = ig.Graph.Read_GraphML(str(file))
    except Exception as exc:  # igraph raises plain InternalError / SystemError on bad XML
        raise InputError(f"cannot read GraphML: {exc}", file=str(file)) from exc
    if "name" not in graph.vs.attributes():
        ids = graph.vs["id"] if "id" in graph.vs.attributes() else [str(i) for i in range(graph.vcount())]
        graph.vs["name"] = [str(x) for x in ids]
    else:
        graph.vs["name"] = [str(x) for x in graph.vs["name"]]
    if "weight" in graph.es.attributes():
        graph.es["weight"] = [1.0 if w is None or (isinstance(w, float) and math.isnan(w)) else float(w) for w in graph.es["weight"]]
    else:
        graph.es["weight"] = [1.0] * graph.ecount()
    if directed is not None and directed != graph.is_directed():
        if directed:
            graph.to_directed(mode="mutual")
        else:
            graph.to_undirected(mode="collapse", combine_edges={"weight": "max"})
    return graph
