"""Vega-lite specifications for the charts of the UI (data inline, no fetches)."""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def disruption_curve(curve: list[dict[str, Any]], *, title: str) -> dict[str, Any]:
    """Largest component after k removals: immediate line, after-recovery points + band."""
    lines = []
    for row in curve:
        lines.append({"k": row["k"], "series": "immediate", "value": row["immediate"],
                      "removed": row.get("removed_name") or ""})
        if row.get("after_recovery") is not None:
            lines.append({"k": row["k"], "series": "after recovery", "value": row["after_recovery"],
                          "removed": row.get("removed_name") or ""})
    bands = [{"k": r["k"], "low": r["band"][0], "high": r["band"][1]} for r in curve if r.get("band")]
    colours = {"domain": ["immediate", "after recovery"], "range": ["#d62728", "#1f5fa8"]}
    return {
        "$schema": SCHEMA, "title": title, "width": "container", "height": 300,
        "layer": [
            {"data": {"values": bands}, "mark": {"type": "area", "opacity": 0.15, "color": "#1f5fa8"},
             "encoding": {"x": {"field": "k", "type": "quantitative"},
                          "y": {"field": "low", "type": "quantitative"}, "y2": {"field": "high"}}},
            {"data": {"values": lines}, "mark": {"type": "line", "point": True},
             "encoding": {
                 "x": {"field": "k", "type": "quantitative", "title": "members removed",
                       "axis": {"tickMinStep": 1, "format": "d"}},
                 "y": {"field": "value", "type": "quantitative", "title": "largest component (share)",
                       "scale": {"domain": [0, 1]}},
                 "color": {"field": "series", "type": "nominal", "scale": colours, "title": None},
                 "tooltip": [{"field": "k"}, {"field": "series"}, {"field": "value", "format": ".2f"},
                             {"field": "removed"}]}},
        ],
    }


def sankey(flows: list[dict[str, Any]], *, title: str) -> dict[str, Any]:
    """Money flows as a two-column alluvial (vega-lite has no Sankey mark): each flow is a
    band from its source (left) to its target (right), width proportional to the amount."""
    values = []
    for i, flow in enumerate(flows):
        values.append({"flow": i, "side": 0, "node": flow["source"], "amount": flow["amount"],
                       "label": flow.get("label", "")})
        values.append({"flow": i, "side": 1, "node": flow["target"], "amount": flow["amount"],
                       "label": flow.get("label", "")})
    return {
        "$schema": SCHEMA, "title": title, "width": "container", "height": max(240, 26 * len(flows)),
        "data": {"values": values},
        "mark": {"type": "trail", "opacity": 0.55},
        "encoding": {
            "x": {"field": "side", "type": "quantitative", "axis": {"values": [0, 1], "labelExpr":
                  "datum.value == 0 ? 'from' : 'to'", "title": None}, "scale": {"domain": [0, 1]}},
            "y": {"field": "node", "type": "nominal", "title": None, "sort": None},
            "detail": {"field": "flow"},
            "size": {"field": "amount", "type": "quantitative", "title": "amount (EUR)",
                     "scale": {"range": [1, 28]}},
            "color": {"field": "label", "type": "nominal", "title": "hop"},
            "tooltip": [{"field": "node"}, {"field": "amount", "format": ",.0f"}, {"field": "label"}],
        },
    }
