"""A leader who keeps his distance (Morselli 2009; Duijn, Kashirin & Sloot 2014): he phones his
lieutenants a few times but meets them often (FtM ``Event`` with ``involved``); the lieutenants
run cells of workers by phone and are the best-connected members; straw men direct the fronts
and receive the money; money mules pass it on. The kingpin rows must go to the leaders."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from offensief.ingest import ingest_file
from offensief.network.graph import entity_graph, focus, person_projection
from offensief.network.roles import analyse_roles
from offensief.store.duckstore import Store
from tests.network.world import _e, person, write_jsonl


def _world(*, meetings: bool = True) -> list[dict]:
    out: list[dict] = []
    n = 0

    def call(a: str, b: str, times: int) -> None:
        nonlocal n
        for _ in range(times):
            n += 1
            out.append(_e(f"call-{n}", "Call", caller=a, receiver=b))

    def pay(a: str, b: str, amount: int, text: str = "") -> None:
        nonlocal n
        n += 1
        out.append(_e(f"pay-{n}", "Payment", payer=a, beneficiary=b, amount=str(amount), description=text))

    for g in ("a", "b"):
        boss, lts = f"{g}-boss", [f"{g}-lt{i}" for i in range(3)]
        out.append(person(boss, f"Baas {g}"))
        for lt in lts:
            out.append(person(lt, f"Luitenant {lt}"))
            call(boss, lt, 2)  # few calls: the rest goes over encrypted phones
            workers = [f"{lt}-w{k}" for k in range(5)]
            for w in workers:
                out.append(person(w, f"Werker {w}"))
                call(lt, w, 4)
            for w, v in pairwise(workers):
                call(w, v, 1)
        for x, y in pairwise(lts):
            call(x, y, 3)
        for m in range(10):  # observed meetings of the boss with one or two lieutenants
            present = [boss, lts[m % 3]] + ([lts[(m + 1) % 3]] if m % 2 else [])
            if meetings:
                out.append(_e(f"meet-{g}-{m}", "Event", name=f"Ontmoeting {m}", involved=present,
                              date=f"2025-03-{m + 1:02d}"))
        straw, firm = f"{g}-straw", f"{g}-front"
        out += [person(straw, f"Stroman {g}"),
                _e(firm, "Company", name=f"Front {g} BV", legalForm="Besloten Vennootschap"),
                _e(f"{g}-dir", "Directorship", director=straw, organization=firm, role="bestuurder"),
                _e(f"{g}-fam", "Family", person=boss, relative=straw, relationship="zwager")]
        call(straw, lts[0], 2)
        for k in range(2):
            mule = f"{g}-mule{k}"
            out.append(person(mule, f"Katvanger {mule}"))
            call(mule, lts[1], 2)
            pay(lts[1], mule, 9000, "contant storting")
            pay(mule, firm, 8800, "lening")
        for lt in lts:
            pay(lt, firm, 20000, "management fee")
    return out


def _rows(store: Store, tmp_path: Path, **kw: bool) -> list[dict]:
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "w.jsonl", _world(**kw)))
    eg = entity_graph(store)
    return analyse_roles(person_projection(eg), entity_graph=eg, top=10, seeds=2)["roles"]


def test_meetings_are_ties(store: Store, tmp_path: Path) -> None:
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "w.jsonl", _world()))
    eg = entity_graph(store)
    assert sum(t == "meeting" for t in eg.es["type"]) == 2 * (10 + 5 * 2)  # pairs present, 2 groups
    projection = person_projection(eg)
    names = projection.vs["name"]
    tie = projection.es[projection.get_eid(names.index("a-boss"), names.index("a-lt0"))]
    assert tie["types"]["meeting"] > tie["types"]["call"]
    scope = focus(projection, datasets=["politie-bvh"])
    assert scope.vcount() == projection.vcount()


def test_a_crowd_is_no_meeting(store: Store, tmp_path: Path) -> None:
    crowd = [person(f"p{i}", f"Bezoeker {i}") for i in range(30)]
    crowd.append(_e("feest", "Event", name="Bruiloft", involved=[f"p{i}" for i in range(30)]))
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "c.jsonl", crowd))
    assert "meeting" not in entity_graph(store).es["type"]


def test_the_boss_who_meets_is_the_kingpin(store: Store, tmp_path: Path) -> None:
    rows = _rows(store, tmp_path)
    kingpins = [r["id"] for r in rows if r["role"] == "kingpin"]
    assert set(kingpins[:2]) == {"a-boss", "b-boss"}, kingpins
    boss = next(r for r in rows if r["id"] == "a-boss" and r["role"] == "kingpin")
    assert {"meeting_share", "meetings", "span"} <= {f["name"] for f in boss["explanation"]["features"]}
    lieutenants = [r["id"] for r in rows if r["role"] == "lieutenant"]
    assert {"a-lt0", "a-lt1", "a-lt2"} <= set(lieutenants)


def test_unobserved_meetings_are_left_out_not_held_against_him(store: Store, tmp_path: Path) -> None:
    """The same network without the meetings: the meeting features are left out (and said so),
    and the boss ranks no better than with them."""
    with_meetings = _rows(store, tmp_path)
    store.con.execute("DELETE FROM statement_rows")
    without = _rows(store, tmp_path, meetings=False)

    def boss(rows: list[dict]) -> dict:
        return next(r for r in rows if r["id"] == "a-boss" and r["role"] == "kingpin")

    assert boss(with_meetings)["rank"] <= boss(without)["rank"]
    assert {"meetings", "meeting_share"} <= set(boss(without)["explanation"]["left_out"])
    assert not {"meetings", "meeting_share"} & set(boss(with_meetings)["explanation"]["left_out"])
    family = next(f for f in boss(without)["explanation"]["features"] if f["name"] == "family_holdings")
    assert family["value"] == 1.0  # the brother-in-law directs the front
