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
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import igraph as ig
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from offensief.model.errors import InputError
from offensief.network.edges import graph_from_edges
from offensief.network.graph import tie_strength, tie_weights
from offensief.network.relations import (
    DIRECTION_VALUES,
    compact,
    is_relation_column,
    own_kind,
    relation_kind,
)

#: Formats :func:`read_network` understands.
FORMATS = ("edgelist", "adjacency", "graphml")

_SOURCE_NAMES = {"source", "src", "from", "u", "node1", "head", "ego", "caller", "payer", "bron", "van", "afzender"}
_TARGET_NAMES = {"target", "dst", "to", "v", "node2", "tail", "alter", "receiver", "beneficiary", "doel", "naar",
                 "ontvanger"}
_WEIGHT_NAMES = {"weight"}

#: First-row words of a node list (``id,name``, igraph's ``igraph_index,name``): such a file is
#: no network, and its rows must not be read as a headerless edge list.
_NODE_LIST_WORDS = {"id", "name", "label", "node", "nodes", "index", "igraphindex", "vertex", "naam"}


@dataclass(frozen=True)
class _Columns:
    """How an edge list's rows read: ``header`` (first row names columns), the weight and
    relation columns, and ``width`` (headerless: the cells every row has)."""

    header: bool
    weight: int | None = None
    relation: int | None = None
    width: int | None = None
    relation_name: str = "relation"


def read_network(
    path: str | Path, *, fmt: str | None = None, directed: bool | None = None,
    relation_weights: Mapping[str, float] | None = None,
) -> ig.Graph:
    """Read a network file into an igraph graph.

    ``fmt`` is one of :data:`FORMATS`; ``None`` guesses from the extension and the first rows
    (``.graphml``/``.xml`` → GraphML; a first row naming source/target, weight or relation
    columns → edge list; an empty corner cell or a square matrix → adjacency matrix; otherwise
    2 or 3 columns → an edge list without header). Cells are separated by commas, tabs,
    semicolons or runs of spaces, whichever the first line uses.

    ``directed=None`` keeps what the file says: GraphML's own declaration, an adjacency
    matrix is directed when it is not symmetric, an edge list is undirected. With
    ``directed=False`` an asymmetric matrix keeps ``max(w_ij, w_ji)`` per pair and repeated
    edge-list rows are summed.

    An edge list with a relation column (``type``, ``relation``, ``soort``, …; see
    :mod:`offensief.network.relations`) gives edges with ``types`` (kind → count, the weight
    column as the count) and the weight Σ_kind weight · (1 + ln count) with the kinds' weights
    of :data:`~offensief.network.graph.DEFAULT_WEIGHTS` and ``relation_weights`` over them;
    the graph attribute ``relations`` says which kinds the file held and which values were
    outside the vocabulary (kept as their own kind, weighed as an unknown link).
    """
    file = Path(path)
    if not file.is_file():
        raise InputError("network file not found", file=str(file))
    kind = fmt or _guess_format(file)
    if kind not in FORMATS:
        raise InputError(f"unknown network format {kind!r}; use one of {', '.join(FORMATS)}", file=str(file))
    if kind == "graphml":
        return _read_graphml(file, directed=directed)
    delimiter = _delimiter(file)
    if kind == "edgelist":
        head = _csv_rows(file, limit=1, delimiter=delimiter)
        if not head:
            raise InputError("empty edge list", file=str(file), line=1)
        columns = _columns(head[0][1], file=str(file), line=head[0][0], explicit=fmt is not None)
        fast = _edgelist_fast(file, directed=bool(directed), columns=columns, delimiter=delimiter)
        if fast is not None:
            return fast
        return _edgelist(_csv_rows(file, delimiter=delimiter), file=str(file), directed=directed,
                         columns=columns, relation_weights=relation_weights)
    rows = _csv_rows(file, delimiter=delimiter)
    return _adjacency(rows, file=str(file), directed=directed)


