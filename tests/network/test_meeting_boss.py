"""A boss who meets his lieutenants but rarely phones them; lieutenants who phone many workers.

The hard case for a kingpin score (Morselli 2009; Calderoni 2014 on the 'Ndrangheta: bosses are
central in the meetings, not on the phone): the lieutenants are the best-connected members, they
attend the same meetings as the boss, the surveillance team also sees them hand over to their
workers, and they keep the street money. The boss phones each lieutenant once, nothing is paid
into his name, and the front firm is directed by a childhood friend who knows no one else (a
straw man one step away). Each boss must come before every lieutenant in the kingpin rows, and
the lieutenant rows must go to the lieutenants. (Before ``worker_calls``, ``payers`` and
``straw_holdings`` entered the kingpin score the nine lieutenants took the first nine rows.)
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from offensief.ingest import ingest_file
from offensief.network.graph import entity_graph, person_projection
from offensief.network.roles import analyse_roles
from offensief.store.duckstore import Store
from tests.network.world import _e, person, write_jsonl

GROUPS = ("a", "b", "c")
LIEUTENANTS = 3
WORKERS = 6  # per lieutenant


def _world() -> list[dict]:
    out: list[dict] = []
    n = 0

    def call(a: str, b: str, times: int) -> None:
        nonlocal n
        for _ in range(times):
            n += 1
            out.append(_e(f"call-{n}", "Call", caller=a, receiver=b))

    def pay(a: str, b: str, amount: int, text: str) -> None:
        nonlocal n
        n += 1
        out.append(_e(f"pay-{n}", "Payment", payer=a, beneficiary=b, amount=str(amount), description=text))

    for g in GROUPS:
        boss, lts = f"{g}-boss", [f"{g}-lt{i}" for i in range(LIEUTENANTS)]
        out.append(person(boss, f"Baas {g}"))
        for k, lt in enumerate(lts):
            out.append(person(lt, f"Luitenant {lt}"))
            call(boss, lt, 1)  # one call each: the rest is said face to face
            workers = [f"{lt}-w{w}" for w in range(WORKERS)]
            for j, w in enumerate(workers):
                out.append(person(w, f"Werker {w}"))
                call(lt, w, 3 + (k + j) % 3)
                pay(w, lt, 2500, "afdracht")  # street money goes to the lieutenant
                if j % 2 == 0:  # handovers the surveillance team saw: the lieutenant meets workers too
                    out.append(_e(f"handover-{w}", "Event", name=f"Overdracht {w}", involved=[lt, w, workers[j + 1]],
                                  date=f"2025-05-{j + 1:02d}"))
            for w, v in pairwise(workers):
                call(w, v, 1)
        for x, y in pairwise([*lts, lts[0]]):
            call(x, y, 4)  # the lieutenants phone each other
        for m in range(9):  # the boss with two of his lieutenants, every time
            present = [boss, lts[m % 3], lts[(m + 1) % 3]]
            out.append(_e(f"meet-{g}-{m}", "Event", name=f"Overleg {g} {m}", involved=present,
                          date=f"2025-04-{m + 1:02d}"))
        straw, firm = f"{g}-straw", f"{g}-front"
        out += [person(straw, f"Jeugdvriend {g}"),
                _e(firm, "Company", name=f"Front {g} BV", legalForm="Besloten Vennootschap"),
                _e(f"{g}-dir", "Directorship", director=straw, organization=firm, role="bestuurder"),
                _e(f"{g}-ass", "Associate", person=boss, associate=straw, relationship="jeugdvriend")]
    return out  # the street money stays with the lieutenants: nothing is paid into the boss's name


def _roles(store: Store, tmp_path: Path) -> list[dict]:
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "w.jsonl", _world()))
    eg = entity_graph(store)
    return analyse_roles(person_projection(eg), entity_graph=eg, top=30, seeds=2)["roles"]


def test_the_boss_who_meets_ranks_above_his_lieutenants(store: Store, tmp_path: Path) -> None:
    rows = _roles(store, tmp_path)
    kingpins = [r["id"] for r in rows if r["role"] == "kingpin"]
    assert set(kingpins[:len(GROUPS)]) == {f"{g}-boss" for g in GROUPS}, kingpins
    boss = next(r for r in rows if r["role"] == "kingpin" and r["id"] == "a-boss")
    used = {f["name"] for f in boss["explanation"]["features"]}
    assert {"meeting_share", "worker_calls", "straw_holdings"} <= used, used
    worker_calls = {f["name"]: f["value"] for f in boss["explanation"]["features"]}["worker_calls"]
    assert worker_calls == 0.0  # he phones only his lieutenants
    lieutenants = [r["id"] for r in rows if r["role"] == "lieutenant"]
    assert set(lieutenants[:len(GROUPS) * LIEUTENANTS]) == {f"{g}-lt{i}" for g in GROUPS
                                                             for i in range(LIEUTENANTS)}, lieutenants
