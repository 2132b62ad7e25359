"""A small Sankey diagram of money flows as inline SVG (no JavaScript, no d3).

Nodes are placed in columns by hop (the start on the left), stacked by the money through
them; each flow is a band whose width is proportional to its amount.

>>> svg = sankey_svg([{"source": "a", "target": "b", "amount": 10.0, "hop": 0}], labels={})
>>> svg.startswith("<svg")
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from html import escape
from typing import Any

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#17becf")


def _columns(flows: list[dict[str, Any]]) -> dict[str, int]:
    """Column per node: right of every node that pays it (longest chain from a start node;
    relaxation is bounded, so cycles of money cannot loop forever)."""
    nodes = {f["source"] for f in flows} | {f["target"] for f in flows}
    roots = (nodes - {f["target"] for f in flows}) or {flows[0]["source"]}
    column = {n: 0 for n in roots}
    for _ in range(len(nodes)):
        changed = False
        for flow in flows:
            if flow["source"] in column and flow["target"] not in roots:
                want = column[flow["source"]] + 1
                if column.get(flow["target"], -1) < want:
                    column[flow["target"]] = want
                    changed = True
        if not changed:
            break
    for node in nodes:
        column.setdefault(node, 0)
    used = {c: i for i, c in enumerate(sorted(set(column.values())))}
    return {n: used[c] for n, c in column.items()}


def _euros(amount: float) -> str:
    return f"EUR {amount:,.0f}"


def _short(text: str, size: int = 34) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def sankey_svg(flows: list[dict[str, Any]], *, labels: dict[str, str], width: int = 900,
               max_flows: int = 60, money: Callable[[float], str] = _euros) -> str:
    """SVG markup for the largest ``max_flows`` flows; nodes named by ``labels`` (shortened
    on the chart, whole in the tooltip), amounts written by ``money`` (the page's locale)."""
    flows = sorted((f for f in flows if f["amount"] > 0 and f["source"] != f["target"]),
                   key=lambda f: -f["amount"])[:max_flows]
    if not flows:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    column = _columns(flows)
    ncols = max(column.values()) + 1
    out_sum: dict[str, float] = defaultdict(float)
    in_sum: dict[str, float] = defaultdict(float)
    for flow in flows:
        out_sum[flow["source"]] += flow["amount"]
        in_sum[flow["target"]] += flow["amount"]
    size = {n: max(out_sum[n], in_sum[n]) for n in column}
    per_col: dict[int, list[str]] = defaultdict(list)
    for node in sorted(column, key=lambda n: (-size[n], n)):
        per_col[column[node]].append(node)
    gap, node_w, pad_top = 14, 14, 10
    height = 420
    scale = min((height - gap * (len(nodes) + 1)) / sum(size[n] for n in nodes) for nodes in per_col.values())
    scale = min(scale, 160 / max(size.values()))  # a lone flow should not fill the chart
    xs = [20 + i * (width - 200) / max(ncols - 1, 1) for i in range(ncols)]
    y: dict[str, float] = {}
    for nodes in per_col.values():
        cursor = pad_top
        for node in nodes:
            y[node] = cursor
            cursor += size[node] * scale + gap
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 20}" '
             f'width="100%" role="img" aria-label="money flows" data-testid="sankey">')]
    out_off: dict[str, float] = defaultdict(float)
    in_off: dict[str, float] = defaultdict(float)
    for i, flow in enumerate(flows):
        s, t = flow["source"], flow["target"]
        w = max(flow["amount"] * scale, 1.0)
        x0, x1 = xs[column[s]] + node_w, xs[column[t]]
        y0 = y[s] + out_off[s] + w / 2
        y1 = y[t] + in_off[t] + w / 2
        out_off[s] += w
        in_off[t] += w
        mid = (x0 + x1) / 2
        colour = PALETTE[flow.get("hop", 0) % len(PALETTE)]
        title = escape(f"{labels.get(s, s)} → {labels.get(t, t)}: {money(flow['amount'])}")
        parts.append(f'<path d="M{x0:.1f},{y0:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f}" '
                     f'stroke="{colour}" stroke-opacity="0.4" stroke-width="{w:.1f}" fill="none">'
                     f'<title>{title}</title></path>')
    for node in column:
        x, h = xs[column[node]], max(size[node] * scale, 2.0)
        whole = labels.get(node, node)
        label = escape(whole)
        anchor, lx = ("start", x + node_w + 4) if column[node] < ncols - 1 else ("end", x - 4)
        parts.append(f'<rect x="{x:.1f}" y="{y[node]:.1f}" width="{node_w}" height="{h:.1f}" fill="#14243a">'
                     f'<title>{label}: {escape(money(size[node]))}</title></rect>')
        parts.append(f'<text x="{lx:.1f}" y="{y[node] + h / 2 + 4:.1f}" font-size="11" text-anchor="{anchor}" '
                     f'fill="#1d2733">{escape(_short(whole))}<title>{label}</title></text>')
    parts.append("</svg>")
    return "".join(parts)
