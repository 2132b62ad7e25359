"""Area outlines: read from a GeoJSON or GeoPackage the user supplies, or generated.

Coordinates are used as given (CBS publishes RD New, EPSG:28992; WGS84 works too) and drawn
as a plane. A GeoPackage is an SQLite file whose geometries are WKB behind a small header,
so it is read with :mod:`sqlite3` and shapely, with no GDAL. Generated outlines are a
Voronoi tessellation per level (gemeenten around their centres, wijken inside their
gemeente, buurten inside their wijk): schematic shapes for areas without real ones.
"""

from __future__ import annotations

import json
import random
import sqlite3
import struct
from collections.abc import Mapping
from pathlib import Path

import shapely
from shapely.geometry import MultiPoint, Point, shape
from shapely.geometry.base import BaseGeometry

from offensief.model.errors import InputError
from offensief.prevent.areas import Hierarchy, level_of

CODE_FIELDS = ("code", "statcode", "gemeentecode", "wijkcode", "buurtcode", "CODE")
NAME_FIELDS = ("name", "statnaam", "gemeentenaam", "wijknaam", "buurtnaam", "NAME")


def read_outlines(path: Path, *, code_field: str | None = None) -> dict[str, tuple[str | None, BaseGeometry]]:
    """``code -> (name or None, geometry)`` from a ``.geojson``/``.json`` or ``.gpkg`` file."""
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        return _geojson(path, code_field)
    if suffix == ".gpkg":
        return _geopackage(path, code_field)
    raise InputError("outlines must be GeoJSON (.geojson) or a GeoPackage (.gpkg)", file=str(path))


def _pick(props: Mapping[str, object], wanted: str | None, fields: tuple[str, ...]) -> str | None:
    for key in ((wanted,) if wanted else fields):
        value = props.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return None


def _checked(code: str | None, *, file: str, line: int, field: str) -> str:
    if code is None:
        raise InputError("feature has no area code (give --code-field)", file=file, line=line, field=field)
    try:
        level_of(code.upper())
    except ValueError as exc:
        raise InputError(str(exc), file=file, line=line, field=field) from None
    return code.upper()


def _geojson(path: Path, code_field: str | None) -> dict[str, tuple[str | None, BaseGeometry]]:
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"not readable as JSON: {exc}", file=name) from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise InputError("not a GeoJSON FeatureCollection", file=name, field="features")
    out = {}
    for i, feature in enumerate(features, start=1):  # "line" = feature number
        props = feature.get("properties") or {}
        code = _checked(_pick(props, code_field, CODE_FIELDS), file=name, line=i,
                        field=code_field or "code")
        try:
            geom = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"bad geometry: {exc}", file=name, line=i, field="geometry") from None
        out[code] = (_pick(props, None, NAME_FIELDS), _valid(geom))
    return out


def _geopackage(path: Path, code_field: str | None) -> dict[str, tuple[str | None, BaseGeometry]]:
    name = str(path)
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        table, column = con.execute(
            "SELECT table_name, column_name FROM gpkg_geometry_columns LIMIT 1").fetchone()
        cur = con.execute(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
        con.close()
    except (sqlite3.Error, TypeError) as exc:
        raise InputError(f"not a GeoPackage: {exc}", file=name) from None
    out = {}
    for i, row in enumerate(rows, start=1):
        props = dict(zip(names, row, strict=True))
        code = _checked(_pick(props, code_field, CODE_FIELDS), file=name, line=i,
                        field=code_field or "code")
        try:
            geom = shapely.from_wkb(_gpkg_wkb(props[column]))
        except (ValueError, struct.error, shapely.errors.GEOSException) as exc:
            raise InputError(f"bad geometry: {exc}", file=name, line=i, field=column) from None
        out[code] = (_pick(props, None, NAME_FIELDS), _valid(geom))
    return out


def _gpkg_wkb(blob: bytes) -> bytes:
    """The WKB inside a GeoPackage geometry blob (header: 'GP', version, flags, srs, envelope)."""
    if blob[:2] != b"GP":
        raise ValueError("missing GeoPackage geometry header")
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(blob[3] >> 1) & 0b111]
    return bytes(blob[8 + envelope:])


def _valid(geom: BaseGeometry) -> BaseGeometry:
    return geom if geom.is_valid else shapely.make_valid(geom)


def voronoi_outlines(hierarchy: Hierarchy, *, centres: Mapping[str, tuple[float, float]] | None = None,
                     seed: int = 7) -> dict[str, BaseGeometry]:
    """Generated outlines for every gemeente, wijk and buurt of ``hierarchy``."""
    rng = random.Random(seed)
    gemeenten = hierarchy.at("gemeente")
    centres = dict(centres or {})
    for i, code in enumerate(gemeenten):  # a jittered grid for gemeenten without a centre
        centres.setdefault(code, ((i % 6) * 100 + rng.uniform(-20, 20), (i // 6) * 100 + rng.uniform(-20, 20)))
    points = [centres[c] for c in gemeenten]
    if not points:
        return {}
    frame = MultiPoint(points).convex_hull.buffer(60, quad_segs=4) if len(points) > 1 else Point(points[0]).buffer(60)
    out: dict[str, BaseGeometry] = {}
    _split(frame, gemeenten, points, out)
    for level in ("wijk", "buurt"):
        parents = hierarchy.at("gemeente" if level == "wijk" else "wijk")
        for parent in parents:
            kids = [k for k in hierarchy.children(parent) if level_of(k) == level]
            if parent in out and kids:
                _split(out[parent], kids, _inside(out[parent], len(kids), rng), out)
    return out


def _inside(polygon: BaseGeometry, n: int, rng: random.Random) -> list[tuple[float, float]]:
    minx, miny, maxx, maxy = polygon.bounds
    found: list[tuple[float, float]] = []
    while len(found) < n:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if polygon.contains(Point(x, y)):
            found.append((x, y))
    return found


def _split(frame: BaseGeometry, codes: list[str], points: list[tuple[float, float]],
           out: dict[str, BaseGeometry]) -> None:
    if len(codes) == 1:
        out[codes[0]] = frame
        return
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=frame, ordered=True)
    for code, cell in zip(codes, cells.geoms, strict=True):
        out[code] = cell.intersection(frame)
