"""The product chain of a protection record as an inline SVG (no script, offline).

Top: the chain itself — melding → IRD → DI → DA → RA in the order they came, one box per
product with its date, author, conclusion and threat level (fill by level), joined by
arrows. Below: the same on a time axis with the measures as bars from start to end (or to
today) and the re-evaluations as diamonds (green held, amber planned, red overdue).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape

LEVEL_FILL = {None: "#eeeeee", 1: "#fee8c8", 2: "#fdbb84", 3: "#ef6548", 4: "#990000"}
WIDTH, LEFT, RIGHT = 960, 30, 30
BOX_W, BOX_H, CHAIN_Y = 150, 62, 16


def _scale(start: date, end: date) -> Callable[[date], float]:
    span = max((end - start).days, 1)
    return lambda d: LEFT + (WIDTH - LEFT - RIGHT) * (d - start).days / span


def _box(link: dict[str, Any], x: float) -> str:
    level = link["threat_level"]
    fill = LEVEL_FILL.get(level, "#eeeeee")
    ink = "#fff" if level in (3, 4) else "#222"
    lines = [link["kind"].upper(), link["date"], str(link["author_org"])[:22],
             f'{link["conclusion"]}{" · level " + str(level) if level else ""}']
    title = escape(f'{link["title"]} · {link["decision"]}')
    bold = ' font-weight="bold"'
    texts = "".join(
        f'<text x="{x + BOX_W / 2:.1f}" y="{CHAIN_Y + 16 + 14 * i}" font-size="{12 if i == 0 else 10}" '
        f'text-anchor="middle" fill="{ink}"{bold if i == 0 else ""}>'
        f'{escape(text)}</text>' for i, text in enumerate(lines))
    return (f'<g data-kind="{escape(link["kind"])}"><title>{title}</title>'
            f'<rect x="{x:.1f}" y="{CHAIN_Y}" width="{BOX_W}" height="{BOX_H}" rx="8" '
            f'fill="{fill}" stroke="#333"/>{texts}</g>')


def chain_svg(record: dict[str, Any], *, today: date) -> Markup:
    """The SVG for ``record`` (the shape of :func:`offensief.casework.protect.show_subject`)."""
    links, measures, reviews = record["chain"], record["measures"], record["reviews"]
    n = max(len(links), 1)
    step = min(BOX_W + 50, (WIDTH - LEFT - RIGHT - BOX_W) / max(n - 1, 1))
    axis = CHAIN_Y + BOX_H + 60
    height = axis + 40 + 22 * len(measures)
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
              f'width="100%" role="img" aria-label="product chain" data-testid="chain-svg">'),
             ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
              'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#333"/>'
              '</marker></defs>')]
    for i, link in enumerate(links):
        x = LEFT + i * step
        if i:
            parts.append(f'<line x1="{x - step + BOX_W + 2:.1f}" y1="{CHAIN_Y + BOX_H / 2}" '
                         f'x2="{x - 3:.1f}" y2="{CHAIN_Y + BOX_H / 2}" stroke="#333" '
                         f'stroke-width="1.5" marker-end="url(#arrow)"/>')
        parts.append(_box(link, x))
    dates = [date.fromisoformat(link["date"]) for link in links]
    dates += [date.fromisoformat(m["start_on"]) for m in measures]
    dates += [date.fromisoformat(r["due_on"]) for r in reviews] + [today]
    start, end = min(dates) - timedelta(days=3), max(dates) + timedelta(days=3)
    at = _scale(start, end)
    parts += [f'<line x1="{LEFT}" y1="{axis}" x2="{WIDTH - RIGHT}" y2="{axis}" stroke="#999"/>',
              f'<text x="{LEFT}" y="{axis + 16}" font-size="10" fill="#555">{start.isoformat()}</text>',
              (f'<text x="{WIDTH - RIGHT}" y="{axis + 16}" font-size="10" fill="#555" '
               f'text-anchor="end">{end.isoformat()}</text>'),
              (f'<line x1="{at(today):.1f}" y1="{axis - 30}" x2="{at(today):.1f}" y2="{height - 4}" '
               f'stroke="#1f5fa8" stroke-dasharray="4 3"/>'),
              f'<text x="{at(today) + 4:.1f}" y="{axis - 20}" font-size="10" fill="#1f5fa8">today</text>']
    for link in links:
        cx = at(date.fromisoformat(link["date"]))
        parts.append(f'<circle cx="{cx:.1f}" cy="{axis}" r="5" '
                     f'fill="{LEVEL_FILL.get(link["threat_level"], "#eee")}" stroke="#333">'
                     f'<title>{escape(link["kind"].upper())} {escape(link["date"])}</title></circle>')
    for review in reviews:
        due = date.fromisoformat(review["due_on"])
        late = review["done_on"] is None and due < today
        fill = "#2e7d32" if review["done_on"] else ("#c62828" if late else "#f9a825")
        cx = at(due)
        held = f' (held {escape(review["done_on"])})' if review["done_on"] else ""
        parts.append(f'<g data-kind="review"><title>re-evaluation due {escape(review["due_on"])}'
                     f'{held}</title><path d="M{cx:.1f},{axis - 8} l8,8 l-8,8 l-8,-8 z" '
                     f'fill="{fill}"/></g>')
    for i, m in enumerate(measures):
        x0 = at(date.fromisoformat(m["start_on"]))
        x1 = at(date.fromisoformat(m["end_on"]) if m["end_on"] else today)
        y = axis + 26 + 22 * i
        parts.append(f'<g data-kind="measure"><title>{escape(m["description"])} · level '
                     f'{m["level"]} · {escape(m["unit"])}</title>'
                     f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 3):.1f}" height="16" rx="3" '
                     f'fill="{"#9e9e9e" if m["end_on"] else "#1f5fa8"}"/>'
                     f'<text x="{x0 + 4:.1f}" y="{y + 12}" font-size="10" fill="#fff">'
                     f'{escape(m["unit"])}: {escape(m["description"][:48])}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))
