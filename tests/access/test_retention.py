"""Retention: expired data vanish from statements, derived tables, judgements and caches;
legal holds and open cases stop the clock; purges are audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from offensief.access import audit, retention
from offensief.access.judgements import active_judgements, add_judgement
from offensief.cases import service
from offensief.model.errors import InputError
from tests.access.world import build

FAR = date(2040, 1, 1)


@pytest.fixture
def world(session):
    w = build(session)
    yield w
    w.store.close()


def everything(store) -> str:
    """Every value in every table of the analytical store, as one string."""
    con = store.con
    parts = []
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables "
                                "WHERE table_schema = 'main'").fetchall():
        parts.append(str(con.execute(f'SELECT * FROM "{table}"').fetchall()))
    return "\n".join(parts)


def test_plan_defaults_per_regime(world, session):
    items = {i.dataset: i for i in retention.plan(world.store, session, today=date(2025, 1, 1))}
    assert items["fiu-meldingen"].expires == date(2029, 1, 1)      # wwft 5y
    assert items["bd-aangifte"].expires == date(2031, 1, 1)        # awr 7y
    assert items["politie-bvh"].expires is None                    # case+6m, case still open
    assert items["kvk"].expires is None and not any(i.due for i in items.values())


def test_purge_after_case_closes_removes_every_trace(world, session, tmp_path):
    store = world.store
    # derived results other engineers keep: by dataset, by datasets list, by entity
    store.con.execute("CREATE TABLE resolved (entity_id VARCHAR, canonical_id VARCHAR)")
    store.con.execute("INSERT INTO resolved VALUES ('p1', 'c-1'), ('p3', 'c-3')")
    store.con.execute("CREATE TABLE scores (node VARCHAR, datasets VARCHAR[], caption VARCHAR)")
    store.con.execute("INSERT INTO scores VALUES ('p1', ['politie-bvh'], 'Jan de Vries'), "
                      "('p3', ['gemeente-brp'], 'Karin Smit')")
    store.con.execute("CREATE TABLE edges (left_id VARCHAR, right_id VARCHAR, p DOUBLE)")
    store.con.execute("INSERT INTO edges VALUES ('p3', 'c1', 0.9), ('p1', 'c1', 0.8)")
    store.con.execute("CREATE TABLE alerts (dataset VARCHAR, text VARCHAR)")
    store.con.execute("INSERT INTO alerts VALUES ('fiu-meldingen', 'NL91ABNA0417164300')")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "centrality.json").write_text('{"Jan de Vries": 0.9}')
    add_judgement(session, left_id="p1", right_id="p3", verdict="not_same",
                  actor=world.users["om"], reason="r", case=world.case)
    service.close_case(session, case=world.case, actor=world.users["pol"])
    session.commit()
    today = world.case.closed_at.date() + timedelta(days=400)       # past case+6m and case+1y, before 5y
    report = retention.run(store, session, today=today, cache_dir=tmp_path / "cache")
    assert report["purged"] == ["gemeente-brp", "politie-bvh", "politie-riec"]
    dump = everything(store)
    for value in ("Jan de Vries", "1980-04-02", "+31612345678", "Karin Smit", "Piet Bakker"):
        assert value not in dump
    assert "NL91ABNA0417164300" in dump                             # wwft kept 5 years
    assert store.con.execute("SELECT count(*) FROM transactions").fetchone()[0] == 1
    assert store.con.execute("SELECT * FROM resolved").fetchall() == [("p1", "c-1")]  # p1 still in fiu/bd/kvk
    assert store.con.execute("SELECT count(*) FROM scores").fetchone()[0] == 0
    assert store.con.execute("SELECT left_id FROM edges").fetchall() == [("p1",)]
    assert list((tmp_path / "cache").iterdir()) == []
    assert active_judgements(session) == []                        # p3 vanished entirely
    assert report["removed"]["judgements"] == 1
    assert audit.entries(session, action="retention_purge")[0]["what"]["datasets"] == report["purged"]
    # everything expired later goes too
    later = retention.run(store, session, today=FAR, cache_dir=tmp_path / "cache")
    assert later["purged"] == ["bd-aangifte", "fiu-meldingen"]
    assert "NL91ABNA0417164300" not in everything(store) and "987654321" not in everything(store)
    assert "Zandloper Holding" in everything(store)                # open data: no retention


def test_dry_run_and_legal_hold(world, session, tmp_path):
    service.close_case(session, case=world.case, actor=world.users["pol"])
    hold = retention.add_hold(session, dataset="fiu-meldingen", reason="ontneming loopt",
                              actor=world.users["root"])
    case_hold = retention.add_hold(session, case=world.case, reason="hoger beroep",
                                   actor=world.users["pol"])
    dry = retention.run(world.store, session, today=FAR, dry_run=True, cache_dir=tmp_path / "c")
    assert dry["purged"] == [] and all(d["held"] for d in dry["datasets"]
                                       if d["dataset"] != "kvk" and d["expires"])
    retention.lift_hold(session, hold_id=case_hold.id, reason="onherroepelijk", actor=world.users["root"])
    report = retention.run(world.store, session, today=FAR, cache_dir=tmp_path / "c")
    assert "fiu-meldingen" not in report["purged"] and "politie-bvh" in report["purged"]
    assert world.store.con.execute(
        "SELECT count(*) FROM statements WHERE dataset = 'fiu-meldingen'").fetchone()[0] > 0
    assert hold.lifted_at is None
    with pytest.raises(InputError):
        retention.add_hold(session, reason="x")
