"""The demo's prevention data: areas with generated outlines, statistics, tracks, a campaign,
and the store indicators computed from the demo world. Loaded through the same loader as
``offensief area load``; running it again changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
from sqlalchemy.orm import Session

from offensief.db.engine import open_workspace_database
from offensief.demo.areas import demo_areas
from offensief.prevent import compute, service
from offensief.prevent.outlines import voronoi_outlines
from offensief.prevent.programme import CampaignInput, TrackInput
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

TRACKS = (  # (wijk of the first campaign gemeente, track, kind, title, budget, participants, outputs, outcomes)
    (0, "education", "school_programme", "Weerbaar op school: lessen over criminele verleiding",
     185_000, 412, {"lessons": 96, "schools": 7}, {"pupils_reporting_pressure_pct": 11.5}),
    (0, "education", "mentoring", "Mentoren voor jongeren met een risicoprofiel", 240_000, 38,
     {"mentor_pairs": 38, "meetings": 610}, {"school_dropout_pct": 4.2}),
    (1, "work", "job_track", "Baangarantie-traject 18-27", 320_000, 64,
     {"placements": 41}, {"in_work_after_12_months_pct": 58.0}),
    (1, "housing", "housing_check", "Woningchecks bij verdachte verhuur", 95_000, 0,
     {"addresses_checked": 214, "closures_13b": 3}, {"illegal_sublets_found": 17}),
    (2, "safety", "safety_measure", "Cameratoezicht en verlichting winkelstrip", 150_000, 0,
     {"cameras": 12, "lights": 40}, {"reported_incidents_change_pct": 0.0}),
    (2, "education", "mentoring", "Straatcoaches in de avond", 70_000, 7,
     {"evenings": 150}, {"repeat_contacts": 5}),
)


def seed_prevention(session: Session, folder: Path, *, con: duckdb.DuckDBPyConnection | None = None) -> None:
    """Write the demo's area files to ``folder``, load them, add tracks and the campaign and
    (with the store's connection) compute the store indicators."""
    data = demo_areas()
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("areas.csv", data.areas), ("postcodes.csv", data.postcodes), ("values.csv", data.values)):
        (folder / name).write_text(text, encoding="utf-8")
        service.load_file(session, folder / name, by="demo")
    if not service.outlines(session):
        service.set_outlines(session, voronoi_outlines(service.hierarchy(session), centres=data.centres),
                             source="generated (Voronoi)")
    hierarchy = service.hierarchy(session)
    first = data.campaign_areas[0]
    if not service.tracks(session):
        wijken = hierarchy.children(first)
        for w, track, kind, title, budget, people, outputs, outcomes in TRACKS:
            service.add_track(session, TrackInput(
                area=wijken[w], track=track, kind=kind, title=title, start=date(2025, 1, 1),
                end=date(2026, 12, 31), budget=budget, participants=people, outputs=dict(outputs),
                outcomes=dict(outcomes)), by="demo")
    if not service.campaigns(session):
        service.add_campaign(session, CampaignInput(
            name="Snuiven is niet onschuldig", target_group="young adults (18-30) who go out",
            channels=["social media", "festivals", "online video"], start=date(2025, 1, 1),
            end=date(2025, 12, 31), reach=184_500, indicator="drug_incidents",
            areas=list(data.campaign_areas), survey_before=41.0, survey_after=33.5,
            survey_question="Occasional cocaine use harms no one (% agree)"), by="demo")
    session.commit()
    if con is not None:
        compute.refresh(session, con, datasets=compute.network_datasets(session))


def seed_prevention_workspace(workspace: Workspace) -> None:
    """:func:`seed_prevention` on a workspace: area files in ``<workspace>/areas``, the store
    indicators from its analytical store."""
    database = open_workspace_database(workspace)
    try:
        with Store.open(workspace) as store, database.session() as session:
            seed_prevention(session, workspace.root / "areas", con=store.con)
    finally:
        database.dispose()
