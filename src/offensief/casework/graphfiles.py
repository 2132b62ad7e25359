"""GraphML and GEXF files of a case graph, written in one pass.

networkx builds an ElementTree of the whole document before writing it, which took 6–12 s
for the demo case (7,300 entities, 23,500 links); these writers stream the same documents
as text (the attribute keys and types networkx writes, so ``nx.read_graphml`` and
``nx.read_gexf`` read them back with the same node and edge attributes).

>>> from offensief.casework.casegraph import CaseGraph
>>> g = CaseGraph(case="c", datasets=["d"], left_out=[],
...               nodes={"a": {"caption": "Ann & co", "schema": "Person"},
...                      "b": {"caption": "NL91", "schema": "BankAccount"}},
...               edges=[{"source": "a", "target": "b", "relation": "Payment", "count": 2,
...                       "first": "2025-01-01", "last": "2025-02-01", "amount": 10.5}])
>>> import io, networkx as nx
>>> nx.read_graphml(io.BytesIO(graphml(g))).nodes["a"]["label"]
'Ann & co'
>>> nx.read_gexf(io.BytesIO(gexf(g))).nodes["b"]["schema"]
'BankAccount'
"""

from __future__ import annotations

from functools import lru_cache

from offensief.casework.casegraph import CaseGraph

#: Edge attributes: name -> (GraphML type, GEXF type).
_EDGE = {"relation": ("string", "string"), "weight": ("long", "long"), "first": ("string", "string"),
         "last": ("string", "string"), "amount": ("double", "double")}


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def _edge_values(e: dict[str, object]) -> dict[str, object]:
    return {"relation": e["relation"], "weight": e["count"], "first": e["first"], "last": e["last"],
            "amount": round(float(e["amount"] or 0.0), 2)}  # type: ignore[arg-type]


@lru_cache(maxsize=65536)
def _text(value: object) -> str:
    """XML text (and, with the quotes around it, an attribute value)."""
    return str(value).translate(_ESCAPES)


def quoteattr(value: object) -> str:
    return f'"{_text(value)}"'


def graphml(graph: CaseGraph) -> bytes:
    """The case graph as GraphML (Gephi, yEd, Cytoscape, networkx)."""
    out = [('<?xml version="1.0" encoding="utf-8"?>\n'
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')]
    for key in ("name", "datasets", "left_out"):
        out.append(f'<key id="g_{key}" for="graph" attr.name="{key}" attr.type="string" />\n')
    for key in ("label", "schema"):
        out.append(f'<key id="n_{key}" for="node" attr.name="{key}" attr.type="string" />\n')
    for key, (kind, _) in _EDGE.items():
        out.append(f'<key id="e_{key}" for="edge" attr.name="{key}" attr.type="{kind}" />\n')
    out.append('<graph edgedefault="directed">\n')
    graph_attrs = {"name": graph.case, "datasets": ", ".join(graph.datasets),
                   "left_out": ", ".join(graph.left_out) or "none"}
    out.extend(f'<data key="g_{k}">{_text(v)}</data>\n' for k, v in graph_attrs.items())
    for ident, node in graph.nodes.items():
        out.append(f'<node id={quoteattr(ident)}><data key="n_label">{_text(node["caption"])}</data>'
                   f'<data key="n_schema">{_text(node["schema"])}</data></node>\n')
    for i, e in enumerate(graph.edges):
        data = "".join(f'<data key="e_{k}">{_text(v)}</data>' for k, v in _edge_values(e).items())
        out.append(f'<edge source={quoteattr(e["source"])} target={quoteattr(e["target"])} '
                   f'id="e{i}">{data}</edge>\n')
    out.append("</graph>\n</graphml>\n")
    return "".join(out).encode("utf-8")


def gexf(graph: CaseGraph) -> bytes:
    """The case graph as GEXF 1.2 (Gephi); parallel links of different relations are kept."""
    desc = f"case {graph.case}; datasets: {', '.join(graph.datasets)}; left out: {', '.join(graph.left_out) or 'none'}"
    out = [('<?xml version="1.0" encoding="utf-8"?>\n'
            '<gexf xmlns="http://www.gexf.net/1.2draft" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
            'version="1.2">\n'),
           f'<meta><creator>Offensief</creator><description>{_text(desc)}</description></meta>\n',
           f'<graph defaultedgetype="directed" mode="static" name={quoteattr(graph.case)}>\n',
           '<attributes mode="static" class="edge">\n']
    ids = {}
    for i, (key, (_, kind)) in enumerate(_EDGE.items()):
        if key == "weight":
            continue  # GEXF has its own edge weight
        ids[key] = str(i)
        out.append(f'<attribute id="{i}" title="{key}" type="{kind}" />\n')
    out.append('</attributes>\n<attributes mode="static" class="node">\n'
               '<attribute id="10" title="schema" type="string" />\n</attributes>\n<nodes>\n')
    for ident, node in graph.nodes.items():
        out.append(f'<node id={quoteattr(ident)} label={quoteattr(str(node["caption"]))}>'
                   f'<attvalues><attvalue for="10" value={quoteattr(str(node["schema"]))} />'
                   '</attvalues></node>\n')
    out.append("</nodes>\n<edges>\n")
    for i, e in enumerate(graph.edges):
        values = _edge_values(e)
        data = "".join(f'<attvalue for="{ids[k]}" value={quoteattr(str(v))} />'
                       for k, v in values.items() if k in ids)
        out.append(f'<edge source={quoteattr(e["source"])} target={quoteattr(e["target"])} '
                   f'id="e{i}" weight="{values["weight"]}"><attvalues>{data}</attvalues></edge>\n')
    out.append("</edges>\n</graph>\n</gexf>\n")
    return "".join(out).encode("utf-8")
