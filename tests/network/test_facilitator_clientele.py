"""A facilitator must be shown to *serve* criminals, not merely own a firm in a facilitating trade.

An ordinary transport firm ("Jansen Transport BV": a trade by its name only) is called and paid
by the people of its town. A town's worth of people holds a few whom the police know (four of
fourteen), so two of its eleven callers are: that is chance, not a criminal clientele — the town is no client group,
and neither are benign clients alone. The same firm, called and paid by the criminal side of two
groups, is a logistics facilitator."""

from __future__ import annotations

from pathlib import Path

from offensief.network.graph import entity_graph, person_projection
from offensief.network.roles import analyse_roles
from offensief.network.service import criminal_side
from offensief.store.duckstore import Store
from tests.network.world import _e, load_sources, person

TOWN = [f"t{i:02d}" for i in range(14)]
#: Known to police in the town: two among the firm's callers (TOWN[:11]), two not.
KNOWN_IN_TOWN = ("t03", "t07", "t12", "t13")


def _groups() -> tuple[list[dict], list[dict]]:
    """(police registrations, calls) of two criminal groups of six who all call each other."""
    police: list[dict] = []
    calls: list[dict] = []
    for g in ("a", "b"):
        members = [f"{g}{i}" for i in range(6)]
        police += [person(m, f"Lid {m}") for m in members]
        calls += [_e(f"call-{x}-{y}", "Call", caller=x, receiver=y) for x in members for y in members if x < y]
    return police, calls


def _town(known: tuple[str, ...] = ()) -> tuple[list[dict], list[dict]]:
    """(registry records, calls) of a town's people, who all know each other: one community —
    except that those ``known`` to police (each for an incident of his own) do not phone each
    other: four known persons who all do would be a group of the criminal network
    (network/service.py, :func:`criminal_groups`)."""
    brp = [person(m, f"Inwoner {m}", address=f"Dorpsstraat {i}, 1234 AB Ergens") for i, m in enumerate(TOWN)]
    calls = [_e(f"call-{x}-{y}", "Call", caller=x, receiver=y) for x in TOWN for y in TOWN
             if x < y and not (x in known and y in known)]
    return brp, calls


def _transport(clients: list[str]) -> tuple[list[dict], list[dict], list[dict]]:
    """(register records, calls, invoices) of Jansen Transport BV — no activity in the register,
    the trade only in its name — called on its number and paid on its account by ``clients``."""
    kvk = [person("p-tr", "Henk Jansen"),
           _e("c-tr", "Company", name="Jansen Transport BV", legalForm="BV"),
           _e("d-tr", "Directorship", director="p-tr", organization="c-tr", role="bestuurder")]
    calls = [_e(f"call-tr-{m}", "Call", caller=m, receiver="c-tr") for m in clients]
    invoices = [_e(f"inv-tr-{m}", "Payment", payer=m, beneficiary="c-tr", amount="850", description="Factuur vracht")
                for m in clients]
    return kvk, calls, invoices


def _rows(store: Store, tmp_path: Path, sources: dict[str, list[dict]]) -> list[dict]:
    load_sources(store, tmp_path, sources)
    eg = entity_graph(store)
    return analyse_roles(person_projection(eg), entity_graph=eg, top=10, seeds=2)["roles"]


#: Households of four around the town: the public against which a group's dealings with the firm
#: are weighed (a group served beyond chance, network/service.py).
PUBLIC = 100


def _public() -> tuple[list[dict], list[dict]]:
    """(registry records, calls) of :data:`PUBLIC` households of four, each calling within itself."""
    brp: list[dict] = []
    calls: list[dict] = []
    for h in range(PUBLIC):
        family = [f"q{h}-{k}" for k in range(4)]
        brp += [person(m, f"Huisgenoot {m}", address=f"Laan {h}, 1234 AB Ergens") for m in family]
        calls += [_e(f"call-{x}-{y}", "Call", caller=x, receiver=y) for x in family for y in family if x < y]
    return brp, calls


def _world(clients: list[str], *, known_in_town: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    police, group_calls = _groups()
    police += [person(m, f"Inwoner {m}") for m in known_in_town]  # an old incident, a son
    brp, town_calls = _town(known_in_town)
    public, public_calls = _public()
    kvk, calls, invoices = _transport(clients)
    return {"politie-bvh": police, "brp": brp + public, "kvk": kvk,
            "telecom": group_calls + town_calls + public_calls + calls, "bank": invoices}


def _facilitator_rows(rows: list[dict], pid: str) -> list[dict]:
    return [r for r in rows if r["id"] == pid and r["role"].endswith("facilitator")]


def test_a_groups_criminal_side_is_over_represented_among_those_dealing_with_him() -> None:
    assert criminal_side(2, 2, known=6, members=6) and criminal_side(3, 8, known=20, members=90)
    assert not criminal_side(2, 11, known=30, members=151)  # as often as in the community: chance
    assert not criminal_side(1, 1, known=1, members=20)     # one person's record is his, not his group's


def test_transport_firm_with_only_benign_clients_is_no_facilitator(store: Store, tmp_path: Path) -> None:
    rows = _rows(store, tmp_path, _world(TOWN[:11]))
    assert _facilitator_rows(rows, "p-tr") == []


def test_ordinary_firm_whose_town_holds_a_few_known_to_police_is_no_facilitator(store: Store, tmp_path: Path) -> None:
    """Eleven of the town call and pay the firm, two of them known to police (18 %, against 29 %
    of the town); two members of
    group a call it too. One criminal group at most, and a trade known only by the firm's name:
    no row (before, the town counted as a second criminal client group)."""
    world = _world([*TOWN[:11], "a0", "a1"], known_in_town=KNOWN_IN_TOWN)
    assert _facilitator_rows(_rows(store, tmp_path, world), "p-tr") == []


def test_same_firm_paid_by_two_criminal_groups_is_a_logistics_facilitator(store: Store, tmp_path: Path) -> None:
    world = _world([*TOWN[:11], "a0", "a1", "b0", "b1"], known_in_town=KNOWN_IN_TOWN)
    rows = _facilitator_rows(_rows(store, tmp_path, world), "p-tr")
    assert [r["role"] for r in rows] == ["logistics_facilitator"]
    row = rows[0]
    assert row["rank"] == 1 and row["flagged"] is False  # a trade by the firm's name is a lead
    features = {f["name"]: f["value"] for f in row["explanation"]["features"]}
    assert features["logistics_clients"] == 2 and features["groups_paying"] == 2
    text = row["explanation"]["text"]
    assert text.count("criminal group of 6: 2 deal with him (2 known to police)") == 2
    assert "Inwoner" not in text and "11 in contact" not in text
