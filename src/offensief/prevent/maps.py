"""Choropleth maps of one indicator: inline SVG for the web page, SVG/PNG via matplotlib.

Values are grouped in up to five classes (quantiles of the published values); withheld
cells are hatched grey with their reason, areas without data are white.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from shapely.geometry.base import BaseGeometry

PALETTE = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
WITHHELD, EMPTY = "#d9d9d9", "#ffffff"


@dataclass(frozen=True, slots=True)
class MapArea:
    code: str
    name: str
    value: float | None  # what is coloured (a rate or a count); None when withheld or absent
    label: str  # the text shown on hover: "123 (4.5 per 1,000)" or "withheld: below threshold"
    withheld: bool = False


def classes(values: list[float], k: int = 5) -> list[float]:
    """Upper bounds of up to ``k`` quantile classes (distinct, increasing)."""
    if not values:
        return []
    ordered = sorted(values)
    bounds = [ordered[min(len(ordered) - 1, int(len(ordered) * (i + 1) / k) - 1)] for i in range(k)]
    return sorted(set(bounds))


def colour(value: float | None, bounds: list[float], *, withheld: bool = False) -> str:
    if withheld:
        return WITHHELD
    if value is None or not bounds:
        return EMPTY
    for i, bound in enumerate(bounds):
        if value <= bound:
            return PALETTE[round(i * (len(PALETTE) - 1) / max(1, len(bounds) - 1))]
    return PALETTE[-1]


def _rings(geom: BaseGeometry) -> list[list[tuple[float, float]]]:
    polys = getattr(geom, "geoms", [geom])
    rings = []
    for poly in polys:
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        rings.append(list(poly.exterior.coords))
        rings.extend(list(r.coords) for r in poly.interiors)
    return rings


def svg(areas: list[MapArea], outlines: Mapping[str, BaseGeometry], *, title: str,
        width: int = 640) -> str:
    """An interactive-ready SVG: one ``<path>`` per area with ``data-code``, ``data-value``
    and a ``<title>`` tooltip; a legend of the classes."""
    shown = [a for a in areas if a.code in outlines]
    if not shown:
        return '<p class="muted">No outlines for these areas.</p>'
    minx = min(outlines[a.code].bounds[0] for a in shown)
    miny = min(outlines[a.code].bounds[1] for a in shown)
    maxx = max(outlines[a.code].bounds[2] for a in shown)
    maxy = max(outlines[a.code].bounds[3] for a in shown)
    scale = width / max(maxx - minx, 1e-9)
    height = max(1, int((maxy - miny) * scale))
    bounds = classes([a.value for a in shown if a.value is not None and not a.withheld])
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 40}" '
              f'role="img" aria-label="{escape(title)}" class="choropleth" data-testid="choropleth">'),
             ('<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
              'patternTransform="rotate(45)"><rect width="6" height="6" fill="#d9d9d9"/>'
              '<line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="2"/></pattern></defs>')]
    for a in shown:
        d = " ".join("M" + " L".join(f"{(x - minx) * scale:.1f},{(maxy - y) * scale:.1f}" for x, y in ring) + " Z"
                     for ring in _rings(outlines[a.code]))
        fill = "url(#hatch)" if a.withheld else colour(a.value, bounds)
        parts.append(f'<path d="{d}" fill="{fill}" stroke="#555" stroke-width="0.6" '
                     f'data-code="{escape(a.code)}" data-value="{"" if a.value is None else a.value}" '
                     f'data-withheld="{int(a.withheld)}" tabindex="0">'
                     f'<title>{escape(a.name)} ({escape(a.code)}): {escape(a.label)}</title></path>')
    x = 4.0
    for i, bound in enumerate(bounds):
        fill = colour(bound, bounds)
        parts.append(f'<rect x="{x}" y="{height + 14}" width="14" height="14" fill="{fill}" stroke="#555"/>'
                     f'<text x="{x + 18}" y="{height + 26}" font-size="11">≤ {bound:g}</text>')
        x += 80
    parts.append(f'<rect x="{x}" y="{height + 14}" width="14" height="14" fill="url(#hatch)" stroke="#555"/>'
                 f'<text x="{x + 18}" y="{height + 26}" font-size="11">withheld</text></svg>')
    return "".join(parts)


def figure(areas: list[MapArea], outlines: Mapping[str, BaseGeometry], *, title: str, fmt: str) -> bytes:
    """The same map as an SVG or PNG file, drawn by matplotlib."""
    if fmt not in ("svg", "png"):
        raise ValueError("map format must be svg or png")
    shown = [a for a in areas if a.code in outlines]
    bounds = classes([a.value for a in shown if a.value is not None and not a.withheld])
    fig, ax = plt.subplots(figsize=(8, 8), dpi=120)
    try:
        for a in shown:
            rings = _rings(outlines[a.code])
            if not rings:
                continue
            verts = [pt for ring in rings for pt in ring]
            codes = [c for ring in rings for c in
                     [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY]]
            patch = PathPatch(MplPath(verts, codes), facecolor=colour(a.value, bounds, withheld=a.withheld),
                              edgecolor="#555555", linewidth=0.5, hatch="///" if a.withheld else None)
            ax.add_patch(patch)
        ax.autoscale_view()
        ax.set_aspect("equal")
        ax.set_axis_off()
        ax.set_title(title)
        handles = [Patch(facecolor=colour(b, bounds), edgecolor="#555555", label=f"≤ {b:g}") for b in bounds]
        handles.append(Patch(facecolor=WITHHELD, hatch="///", edgecolor="#555555", label="withheld"))
        ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, bbox_inches="tight")
        return buffer.getvalue()
    finally:
        plt.close(fig)