def _guess_format(file: Path) -> str:
    if file.suffix.lower() in {".graphml", ".xml"}:
        return "graphml"
    delimiter = _delimiter(file)
    rows = _csv_rows(file, limit=1, delimiter=delimiter)
    if not rows:
        raise InputError("empty network file", file=str(file), line=1)
    header = rows[0][1]
    if _names_edge_columns(header):
        return "edgelist"
    if len(header) in (2, 3) and not _square(file, header, delimiter):
        return "edgelist"  # without a header, or with one of its own words (checked when read)
    return "adjacency"


def _names_edge_columns(cells: list[str]) -> bool:
    """The first row names source and target, or a weight or relation column (after them)."""
    names = [c.strip().lower() for c in cells]
    if len(names) >= 2 and names[0] in _SOURCE_NAMES and names[1] in _TARGET_NAMES:
        return True
    return len(names) >= 3 and any(n in _WEIGHT_NAMES or is_relation_column(n) for n in names[2:])


def _square(file: Path, header: list[str], delimiter: str) -> bool:
    """A small adjacency matrix: empty corner cell, or as many rows as labels, labelled alike, numbers in them."""
    if not header[0].strip():
        return True
    rows = _csv_rows(file, limit=len(header) + 1, delimiter=delimiter)
    if len(rows) != len(header):
        return False
    body = rows[1:]
    if any(len(cells) != len(header) for _, cells in body):
        return False
    if {cells[0].strip() for _, cells in body} != {c.strip() for c in header[1:]}:
        return False
    return all(_is_number(c) for _, cells in body for c in cells[1:])


def _is_number(cell: str) -> bool:
    text = cell.strip()
    if text == "":
        return True
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _columns(cells: list[str], *, file: str, line: int, explicit: bool) -> _Columns:
    """Read the first row of an edge list: a header, or the first edge of a headerless list.

    A header names source/target (:data:`_SOURCE_NAMES`, :data:`_TARGET_NAMES`) or a weight or
    relation column, or has a third cell that is neither a number nor a relation word (the
    first two columns are then source and target). Without a header a row has 2 or 3 cells:
    source, target and a weight (a number) or a relation kind (a vocabulary word). With
    ``--format edgelist`` (``explicit``) a first row of two, or more than three, other words stays a
    header, as before.
    """
    names = [c.strip().lower() for c in cells]
    if len(names) < 2:
        raise InputError("edge list needs source and target columns", file=file, line=line)
    if not explicit and not _names_edge_columns(cells) and {compact(n) for n in names} & _NODE_LIST_WORDS:
        raise InputError(f"the first row ({', '.join(c.strip() for c in cells)}) looks like a node list's "
                         "header, not a network; an edge list's header names source,target[,weight][,type]",
                         file=file, line=line)
    third = names[2] if len(names) == 3 else None
    generic = third is not None and not _is_number(third) and relation_kind(third) is None
    if _names_edge_columns(cells) or generic or (explicit and len(names) != 3):
        weight = next((i for i, n in enumerate(names) if n in _WEIGHT_NAMES), None)
        relation = next((i for i, n in enumerate(names) if i >= 2 and is_relation_column(n)), None)
        # a header of the user's own words (guessed): every row has its three cells, so an R
        # matrix written without its corner cell ("a" "b" "c" / "a" 0 1 0) is refused, not misread
        own_words = generic and not explicit and not _names_edge_columns(cells)
        return _Columns(header=True, weight=weight, relation=relation, width=3 if own_words else None,
                        relation_name=cells[relation].strip() if relation is not None else "relation")
    if len(names) > 3:
        raise InputError(f"the first row names no source/target columns and has {len(names)} cells; an edge "
                         "list without a header has 2 or 3 (source, target, weight or relation kind)",
                         file=file, line=line)
    if not explicit and _is_number(names[0]) != _is_number(names[1]):
        raise InputError(f"the first row ({', '.join(c.strip() for c in cells)}) pairs a number with a name: a "
                         "table of values or a node list, not an edge list (whose two ends are labels of one "
                         "kind); give the edge list a header source,target[,weight][,type]", file=file, line=line)
    if third is None:
        return _Columns(header=False, width=2)
    if _is_number(third):
        return _Columns(header=False, weight=2, width=3)
    return _Columns(header=False, relation=2, width=3)


