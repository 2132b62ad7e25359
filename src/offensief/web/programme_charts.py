"""Vega-lite specifications for the results and programme pages (data inline)."""

from __future__ import annotations

from typing import Any

from offensief.web.charts import SCHEMA


def predicted_vs_observed(effect: dict[str, Any]) -> dict[str, Any]:
    """Process capacity before, immediately after, predicted (prior and re-estimated, with
    their 5-95 % band) and observed later."""
    cap = effect["capacity"]
    rows = [
        {"stage": "1 before", "value": cap["before"], "low": None, "high": None},
        {"stage": "2 immediately after", "value": cap["immediate"], "low": None, "high": None},
        {"stage": "3 predicted (prior)", "value": cap["predicted"]["mean"],
         "low": cap["predicted"]["p05"], "high": cap["predicted"]["p95"]},
        {"stage": "4 predicted (re-estimated)", "value": cap["predicted_reestimated"]["mean"],
         "low": cap["predicted_reestimated"]["p05"], "high": cap["predicted_reestimated"]["p95"]},
        {"stage": "5 observed", "value": cap["observed"], "low": None, "high": None},
    ]
    x = {"field": "stage", "type": "nominal", "title": None, "axis": {"labelAngle": 0}}
    return {
        "$schema": SCHEMA, "title": "Process capacity: predicted against observed",
        "width": "container", "height": 260, "data": {"values": rows},
        "layer": [
            {"mark": {"type": "bar", "color": "#1f5fa8"},
             "encoding": {"x": x, "y": {"field": "value", "type": "quantitative",
                                        "title": "parallel process chains"},
                          "color": {"condition": {"test": "datum.stage == '5 observed'",
                                                  "value": "#d62728"}, "value": "#1f5fa8"},
                          "tooltip": [{"field": "stage"}, {"field": "value", "format": ".2f"},
                                      {"field": "low", "format": ".2f"},
                                      {"field": "high", "format": ".2f"}]}},
            {"mark": {"type": "rule", "color": "black"},
             "encoding": {"x": x, "y": {"field": "low", "type": "quantitative"},
                          "y2": {"field": "high"}}},
        ],
    }


def grouped_bars(rows: list[dict[str, Any]], *, category: str, series: dict[str, str],
                 title: str, unit: float = 1e6, axis: str = "EUR million") -> dict[str, Any]:
    """One bar per (category, series) — budget/committed/spent per measure, or the funnel."""
    values = [{"category": str(r[category]), "series": label, "value": float(r[key]) / unit}
              for r in rows for key, label in series.items()]
    return {
        "$schema": SCHEMA, "title": title, "width": "container", "height": 260,
        "data": {"values": values}, "mark": "bar",
        "encoding": {
            "x": {"field": "category", "type": "nominal", "title": None,
                  "axis": {"labelAngle": -20}},
            "xOffset": {"field": "series", "sort": list(series.values())},
            "y": {"field": "value", "type": "quantitative", "title": axis},
            "color": {"field": "series", "type": "nominal", "title": None,
                      "sort": list(series.values())},
            "tooltip": [{"field": "category"}, {"field": "series"},
                        {"field": "value", "format": ",.2f"}]},
    }
