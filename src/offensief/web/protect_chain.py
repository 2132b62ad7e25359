"""The product chain of a protection record as an inline SVG timeline (no script, offline).

Links (melding, IRD, DI, DA, RA) sit on a date axis, coloured by the threat level they give
and joined in chain order by arrows; measures are bars below the axis from start to end (or
to today), re-evaluations diamonds (red when overdue).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape

LEVEL_COLOURS = {None: "#8c8c8c", 1: "#fdae61", 2: "#f46d43", 3: "#d73027", 4: "#7f0000"}
WIDTH, LEFT, RIGHT = 960, 40, 40


def _scale(start: date, end: date):  # type: ignore[no-untyped-def]
    span = max((end - start).days, 1)
    return lambda d: LEFT + (WIDTH - LEFT - RIGHT) * (d - start).days / span


def chain_svg(record: dict[str, Any], *, today: date) -> Markup:
    """The SVG for ``record`` (the shape of :func:`offensief.casework.protect.show_subject`)."""
    links = record["chain"]
    measures, reviews = record["measures"], record["reviews"]
    dates = [date.fromisoformat(x["date"]) for x in links]
    dates += [date.fromisoformat(m["start_on"]) for m in measures]
    dates += [date.fromisoformat(r["due_on"]) for r in reviews] + [today]
    start, end = min(dates) - timedelta(days=2), max(dates) + timedelta(days=2)
    x = _scale(start, end)
    rows = len(measures)
    height = 150 + 22 * rows
    axis = 70
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" role="img" aria-label="product chain" data-testid="chain-svg">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
             'markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
             f'<line x1="{LEFT}" y1="{axis}" x2="{WIDTH - RIGHT}" y2="{axis}" stroke="#bbb"/>',
             f'<line x1="{x(today):.1f}" y1="20" x2="{x(today):.1f}" y2="{height - 10}" '
             f'stroke="#1f5fa8" stroke-dasharray="4 3"/>',
             f'<text x="{x(today) + 4:.1f}" y="30" font-size="11" fill="#1f5fa8">today</text>']
    ordered = sorted(links, key=lambda link: (link["rank"], link["date"]))
    for a, b in zip(ordered, ordered[1:], strict=False):
        xa, xb = x(date.fromisoformat(a["date"])), x(date.fromisoformat(b["date"]))
        if xb - xa > 16:
            parts.append(f'<line x1="{xa + 8:.1f}" y1="{axis}" x2="{xb - 9:.1f}" y2="{axis}" '
                         f'stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>')
    seen: dict[int, int] = {}
    for link in links:
        cx = x(date.fromisoformat(link["date"]))
        lift = seen.get(round(cx), 0)
        seen[round(cx)] = lift + 1
        colour = LEVEL_COLOURS.get(link["threat_level"], "#8c8c8c")
        title = escape(f'{link["title"]} · {link["date"]} · {link["author_org"]} · '
                       f'{link["conclusion"]} · {link["decision"]}')
        parts.append(f'<g data-kind="{escape(link["kind"])}"><title>{title}</title>'
                     f'<circle cx="{cx:.1f}" cy="{axis}" r="8" fill="{colour}" stroke="#222"/>'
                     f'<text x="{cx:.1f}" y="{axis - 16 - 13 * lift}" font-size="12" '
                     f'text-anchor="middle" font-weight="bold">{escape(link["kind"].upper())}</text>'
                     f'<text x="{cx:.1f}" y="{axis + 24 + 12 * (lift % 2)}" font-size="10" '
                     f'text-anchor="middle" fill="#555">{escape(link["date"][5:])}</text></g>')
    for review in reviews:
        due = date.fromisoformat(review["due_on"])
        late = review["done_on"] is None and due < today
        fill = "#2e7d32" if review["done_on"] else ("#c62828" if late else "#f9a825")
        cx = x(due)
        parts.append(f'<g data-kind="review"><title>re-evaluation due {escape(review["due_on"])}'
                     f'{" (held " + escape(review["done_on"]) + ")" if review["done_on"] else ""}'
                     f'</title><path d="M{cx:.1f},{axis - 7} l7,7 l-7,7 l-7,-7 z" fill="{fill}"/></g>')
    for i, m in enumerate(measures):
        x0 = x(date.fromisoformat(m["start_on"]))
        x1 = x(date.fromisoformat(m["end_on"]) if m["end_on"] else today)
        y = 118 + 22 * i
        parts.append(f'<g data-kind="measure"><title>{escape(m["description"])} · level '
                     f'{m["level"]} · {escape(m["unit"])}</title>'
                     f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 3):.1f}" height="14" rx="3" '
                     f'fill="{"#9e9e9e" if m["end_on"] else "#1f5fa8"}" opacity="0.8"/>'
                     f'<text x="{x0 + 4:.1f}" y="{y + 11}" font-size="10" fill="#fff">'
                     f'{escape(m["unit"])}: {escape(m["description"][:40])}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))