def _delimiter(file: Path) -> str:
    """The cell separator of the first line: tab, comma, semicolon, else runs of spaces (``" "``)."""
    with file.open("rb") as fh:
        head = fh.read(1 << 16)
    text = head.decode("utf-8-sig", errors="ignore")
    first = next((line for line in text.replace("\r", "\n").split("\n") if line.strip()), "")
    if "," in first and (file.suffix.lower() == ".csv" or "\t" not in first):
        return ","
    for sep in ("\t", ";"):
        if sep in first:
            return sep
    return "," if not first.strip() or " " not in first.strip() else " "


def _csv_rows(file: Path, *, limit: int | None = None, delimiter: str = ",") -> list[tuple[int, list[str]]]:
    """Rows with their 1-based line numbers; handles a BOM and ``\\r``/``\\r\\n``/``\\n`` endings.

    ``delimiter=" "`` splits on runs of spaces or tabs (quoted cells keep theirs)."""
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
        if delimiter == " ":
            cells = next(csv.reader(io.StringIO(line.strip().replace("\t", " ")), delimiter=" ",
                                    skipinitialspace=True))
        else:
            cells = next(csv.reader(io.StringIO(line), delimiter=delimiter))
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


def _edgelist(rows: list[tuple[int, list[str]]], *, file: str, directed: bool | None,
              columns: _Columns | None = None, relation_weights: Mapping[str, float] | None = None) -> ig.Graph:
    if not rows:
        raise InputError("empty edge list", file=file, line=1)
    if columns is None:
        columns = _columns(rows[0][1], file=file, line=rows[0][0], explicit=True)
    body = rows[1:] if columns.header else rows
    is_directed = bool(directed)
    index: dict[str, int] = {}
    ends: list[tuple[int, int, float, int]] = []  # u, v, weight, line
    values: list[str] = []
    for line, cells in body:
        if columns.width is not None and len(cells) != columns.width:
            raise InputError(f"row has {len(cells)} cells, expected {columns.width} like the first row "
                             "(an edge list without a recognised header has 2 or 3 columns)",
                             file=file, line=line)
        if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
            raise InputError("row needs a source and a target", file=file, line=line)
        u, v = (index.setdefault(cell.strip(), len(index)) for cell in cells[:2])
        if not is_directed and u > v:
            u, v = v, u
        w = 1.0
        if columns.weight is not None:
            if columns.weight >= len(cells):
                raise InputError("missing weight", file=file, line=line, field="weight")
            w = _number(cells[columns.weight], file=file, line=line, field="weight")
        if columns.relation is not None:
            value = cells[columns.relation].strip() if columns.relation < len(cells) else ""
            if not value:
                raise InputError("missing relation kind", file=file, line=line, field=columns.relation_name)
            values.append(value)
        ends.append((u, v, w, line))
    if columns.relation is not None and not _direction_column(columns, values):
        return _typed(index, ends, values, file=file, directed=is_directed, column=columns.relation_name,
                      relation_weights=relation_weights)
    totals: dict[tuple[int, int], float] = {}
    for u, v, w, _ in ends:
        totals[(u, v)] = totals.get((u, v), 0.0) + w
    graph = ig.Graph(n=len(index), edges=list(totals), directed=is_directed)
    graph.vs["name"] = list(index)
    graph.es["weight"] = list(totals.values())
    return graph


def _direction_column(columns: _Columns, values: list[str]) -> bool:
    """Gephi's edge table has a ``Type`` column of Directed/Undirected: a direction, not a relation."""
    return compact(columns.relation_name) == "type" and {v.lower() for v in values} <= DIRECTION_VALUES


