"""A firm with staff is an employer, not its owner: its calls count where he deals personally.

The blind world's false facilitator rows (dev seed 50111, rows read after scoring): the director
of an installation firm with 44 employees on its payroll ("Salaris") and the owners of two phone
shops with three or four employees each. Members of criminal groups phone the firm's number like
any of its 150 customers, and the calls counted as the owner's own: two groups passed the
beyond-chance test at p = 0.04–0.05 and one at 0.016. A one-man business (an eenmanszaak without
staff, the *zzp'er*) is its owner — his number, his account; a business with employees answers
its phone and serves its customers through them (``service.staffed_firms``). Its calls and
payments count, as an employer's always did, only in groups with whom he deals personally.
"""

from __future__ import annotations

from pathlib import Path

from offensief.store.duckstore import Store
from tests.network.test_facilitator_crime import _groups, _load, _row
from tests.network.world import _e, person

ROLE = "digital_facilitator"


def _shop(*, staff: int, shop_callers: list[str], own_callers: list[str] = ()) -> dict[str, list[dict]]:
    """Belwinkel Vos (eenmanszaak, SBI 4742 text), owned by p-sh; ``shop_callers`` call the shop's
    number, ``own_callers`` call p-sh himself; the shop pays monthly wages to ``staff`` employees
    (ordinary households of the public, ``q<h>-0``)."""
    police, calls = _groups()
    kvk = [person("p-sh", "Ruud Vos"),
           _e("c-sh", "Company", name="Belwinkel Vos", sector="Detailhandel in telecommunicatieapparatuur",
              legalForm="Eenmanszaak"),
           _e("d-sh", "Directorship", director="p-sh", organization="c-sh", role="eigenaar")]
    calls += [_e(f"call-sh-{m}-{k}", "Call", caller=m, receiver="c-sh") for m in shop_callers for k in range(2)]
    calls += [_e(f"call-p-{m}-{k}", "Call", caller=m, receiver="p-sh") for m in own_callers for k in range(2)]
    wages = [_e(f"sal-{h}-{month}", "Payment", payer="c-sh", beneficiary=f"q{h}-0", amount="2150",
                description=f"Salaris {month} 2024", date=f"2024-{month:02d}-25")
             for h in range(staff) for month in (1, 2, 3)]
    return {"politie-bvh": police, "kvk": kvk, "telecom": calls, **({"bank": wages} if wages else {})}


def test_one_man_phone_shop_called_by_two_groups_is_a_digital_facilitator(store: Store, tmp_path: Path) -> None:
    """Without staff the shop is its owner: two members of each group call it — he meets the
    definition (unchanged by the rule)."""
    rows = _load(store, tmp_path, _shop(staff=0, shop_callers=["a0", "a1", "b0", "b1"]))
    row = _row(rows, "p-sh", ROLE)
    assert row is not None and row["flagged"] is True


def test_phone_shop_with_staff_called_by_two_groups_is_no_facilitator(store: Store, tmp_path: Path) -> None:
    """Look-alike: the same shop and callers, but the shop pays wages to two employees. The calls
    are with the business; its owner deals with neither group himself: no row."""
    rows = _load(store, tmp_path, _shop(staff=2, shop_callers=["a0", "a1", "b0", "b1"]))
    assert _row(rows, "p-sh", ROLE) is None


def test_owner_of_a_shop_with_staff_who_deals_with_the_groups_himself_serves_them(store: Store,
                                                                                tmp_path: Path) -> None:
    """The shop has staff, but a0 and b0 call its owner on his own phone: in those groups the
    shop's calls (a1, b1) count too, as an employer's do where the insider deals personally — he
    serves both groups."""
    rows = _load(store, tmp_path, _shop(staff=2, shop_callers=["a1", "b1"], own_callers=["a0", "b0"]))
    row = _row(rows, "p-sh", ROLE)
    assert row is not None and row["flagged"] is True
    assert "2 in contact" in row["explanation"]["text"]


def test_wages_paid_to_the_owner_himself_are_no_staff() -> None:
    """A firm paying its owner (or his relatives) a salary has no staff: it is still the owner."""
    import igraph as ig

    from offensief.network.service import staffed_firms

    g = ig.Graph(directed=True, n=5)
    g.add_edges([(1, 0), (1, 2), (3, 4), (3, 4)])
    g.es["type"] = ["payment", "payment", "payment", "employment"]
    g.es["note"] = ["Salaris januari", "Salaris januari", "Factuur loonadministratie", ""]
    g.es["purpose"] = ["", "", "", ""]
    # firm 1: owner 0 and his wife 2 (relatives); firm 3: pays an accountant for payroll work
    assert staffed_firms(g, {1: {0}, 3: {2}}, relatives={0: {2}, 2: {0}}) == set()
    g.add_edges([(4, 3)])
    g.es[4]["type"], g.es[4]["note"], g.es[4]["purpose"] = "employment", "", ""
    assert staffed_firms(g, {1: {0}, 3: {2}}, relatives={0: {2}, 2: {0}}) == {3}
