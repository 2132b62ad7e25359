"""Area files: clear errors naming file, line and field; loads all or nothing; re-runnable."""

from __future__ import annotations

import json
import sqlite3
import struct
from datetime import date
from pathlib import Path

import pytest
import shapely
from shapely.geometry import box
from sqlalchemy import func, select

from offensief.db.prevent import AreaRecord, AreaValue
from offensief.db.testing import temporary_database
from offensief.model.errors import Conflict, InputError, NotFound
from offensief.prevent import service
from offensief.prevent.areas import Area, Hierarchy
from offensief.prevent.outlines import read_outlines, voronoi_outlines
from offensief.prevent.programme import CampaignInput, TrackInput

AREAS = "code,name\nGM0001,Stad\nWK000100,Centrum\nBU00010000,Oud\nBU00010001,Park\n"
VALUES = "area,indicator,period,value,base\nBU00010000,drug_incidents,2024,12,3000\nBU00010001,drug_incidents,2024,40,4000\n"


@pytest.fixture(params=[pytest.param("sqlite"), pytest.param("postgresql", marks=pytest.mark.postgres)])
def session(request, tmp_path):
    """The operational store on SQLite and on PostgreSQL (a fresh schema)."""
    with temporary_database(request.param, directory=str(tmp_path)) as db, db.session() as s:
        yield s


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "line", "field", "message"), [
    ("area,indicator,period,value\nBU00010000,drug_incidents,2024,12\nBU0001,drug_incidents,2024,3\n",
     3, "area", "not a CBS area code"),
    ("area,indicator,period,value\nBU00010000,heroin,2024,12\n", 2, "indicator", "unknown indicator"),
    ("area,indicator,period,value\nBU00010000,drug_incidents,24,12\n", 2, "period", "not a period"),
    ("area,indicator,period,value\nBU00010000,drug_incidents,2024,-1\n", 2, "value", "non-negative"),
    ("area,indicator,period,value,base\nBU00010000,drug_incidents,2024,50,40\n", 2, "value", "exceeds"),
    ("area,indicator,period,value\nBU00010000,drug_incidents,2024,5\nBU00010000,drug_incidents,2024,6\n",
     3, "area,indicator,period,value", "duplicate of line 2"),
    ("postcode,area\n1011,WK000100\n", 2, "area", "not a buurt"),
    ("code,naam\nGM0001,Stad\n", 1, "code,naam", "unknown header"),
])
def test_errors_name_file_line_and_field(session, tmp_path, text, line, field, message):
    service.load_file(session, write(tmp_path, "areas.csv", AREAS), by="t")
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(InputError, match=message) as err:
        service.load_file(session, path, by="t")
    assert (err.value.file, err.value.line, err.value.field) == (str(path), line, field)
    assert str(path) in str(err.value)


def test_unknown_area_and_missing_parent(session, tmp_path):
    with pytest.raises(InputError, match="parent WK000100") as err:
        service.load_file(session, write(tmp_path, "a.csv", "code,name\nBU00010000,Oud\n"), by="t")
    assert err.value.line == 2
    service.load_file(session, write(tmp_path, "areas.csv", AREAS), by="t")
    with pytest.raises(InputError, match="unknown area BU00990000") as err:
        service.load_file(session, write(tmp_path, "v.csv", "area,indicator,period,value\n"
                                         "BU00010000,drug_incidents,2024,3\nBU00990000,drug_incidents,2024,3\n"), by="t")
    assert (err.value.line, err.value.field) == (3, "area")


def test_load_is_atomic_and_rerunnable(session, tmp_path):
    service.load_file(session, write(tmp_path, "areas.csv", AREAS), by="t")
    session.commit()
    bad = write(tmp_path, "v.csv", VALUES + "BU00010001,drug_incidents,2025,x,1\n")
    with pytest.raises(InputError):
        service.load_file(session, bad, by="t")
    session.rollback()
    assert session.scalar(select(func.count()).select_from(AreaValue)) == 0  # nothing of it kept
    good = write(tmp_path, "v.csv", VALUES)
    assert not service.load_file(session, good, by="t").skipped
    assert service.load_file(session, good, by="t").skipped  # same content: nothing changes
    session.commit()
    assert session.scalar(select(func.count()).select_from(AreaValue)) == 2
    write(tmp_path, "v.csv", VALUES.replace(",12,", ",15,"))  # corrected figures replace cells
    service.load_file(session, good, by="t")
    values = sorted(v.value for v in session.scalars(select(AreaValue)))
    assert values == [15, 40]