def _typed(index: dict[str, int], ends: list[tuple[int, int, float, int]], values: list[str], *, file: str,
           directed: bool, column: str, relation_weights: Mapping[str, float] | None) -> ig.Graph:
    """The multiplex graph of typed rows: per pair the count per kind (the weight column, 1 by
    default), and the weight of :func:`~offensief.network.graph.tie_strength`."""
    kind_of: dict[str, tuple[str, bool]] = {}  # value -> (kind, in the vocabulary)
    rows: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    ties: dict[tuple[int, int], dict[str, float]] = {}
    for (u, v, w, line), value in zip(ends, values):
        if value not in kind_of:
            known = relation_kind(value)
            kind_of[value] = (known or own_kind(value), known is not None)
        kind, known_kind = kind_of[value]
        rows[kind] += 1
        if not known_kind:
            unknown[kind] += 1
        if w < 0:
            raise InputError(f"a count of relations cannot be negative: {w:g}", file=file, line=line, field="weight")
        counts = ties.setdefault((u, v), {})
        if w > 0:
            counts[kind] = counts.get(kind, 0.0) + w
    graph = typed_graph(list(index), ties, directed=directed, relation_weights=relation_weights)
    graph["relations"] = [{"file": file, "kind_from": f"column {column}", "rows": dict(rows),
                           "unknown": dict(unknown)}]
    return graph


def typed_graph(names: list[str], ties: Mapping[tuple[int, int], Mapping[str, float]], *, directed: bool,
                relation_weights: Mapping[str, float] | None = None) -> ig.Graph:
    """The graph of typed ties: edge ``types`` (relation kind → count, whole counts as ``int``)
    and ``weight`` = :func:`~offensief.network.graph.tie_strength`; pairs without a count are left out."""
    pairs = [p for p, counts in ties.items() if counts]
    graph = ig.Graph(n=len(names), edges=pairs, directed=directed)
    graph.vs["name"] = names
    table = tie_weights(relation_weights)
    graph.es["types"] = [{k: int(c) if float(c).is_integer() else c for k, c in ties[p].items()} for p in pairs]
    graph.es["weight"] = [tie_strength(table, ties[p]) for p in pairs]
    return graph


def _edgelist_fast(file: Path, *, directed: bool, columns: _Columns | None = None,
                   delimiter: str = ",") -> ig.Graph | None:
    """Columnar read of a clean edge list (pyarrow); None when anything needs the careful path
    (a relation column, cells split by more than one space or by tabs and spaces, a bad cell).

    Gives exactly what :func:`_edgelist` gives (labels in order of first appearance, repeated
    pairs summed in order of first appearance); the careful path reports bad cells by line.
    """
    head = _csv_rows(file, limit=1, delimiter=delimiter)
    if not head or len(head[0][1]) < 2:
        return None
    if columns is None:
        columns = _columns(head[0][1], file=str(file), line=head[0][0], explicit=True)
    if columns.relation is not None:
        return None
    if columns.header:
        column_names = None
        text_columns = {name: pa.string() for name in head[0][1][:2]}  # labels stay text ("01" ≠ "1")
    else:
        column_names = ["source", "target", "weight"][: columns.width]
        text_columns = {"source": pa.string(), "target": pa.string()}
    try:
        table = pacsv.read_csv(file, read_options=pacsv.ReadOptions(block_size=1 << 24, column_names=column_names),
                               parse_options=pacsv.ParseOptions(delimiter=delimiter),
                               convert_options=pacsv.ConvertOptions(strings_can_be_null=False,
                                                                    column_types=text_columns))
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
        return None
    names = [c.strip().lower() for c in table.column_names]
    if len(names) < 2 or table.num_rows == 0:
        return None
    src = pc.utf8_trim_whitespace(table.column(0).cast(pa.string()))
    dst = pc.utf8_trim_whitespace(table.column(1).cast(pa.string()))
    if columns.weight is not None:
        col = table.column(columns.weight)
        if not pa.types.is_integer(col.type) and not pa.types.is_floating(col.type) or col.null_count:
            return None
        weights = col.to_numpy().astype(np.float64)
        if not np.all(np.isfinite(weights)):
            return None
    else:
        weights = np.ones(table.num_rows)
    if pc.any(pc.equal(pc.utf8_length(src), 0)).as_py() or pc.any(pc.equal(pc.utf8_length(dst), 0)).as_py():
        return None  # an empty label; cells split by spaces: a leading or a repeated space
    if delimiter == " " and (pc.any(pc.match_substring(src, "\t")).as_py() or
                             pc.any(pc.match_substring(dst, "\t")).as_py()):
        return None  # a tab also separates cells there
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
