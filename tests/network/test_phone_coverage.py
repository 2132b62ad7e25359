"""Calls from a number whose user no record names (an unregistered prepaid phone) give no edge;
the entity graph counts them (graph.PhoneCoverage) and every kingpin row that uses the meeting
share says so: a member who phones from such a number looks as if he kept off the phone."""

from __future__ import annotations

from pathlib import Path

from offensief.ingest import ingest_file
from offensief.network.graph import PhoneCoverage, entity_graph, person_projection
from offensief.network.roles import analyse_roles, phone_caveat
from offensief.store.duckstore import Store
from tests.network.world import _e, person, write_jsonl


def _world(*, prepaid: bool, holder: bool = False) -> list[dict]:
    """A head who meets two lieutenants, each phoning a small cell; with ``prepaid`` one
    lieutenant also phones from number 0611111111, which a person record names only with
    ``holder``."""
    out = [person("boss", "Baas"), person("lt1", "Luitenant Een"), person("lt2", "Luitenant Twee")]
    if holder:
        out.append(person("lt2-prepaid", "Luitenant Twee", phone=["0611111111"]))
    n = 0
    for lt in ("lt1", "lt2"):
        for k in range(3):
            out.append(person(f"{lt}-w{k}", f"Werker {lt} {k}"))
            for _ in range(2):
                n += 1
                out.append(_e(f"call-{n}", "Call", caller=lt, receiver=f"{lt}-w{k}"))
        for m in range(2):
            n += 1
            out.append(_e(f"meet-{n}", "Event", name="Ontmoeting", involved=["boss", lt], date=f"2025-05-0{m + 1}"))
    if prepaid:
        for k in range(3):
            n += 1
            out.append(_e(f"call-{n}", "Call", callerNumber=["0611111111"], receiver="lt1-w0"))
    return out


def _graph(store: Store, tmp_path: Path, rows: list[dict]):
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "w.jsonl", rows))
    return entity_graph(store)


def test_calls_from_an_unregistered_number_are_counted(store: Store, tmp_path: Path) -> None:
    g = _graph(store, tmp_path, _world(prepaid=True))
    assert g["unattributed"] == PhoneCoverage(calls=15, unattributed=3, numbers=1)
    assert "call" in set(g.es["type"]) and len([t for t in g.es["type"] if t == "call"]) == 12
    out = analyse_roles(person_projection(g), entity_graph=g, top=20, seeds=2)
    kingpins = [r for r in out["roles"] if r["role"] == "kingpin"]
    assert kingpins and all(r["explanation"]["caveats"] == [phone_caveat(g)] for r in kingpins)
    assert all("3 of 15 calls (20%) have a number whose user is unknown" in r["explanation"]["text"]
               for r in kingpins)
    assert all(r["explanation"]["features"] for r in kingpins)  # the explanation itself stays


def test_a_number_a_person_record_names_is_attributed(store: Store, tmp_path: Path) -> None:
    """The same prepaid number held by a person record: its calls are his, nothing to warn of."""
    g = _graph(store, tmp_path, _world(prepaid=True, holder=True))
    assert g["unattributed"] == PhoneCoverage(calls=15, unattributed=0, numbers=0)
    assert phone_caveat(g) is None
    out = analyse_roles(person_projection(g), entity_graph=g, top=20, seeds=2)
    assert not any("caveats" in r["explanation"] for r in out["roles"])


def test_no_caveat_without_unattributed_calls(store: Store, tmp_path: Path) -> None:
    g = _graph(store, tmp_path, _world(prepaid=False))
    assert g["unattributed"] == PhoneCoverage(calls=12, unattributed=0, numbers=0)
    assert g["unattributed"].share == 0.0
    assert phone_caveat(g) is None and phone_caveat(None) is None


def test_a_shared_family_phone_is_attributed_to_both_holders(store: Store, tmp_path: Path) -> None:
    """A household's landline on two person records: its calls tie both, nothing is unknown."""
    rows = _world(prepaid=True) + [person("wife", "Partner", phone=["0611111111"]),
                                   person("husband", "Partner Twee", phone=["0611111111"])]
    g = _graph(store, tmp_path, rows)
    assert g["unattributed"] == PhoneCoverage(calls=15, unattributed=0, numbers=0)
    callers = {g.vs[e.source]["name"] for e in g.es if e["type"] == "call" and g.vs[e.target]["name"] == "lt1-w0"}
    assert {"wife", "husband"} <= callers
