"""An i2 Analyst's Notebook chart (ANX XML) of a case graph.

The chart holds the entity and link types it uses, the attribute classes, and one
``ChartItem`` per entity (``End/Entity`` with an icon of its type, laid out on a grid by
community-free Fruchterman–Reingold) and per merged link (``Link`` between the two entities'
identities, ``LinkStyle`` with the relation as type and the number of relations as
strength of the line). Dates and amounts go in as attributes, so Analyst's Notebook can
filter and style on them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import igraph as ig

from offensief.casework.casegraph import CaseGraph
from offensief.network.seeded import fruchterman_reingold

#: FtM schema -> the Analyst's Notebook standard icon type.
ICONS = {"Person": "Person", "Company": "Company", "Organization": "Organisation",
         "LegalEntity": "Organisation", "BankAccount": "Bank Account", "Address": "Address",
         "RealEstate": "House", "Vehicle": "Car", "Thing": "Question"}
ATTRIBUTES = (("Schema", "AttText"), ("Relation", "AttText"), ("Count", "AttNumber"),
              ("First date", "AttText"), ("Last date", "AttText"), ("Amount (EUR)", "AttNumber"))


def _layout(graph: CaseGraph) -> dict[str, tuple[int, int]]:
    ids = list(graph.nodes)
    index = {n: i for i, n in enumerate(ids)}
    g = ig.Graph(n=len(ids), edges=[(index[e["source"]], index[e["target"]]) for e in graph.edges])
    coords = fruchterman_reingold(g, niter=200, grid=len(ids) > 1000) if ids else []
    return {n: (int(x * 120), int(y * 120)) for n, (x, y) in zip(ids, coords)}


def anx_chart(graph: CaseGraph) -> bytes:
    """The ANX XML of ``graph`` (UTF-8, with declaration)."""
    chart = ET.Element("Chart", IdReferenceLinking="false", Rigorous="true")
    ET.SubElement(chart, "Summary").append(ET.Element(
        "Title", Value=f"{graph.case} — datasets: {', '.join(graph.datasets)}"
                       f"; left out: {', '.join(graph.left_out) or 'none'}"))
    link_types = ET.SubElement(chart, "LinkTypeCollection")
    for relation in sorted({e["relation"] for e in graph.edges}):
        ET.SubElement(link_types, "LinkType", Name=relation, Colour="0")
    entity_types = ET.SubElement(chart, "EntityTypeCollection")
    for schema in sorted({n["schema"] for n in graph.nodes.values()}):
        ET.SubElement(entity_types, "EntityType", Name=schema, IconFile=ICONS.get(schema, "Question"))
    classes = ET.SubElement(chart, "AttributeClassCollection")
    for name, kind in ATTRIBUTES:
        ET.SubElement(classes, "AttributeClass", Name=name, Type=kind, ShowValue="true")
    items = ET.SubElement(chart, "ChartItemCollection")
    places = _layout(graph)
    for ident, node in graph.nodes.items():
        x, y = places.get(ident, (0, 0))
        item = ET.SubElement(items, "ChartItem", Label=node["caption"], XPosition=str(x),
                             Description=f"{node['schema']} {ident}")
        end = ET.SubElement(item, "End", Y=str(y))
        entity = ET.SubElement(end, "Entity", EntityId=ident, Identity=ident, LabelIsIdentity="false")
        icon = ET.SubElement(entity, "Icon")
        ET.SubElement(icon, "IconStyle", Type=node["schema"])
        attrs = ET.SubElement(item, "AttributeCollection")
        ET.SubElement(attrs, "Attribute", AttributeClass="Schema", Value=node["schema"])
    for e in graph.edges:
        label = e["relation"] + (f" ×{e['count']}" if e["count"] > 1 else "")
        item = ET.SubElement(items, "ChartItem", Label=label,
                             Description=f"{e['first']}–{e['last']}" if e["first"] else "")
        link = ET.SubElement(item, "Link", End1Id=e["source"], End2Id=e["target"])
        ET.SubElement(link, "LinkStyle", Type=e["relation"], ArrowStyle="ArrowOnHead",
                      MlStyle="MultiplicityMultiple", Strength=str(min(e["count"], 10)))
        attrs = ET.SubElement(item, "AttributeCollection")
        for name, value in (("Relation", e["relation"]), ("Count", e["count"]),
                            ("First date", e["first"]), ("Last date", e["last"]),
                            ("Amount (EUR)", round(e["amount"], 2))):
            if value not in ("", None, 0.0) or name == "Count":
                ET.SubElement(attrs, "Attribute", AttributeClass=name, Value=str(value))
    ET.indent(chart)
    return ET.tostring(chart, encoding="utf-8", xml_declaration=True)
