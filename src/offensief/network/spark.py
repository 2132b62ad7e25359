"""Graph analytics as Spark DataFrame code, for graphs that do not fit one machine.

GraphFrames needs jars fetched at run time, so these are plain DataFrame iterations:
connected components (minimum-label propagation), PageRank (power iteration with dangling
mass spread uniformly, as igraph and networkx do), communities by synchronous label
propagation, and the person projection of :func:`offensief.network.graph.person_projection`.

Vertices are any comparable ids (strings or integers); ``edges`` has ``src``, ``dst`` and
optionally ``weight``. Each function takes the DataFrames first and options by keyword.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import igraph as ig
from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from offensief.network.graph import (
    BEHIND_TYPES,
    HUB_TIE,
    HUB_TIES,
    MAX_SHARED,
    RELAYED_TYPES,
    SMALL_FIRM,
    strength,
    tie_weights,
)
from offensief.network.weights import strengths


def _both_ways(edges: DataFrame) -> DataFrame:
    pairs = edges.select("src", "dst").where(F.col("src") != F.col("dst"))
    return pairs.unionByName(pairs.select(F.col("dst").alias("src"), F.col("src").alias("dst"))).distinct()


def _vertices(edges: DataFrame, vertices: DataFrame | None) -> DataFrame:
    ends = edges.select(F.col("src").alias("id")).unionByName(edges.select(F.col("dst").alias("id")))
    if vertices is not None:
        ends = ends.unionByName(vertices.select("id"))
    return ends.distinct()


def _scalar(frame: DataFrame) -> Any:
    """The one value of a one-row, one-column aggregate."""
    return frame.collect()[0][0]


def _cut(frame: DataFrame, step: int) -> DataFrame:
    """One round's result with its lineage cut (blocks of rounds no longer referenced are
    freed by Spark's cleaner; cached rounds would pile up in memory). Lazily: the round's
    convergence check is the job that materialises it, one job per round instead of two."""
    return frame.localCheckpoint(eager=False)


def _changes(frame: DataFrame, column: str) -> int:
    """How many rows' ``column`` differs from ``before`` (reads every partition, so the
    round is materialised whole)."""
    return int(_scalar(frame.agg(F.sum((F.col(column) != F.col("before")).cast("long")))) or 0)


def connected_components(edges: DataFrame, *, vertices: DataFrame | None = None,
                         max_iter: int = 1000) -> DataFrame:
    """``(id, component)``: each vertex labelled with the least vertex id of its (weakly)
    connected component; isolated ``vertices`` are their own component."""
    links = _both_ways(edges).cache()
    labels = _vertices(edges, vertices).select("id", F.col("id").alias("component")).cache()
    for step in range(1, max_iter + 1):
        offered = links.join(labels, links.src == labels.id).groupBy(links.dst.alias("id")) \
            .agg(F.min("component").alias("offer"))
        nxt = labels.join(offered, "id", "left").select(
            "id", F.least("component", F.coalesce("offer", "component")).alias("offered"),
            F.col("component").alias("before"))
        # shortcut: a label is a vertex of the same component, so its own label may be taken too
        jump = nxt.select(F.col("id").alias("offered"), F.col("offered").alias("beyond"))
        nxt = _cut(nxt.join(jump, "offered", "left").select(
            "id", F.least("offered", F.coalesce("beyond", "offered")).alias("component"), "before"), step)
        changed = _changes(nxt, "component")
        labels = nxt.select("id", "component")
        if not changed:
            break
    return labels


def pagerank(edges: DataFrame, *, vertices: DataFrame | None = None, directed: bool = False,
             damping: float = 0.85, tol: float = 1e-9, max_iter: int = 200) -> DataFrame:
    """``(id, pagerank)`` summing to 1. Weighted by ``weight`` when the column exists (a
    strength); undirected edges count both ways. Stops when the L1 change is below ``tol``."""
    weight = F.col("weight") if "weight" in edges.columns else F.lit(1.0)
    arcs = edges.select("src", "dst", weight.cast("double").alias("w"))
    if not directed:
        arcs = arcs.unionByName(arcs.select(F.col("dst").alias("src"), F.col("src").alias("dst"), "w"))
    out = arcs.groupBy("src").agg(F.sum("w").alias("out"))
    arcs = arcs.join(out, "src").select("src", "dst", (F.col("w") / F.col("out")).alias("p")).cache()
    nodes = _vertices(edges, vertices).join(out.select(F.col("src").alias("id"), "out"), "id", "left").cache()
    n = nodes.count()
    if n == 0:
        return nodes.select("id", F.lit(0.0).alias("pagerank"))
    ranks = nodes.select("id", F.lit(1.0 / n).alias("rank"), (F.col("out").isNull()).alias("dangling")).cache()
    dangling = _scalar(ranks.where("dangling").agg(F.sum("rank"))) or 0.0
    for step in range(1, max_iter + 1):
        flow = arcs.join(ranks, arcs.src == ranks.id).groupBy(arcs.dst.alias("id")) \
            .agg(F.sum(F.col("rank") * F.col("p")).alias("inflow"))
        base = (1 - damping) / n + damping * dangling / n
        nxt = _cut(ranks.join(flow, "id", "left").select(
            "id", (F.lit(base) + damping * F.coalesce("inflow", F.lit(0.0))).alias("rank"), "dangling",
            F.col("rank").alias("before")), step)
        change, dangling = nxt.agg(
            F.sum(F.abs(F.col("rank") - F.col("before"))),
            F.sum(F.when(F.col("dangling"), F.col("rank")).otherwise(0.0))).collect()[0]
        ranks = nxt.select("id", "rank", "dangling")
        if (change or 0.0) < tol:
            break
    return ranks.select("id", F.col("rank").alias("pagerank"))


def label_propagation(edges: DataFrame, *, vertices: DataFrame | None = None, max_iter: int = 20) -> DataFrame:
    """``(id, community)`` by synchronous label propagation (Raghavan et al. 2007, as in
    GraphX): each round every vertex takes the label of greatest total edge weight among its
    neighbours, ties to the least label. Deterministic; stops when no label changes."""
    weight = F.col("weight") if "weight" in edges.columns else F.lit(1.0)
    arcs = edges.where(F.col("src") != F.col("dst")).select("src", "dst", weight.cast("double").alias("w"))
    arcs = arcs.unionByName(arcs.select(F.col("dst").alias("src"), F.col("src").alias("dst"), "w")) \
        .groupBy("src", "dst").agg(F.sum("w").alias("w")).cache()
    labels = _vertices(edges, vertices).select("id", F.col("id").alias("community")).cache()
    best = Window.partitionBy("id").orderBy(F.desc("score"), F.asc("label"))
    for step in range(1, max_iter + 1):
        votes = arcs.join(labels, arcs.src == labels.id).groupBy(arcs.dst.alias("id"), F.col("community").alias("label")) \
            .agg(F.sum("w").alias("score"))
        top = votes.withColumn("r", F.row_number().over(best)).where("r = 1").select("id", "label")
        nxt = _cut(labels.join(top, "id", "left").select(
            "id", F.coalesce("label", "community").alias("community"), F.col("community").alias("before")), step)
        changed = _changes(nxt, "community")
        labels = nxt.select("id", "community")
        if not changed:
            break
    return labels


def person_projection(nodes: DataFrame, edges: DataFrame, *, weights: Mapping[str, float] | None = None,
                      max_shared: int = MAX_SHARED, small_firm: int = SMALL_FIRM) -> DataFrame:
    """The person projection as :func:`offensief.network.graph.person_projection` builds it.

    ``nodes``: ``(id, schema)``; ``edges``: ``(eid, src, dst, type)`` where ``eid`` is the
    edge's order in the typed multigraph (it decides, as there, which relation type names a
    person's tie to a shared hub). Returns ``(a, b, types, weight)`` with ``a < b`` and
    ``types`` a map relation type → count. The tie types, hub ties and weights are those of
    the graph module (:data:`~offensief.network.graph.HUB_TIES`,
    :func:`~offensief.network.graph.strength`), not a copy.
    """
    person = nodes.select("id", (F.col("schema") == "Person").alias("person"))
    e = edges.select("eid", "src", "dst", "type") \
        .join(person.select(F.col("id").alias("src"), F.col("person").alias("sp")), "src") \
        .join(person.select(F.col("id").alias("dst"), F.col("person").alias("dp")), "dst")
    behind = e.where(F.col("type").isin(list(BEHIND_TYPES)) & F.col("sp") & ~F.col("dp")) \
        .select(F.col("dst").alias("firm"), F.col("src").alias("owner")).distinct()
    sizes = behind.groupBy("firm").agg(F.count("*").alias("n"))
    firms = behind.join(sizes.where(F.col("n") <= small_firm), "firm").select("firm", "owner").cache()
    firm_ids = firms.select(F.col("firm").alias("fid")).distinct()
    e = e.join(firm_ids.select(F.col("fid").alias("src"), F.lit(True).alias("sf")), "src", "left") \
        .join(firm_ids.select(F.col("fid").alias("dst"), F.lit(True).alias("df")), "dst", "left") \
        .fillna(False, ["sf", "df"]).cache()
    both = F.col("sp") & F.col("dp")
    relayed = F.col("type").isin(list(RELAYED_TYPES)) & (F.col("sf") | F.col("df"))
    direct = e.where(both).select("src", "dst", "type")
    # a call or message with a small firm: with the persons behind it
    talk = e.where(~both & relayed)
    talk = talk.select(F.when(F.col("df"), F.col("src")).otherwise(F.col("dst")).alias("party"),
                       F.when(F.col("df"), F.col("dst")).otherwise(F.col("src")).alias("firm"), "type",
                       F.when(F.col("df"), F.col("sp")).otherwise(F.col("dp")).alias("party_person"))
    via_firm = talk.join(firms, "firm")
    to_person = via_firm.where("party_person").select(F.col("party").alias("src"), F.col("owner").alias("dst"), "type")
    firm_to_firm = via_firm.where(~F.col("party_person")) \
        .join(firms.select(F.col("firm").alias("party"), F.col("owner").alias("other")), "party") \
        .select(F.col("other").alias("src"), F.col("owner").alias("dst"), "type")
    # links of persons to hubs (organisations, assets), in the order the graph module takes them
    rest = e.where(~both & ~relayed)
    person_to_hub = rest.where(F.col("sp")).select(F.col("dst").alias("hub"), F.col("src").alias("p"), "type", "eid")
    # a small firm that runs or owns another organisation puts its persons behind that one too
    firm_behind = rest.where(~F.col("sp") & F.col("sf") & ~F.col("dp") & F.col("type").isin(list(BEHIND_TYPES))) \
        .join(firms.select(F.col("firm").alias("src"), F.col("owner").alias("p")), "src") \
        .select(F.col("dst").alias("hub"), "p", "type", "eid")
    hub_to_person = rest.where(F.col("dp") & ~F.col("sp")).select(F.col("src").alias("hub"), F.col("dst").alias("p"), "type", "eid")
    linked = person_to_hub.unionByName(firm_behind).unionByName(hub_to_person)
    first_kind = linked.groupBy("hub", "type").agg(F.min("eid").alias("kind_order"))
    hub_tie = F.coalesce(F.create_map(*[F.lit(x) for kv in HUB_TIES.items() for x in kv])[F.col("type")],
                         F.lit(HUB_TIE))
    member = linked.select("hub", "p", "type").distinct().join(first_kind, ["hub", "type"]) \
        .withColumn("r", F.row_number().over(Window.partitionBy("hub", "p").orderBy("kind_order"))) \
        .where("r = 1").select("hub", "p", hub_tie.alias("kind"))
    counts = member.groupBy("hub").agg(F.count("*").alias("n"))
    member = member.join(counts.where((F.col("n") > 1) & (F.col("n") <= max_shared)), "hub")
    shared = member.alias("x").join(member.alias("y"), (F.col("x.hub") == F.col("y.hub")) & (F.col("x.p") < F.col("y.p"))) \
        .select(F.col("x.p").alias("src"), F.col("y.p").alias("dst"),
                F.when(F.col("x.kind") == F.col("y.kind"), F.col("x.kind")).otherwise(F.lit(HUB_TIE)).alias("type"))
    ties = direct.unionByName(to_person).unionByName(firm_to_firm).unionByName(shared) \
        .where(F.col("src") != F.col("dst")) \
        .select(F.least("src", "dst").alias("a"), F.greatest("src", "dst").alias("b"), "type")
    per_type = ties.groupBy("a", "b", "type").agg(F.count("*").alias("n")).cache()
    return per_type.join(F.broadcast(_strengths(per_type, weights)), ["type", "n"]) \
        .groupBy("a", "b").agg(F.map_from_entries(F.collect_list(F.struct("type", "n"))).alias("types"),
                               F.sum("w").alias("weight"))


def _strengths(per_type: DataFrame, weights: Mapping[str, float] | None) -> DataFrame:
    """``(type, n, w)``: the strength of ``n`` ties of a type, from
    :func:`offensief.network.graph.strength` on the driver (a few hundred distinct pairs)."""
    table = tie_weights(weights)
    found = per_type.select("type", "n").distinct().collect()
    rows = [(r["type"], r["n"], strength(table, r["type"], r["n"])) for r in found]
    return per_type.sparkSession.createDataFrame(rows, "type string, n long, w double")


def summary(components: DataFrame) -> dict[str, Any]:
    """Count and size of the largest component from ``(id, component)``."""
    sizes = components.groupBy("component").agg(F.count("*").alias("size"))
    row = sizes.agg(F.count("*").alias("count"), F.max("size").alias("largest")).collect()[0]
    return {"count": int(row["count"] or 0), "largest": int(row["largest"] or 0)}


__all__ = ["connected_components", "label_propagation", "pagerank", "person_projection", "summary"]


def graph_frames(spark: Any, graph: ig.Graph, *, weights: str = "strength") -> tuple[DataFrame, DataFrame]:
    """``(vertices, edges)`` of an igraph graph as DataFrames keyed by vertex name."""
    names = graph.vs["name"] if "name" in graph.vs.attributes() else [str(i) for i in range(graph.vcount())]
    strength = strengths(graph, meaning=weights)
    rows = [(names[e.source], names[e.target], float(strength[e.index]) if strength is not None else 1.0)
            for e in graph.es]
    edges = spark.createDataFrame(rows, "src string, dst string, weight double")
    vertices = spark.createDataFrame([(n,) for n in names], "id string")
    return vertices, edges


def analyse(spark: Any, graph: ig.Graph, *, weights: str = "strength", top: int = 10) -> dict[str, Any]:
    """Components, PageRank (the ``top`` vertices) and label-propagation communities on Spark."""
    vertices, edges = graph_frames(spark, graph, weights=weights)
    components = summary(connected_components(edges, vertices=vertices))
    ranks = pagerank(edges, vertices=vertices, directed=graph.is_directed())
    best = [{"id": r["id"], "pagerank": float(r["pagerank"])}
            for r in ranks.orderBy(F.desc("pagerank"), F.asc("id")).limit(top).collect()]
    communities = summary(label_propagation(edges, vertices=vertices).withColumnRenamed("community", "component"))
    return {"engine": "spark", "components": components, "pagerank": best,
            "label_propagation": {"count": communities["count"], "largest": communities["largest"]}}