def test_geojson_and_geopackage_outlines(session, tmp_path):
    service.load_file(session, write(tmp_path, "areas.csv", AREAS), by="t")
    features = [{"type": "Feature", "properties": {"statcode": "BU00010000", "statnaam": "Oud"},
                 "geometry": shapely.geometry.mapping(box(0, 0, 1, 1))}]
    path = write(tmp_path, "o.geojson", json.dumps({"type": "FeatureCollection", "features": features}))
    service.load_file(session, path, by="t")
    assert session.get(AreaRecord, "BU00010000").outline_source == "o.geojson"
    gpkg = tmp_path / "o.gpkg"
    con = sqlite3.connect(gpkg)
    con.execute("CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT)")
    con.execute("INSERT INTO gpkg_geometry_columns VALUES ('buurten', 'geom')")
    con.execute("CREATE TABLE buurten (buurtcode TEXT, buurtnaam TEXT, geom BLOB)")
    blob = b"GP" + bytes([0, 0b0000_0010]) + struct.pack("<i", 28992) + struct.pack("<4d", 1, 2, 0, 1) \
        + shapely.to_wkb(box(1, 0, 2, 1))
    con.execute("INSERT INTO buurten VALUES ('BU00010001', 'Park', ?)", (blob,))
    con.commit()
    con.close()
    shapes = read_outlines(gpkg)
    assert shapes["BU00010001"][0] == "Park" and shapes["BU00010001"][1].equals(box(1, 0, 2, 1))
    bad = write(tmp_path, "bad.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "XX1"}, "geometry": None}]}))
    with pytest.raises(InputError, match="not a CBS area code") as err:
        read_outlines(bad)
    assert (err.value.line, err.value.field) == (1, "code")


def test_generated_outlines_tile_each_parent():
    areas = [Area("GM0001", "a"), Area("GM0002", "b"), Area("GM0003", "c")]
    areas += [Area(f"WK0001{w:02d}", "w") for w in range(3)]
    areas += [Area(f"BU0001{w:02d}{b:02d}", "b") for w in range(3) for b in range(4)]
    h = Hierarchy.of(areas)
    shapes = voronoi_outlines(h, seed=3)
    for parent in ("GM0001", "WK000100", "WK000102"):
        kids = [shapes[k] for k in h.children(parent)]
        union = shapely.union_all(kids)
        assert abs(union.area - shapes[parent].area) < 1e-6 * shapes[parent].area
        assert sum(k.area for k in kids) == pytest.approx(shapes[parent].area)  # no overlaps


def test_tracks_and_campaigns_hold_aggregates_only(session, tmp_path):
    service.load_file(session, write(tmp_path, "areas.csv", AREAS), by="t")
    row = service.add_track(session, TrackInput(area="WK000100", track="education", kind="mentoring",
                                                title="Mentoren", start=date(2025, 1, 1), budget=1e5,
                                                participants=12, outputs={"pairs": 12}), by="t")
    assert service.tracks(session, area="WK000100")[0].id == row.id
    for bad, field in (({"track": "sport"}, "track"), ({"outputs": {"who": "Jan Jansen"}}, "outputs"),
                       ({"end": date(2024, 1, 1)}, "end"), ({"budget": float("nan")}, "budget")):
        item = TrackInput(area="WK000100", track="work", kind="job_track", title="x",
                          start=date(2025, 1, 1))
        for k, v in bad.items():
            setattr(item, k, v)
        with pytest.raises(InputError) as err:
            service.add_track(session, item, by="t")
        assert err.value.details["field"] == field
    with pytest.raises(NotFound):
        service.add_track(session, TrackInput(area="WK009900", track="work", kind="job_track", title="x",
                                              start=date(2025, 1, 1)), by="t")
    campaign = CampaignInput(name="C", target_group="youth", channels=["schools"], start=date(2025, 1, 1),
                             end=date(2025, 2, 1), reach=100, indicator="drug_incidents", areas=["BU00010000"])
    service.add_campaign(session, campaign, by="t")
    with pytest.raises(Conflict):
        service.add_campaign(session, campaign, by="t")
    campaign.name, campaign.comparison = "D", ["BU00010000"]
    with pytest.raises(InputError, match="both"):
        service.add_campaign(session, campaign, by="t")
    campaign.comparison = ["WK000100"]
    with pytest.raises(InputError, match="one level"):
        service.add_campaign(session, campaign, by="t")
    session.commit()
