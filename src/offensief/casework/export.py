"""Exports other tools open: GraphML and GEXF (Gephi, yEd), an i2 Analyst's Notebook chart
(ANX XML), FollowTheMoney JSON lines (Aleph), CSV tables, and a PDF case report.

Every export holds only the datasets the caller may export (see
:mod:`offensief.casework.casegraph`); a caller who may export none of the case's datasets is
refused (audited as a denial), and every export is audited with its format, the datasets it
holds and those it left out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from offensief.casework.anx import anx_chart
from offensief.casework.caller import Caller
from offensief.casework.casegraph import CaseGraph, case_graph, export_view
from offensief.casework.cases import CallerView
from offensief.casework.graphfiles import gexf, graphml
from offensief.casework.report import pdf_report
from offensief.model.errors import InputError

FORMATS = ("graphml", "gexf", "anx", "ftm", "csv", "pdf")
CSV_TABLES = ("entities", "links", "events", "payments")
MEDIA = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
         "anx": "application/xml", "ftm": "application/x-ndjson", "csv": "text/csv",
         "pdf": "application/pdf"}
SUFFIX = {"graphml": "graphml", "gexf": "gexf", "anx": "anx", "ftm": "ftm.jsonl", "csv": "csv",
          "pdf": "pdf"}


@dataclass
class Export:
    """A finished export: the bytes and how to name and serve them."""

    format: str
    content: bytes
    media_type: str
    filename: str
    summary: str
    datasets: list[str]
    left_out: list[str]


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes spreadsheets read UTF-8


def csv_table(view: CallerView, graph: CaseGraph, table: str) -> bytes:
    """One table of the case as CSV: ``entities``, ``links``, ``events`` or ``payments``."""
    caption = {i: n["caption"] for i, n in graph.nodes.items()}
    if table == "entities":
        return _csv([{"id": i, **n} for i, n in graph.nodes.items()], ["id", "caption", "schema"])
    if table == "links":
        rows = [e | {"source_caption": caption[e["source"]], "target_caption": caption[e["target"]]}
                for e in graph.edges]
        return _csv(rows, ["source", "source_caption", "relation", "target", "target_caption",
                           "count", "first", "last", "amount"])
    if table in ("events", "payments"):
        chosen = [e for e in graph.events if table == "events" or e.relation == "Payment"]
        rows = [{"id": e.id, "date": e.date, "relation": e.relation, "source": e.source,
                 "source_caption": caption.get(e.source, e.source), "target": e.target,
                 "target_caption": caption.get(e.target, e.target), "amount": e.amount,
                 "currency": e.currency} for e in chosen]
        return _csv(rows, ["id", "date", "relation", "source", "source_caption", "target",
                           "target_caption", "amount", "currency"])
    raise InputError(f"unknown table {table!r}; known: {', '.join(CSV_TABLES)}", field="table")


def ftm_lines(view: CallerView) -> bytes:
    """Every statement of the exported datasets as FtM entities, one JSON object a line
    (what Aleph's ``alephclient write-entities`` and ``ftm`` read); ``datasets`` names the
    sources of each entity."""
    rows = view.statements()
    entities: dict[str, dict[str, Any]] = {}
    for row in rows:
        entity = entities.setdefault(row["entity_id"], {"id": row["entity_id"], "schema": row["schema"],
                                                        "properties": {}, "datasets": []})
        values = entity["properties"].setdefault(row["prop"], [])
        if row["value"] not in values:
            values.append(row["value"])
        if row["dataset"] not in entity["datasets"]:
            entity["datasets"].append(row["dataset"])
    return b"".join(orjson.dumps(e) + b"\n" for e in entities.values())


def export_case(caller: Caller, case: int | str, format: str, *, table: str = "entities",
                progress: Callable[[str], None] | None = None) -> Export:
    """Export ``case`` in ``format`` (see :data:`FORMATS`) as ``caller`` may; audited."""
    if format not in FORMATS:
        raise InputError(f"unknown export format {format!r}; known: {', '.join(FORMATS)}", field="format")
    if format == "csv" and table not in CSV_TABLES:
        raise InputError(f"unknown table {table!r}; known: {', '.join(CSV_TABLES)}", field="table")
    view, left_out = export_view(caller, case, format=format)
    name = view.case.name
    if format == "ftm":
        content = ftm_lines(view)
        lines = content.count(b"\n")
        summary = f"{lines} FtM entities"
    else:
        graph = case_graph(view, left_out, events=format == "csv" and table in ("events", "payments"))
        summary = f"{len(graph.nodes)} entities, {len(graph.edges)} links"
        if format == "graphml":
            content = graphml(graph)
        elif format == "gexf":
            content = gexf(graph)
        elif format == "anx":
            content = anx_chart(graph)
        elif format == "csv":
            content = csv_table(view, graph, table)
            summary += f" (table {table})"
        else:
            content = pdf_report(caller, view, graph, progress=progress)
    caller.audit("export", case=view.case, what={
        "format": format, "table": table if format == "csv" else None, "datasets": sorted(view.levels),
        "left_out": left_out, "summary": summary, "bytes": len(content)})
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
    suffix = f"{table}.csv" if format == "csv" else SUFFIX[format]
    return Export(format, content, MEDIA[format], f"{slug}.{suffix}", summary,
                  sorted(view.levels), left_out)

