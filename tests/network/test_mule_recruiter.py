"""A mule recruiter serves several groups, though his mules sit in his own cluster (issue 13).

The third world's mule recruiters (rows, not the generator): the lieutenants of several groups
call him, and the mules he recruited for them pay him small cuts ("Tikkie"). A mule's one
criminal tie is the recruiter, so the criminal network puts the mules of every group into his
own cluster, with the petty offenders they know: paid by "one group". Who pays him is counted by
the payers' own ties (``ServiceIndex.crews``): mules who do not deal with each other each stand
alone, while a lieutenant's workers, who call each other, are one crew.

His service is typed financial by the **cuts** (``inferred_trade.cut``): each mule receives a sum
from a front firm, forwards it abroad the next day and pays him a small share the day after. He
keeps his cuts — his own spending (rent) is no passing on of the groups' money.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from offensief.store.duckstore import Store
from tests.network.test_facilitator_crime import _groups, _load, _row
from tests.network.world import _e, person


def _petty_ring(prefix: str, size: int) -> tuple[list[dict], list[dict]]:
    """(police registrations, calls) of petty offenders who each call the next one (a loose
    cluster of persons known to police for their own incidents)."""
    members = [f"{prefix}{k}" for k in range(size)]
    police = [person(m, f"Bekende {m}") for m in members]
    calls = [_e(f"call-{prefix}{k}", "Call", caller=members[k], receiver=members[(k + 1) % size])
             for k in range(size)]
    return police, calls


def _recruiter(pid: str, *, mules: list[str], clients: list[str], crew: bool,
               forward: bool = True) -> tuple[list, list, list]:
    """(police, calls, payments): ``pid`` is called by ``clients`` (two members of each group),
    calls the ``mules`` (known to police, no other criminal ties), is called by four petty
    offenders, is paid a cut by each mule and pays his rent a week later. With ``forward`` each
    mule first receives EUR 3,000 from a front firm and forwards 2,700 abroad the next day, and the
    cut (150) follows a day later; without it the 150 is all the mule ever moves. With ``crew``
    the mules call each other (a crew of workers paying their lieutenant)."""
    police = [person(pid, f"Werver {pid}")] + [person(m, f"Katvanger {m}") for m in mules]
    calls = [_e(f"call-{pid}-{c}-{k}", "Call", caller=c, receiver=pid) for c in clients for k in range(3)]
    calls += [_e(f"call-{pid}-{m}-{k}", "Call", caller=pid, receiver=m) for m in mules for k in range(3)]
    calls += [_e(f"call-{pid}-ring-{r}", "Call", caller=f"r{r}", receiver=pid) for r in (1, 5, 9, 13)]
    if crew:
        calls += [_e(f"call-{x}-{y}", "Call", caller=x, receiver=y) for x in mules for y in mules if x < y]
    money = [_e(f"tikkie-{m}", "Payment", payer=m, beneficiary=pid, amount="150", purpose="Tikkie",
                date=f"2024-03-{10 + k:02d}") for k, m in enumerate(mules)]
    if forward:
        money += [_e("front", "Company", name="Shisha Lounge Centrum BV"), _e("abroad", "Company", name="Levant General Trading Ltd")]
        for k, m in enumerate(mules):
            money += [_e(f"in-{m}", "Payment", payer="front", beneficiary=m, amount="3000", purpose="Uitbetaling",
                         date=f"2024-03-{8 + k:02d}"),
                      _e(f"fwd-{m}", "Payment", payer=m, beneficiary="abroad", amount="2700", purpose="Transfer",
                         date=f"2024-03-{9 + k:02d}")]
    money += [person(f"ll-{pid}", "Verhuurder"),
              _e(f"rent-{pid}", "Payment", payer=pid, beneficiary=f"ll-{pid}", amount="900", purpose="Huur",
                 date="2024-03-25")]
    return police, calls, money


def _world(*, crew: bool, forward: bool = True) -> dict[str, list[dict]]:
    police, calls = _groups()
    ring_police, ring_calls = _petty_ring("r", 14)
    rw_police, rw_calls, money = _recruiter("p-rw", mules=[f"m{k}" for k in range(6)],
                                            clients=["a0", "a1", "b0", "b1"], crew=crew, forward=forward)
    return {"politie-bvh": police + ring_police + rw_police, "telecom": calls + ring_calls + rw_calls,
            "bank": money}


def test_mule_recruiter_paid_by_mules_in_his_own_cluster(store: Store, tmp_path: Path) -> None:
    """Two groups' lieutenants call him; six mules, who do not know each other, pay him a cut.
    The mules fall into his own cluster of the criminal network, yet each pays on his own: a
    financial candidate by structure (listed, never flagged)."""
    rows = _load(store, tmp_path, _world(crew=False))
    row = _row(rows, "p-rw", "financial_facilitator")
    assert row is not None and row["flagged"] is False
    assert "structural candidate, no trade known" in row["explanation"]["text"]
    assert "paid cuts by 6 persons in 6 separate crews" in row["explanation"]["text"]


def test_paid_small_sums_by_many_without_money_passing_through_them_is_not_typed(store: Store, tmp_path: Path) -> None:
    """Look-alike: the same person and payers, but the mules move no money — 150 is all they ever
    pay anyone — and he pays only his rent, two weeks later. No cut, nothing passed on: he serves
    two groups (a structural candidate), but the structure shows no financial service."""
    rows = _load(store, tmp_path, _world(crew=False, forward=False))
    assert _row(rows, "p-rw", "financial_facilitator") is None
    assert [r for r in rows if r["id"] == "p-rw" and r["role"] == "facilitator"]


@pytest.mark.parametrize(("onward", "typed"), [("2024-05-11", False), ("2024-05-02", True)])
def test_paid_by_two_groups_and_paying_rent_later_is_no_money_transferer(store: Store, tmp_path: Path, onward: str,
                                                                          typed: bool) -> None:
    """A person whom two members of each group call and pay ("Lening", EUR 750 each) and who pays
    his rent (EUR 1,600) ten days later is not passing their money on: no financial row (an insider
    bribed as a loan). The same person paying it on the next day is a money transferer."""
    police, calls = _groups()
    calls += [_e(f"call-tx-{m}-{k}", "Call", caller=m, receiver="p-tx") for m in ("a0", "a1", "b0", "b1") for k in range(2)]
    money = [_e(f"loan-{m}", "Payment", payer=m, beneficiary="p-tx", amount="750", purpose="Lening", date="2024-05-01")
             for m in ("a0", "a1", "b0", "b1")]
    money += [_e("ll-tx", "Company", name="Woningstichting Noord"),
              _e("rent-tx", "Payment", payer="p-tx", beneficiary="ll-tx", amount="1600", purpose="Overboeking",
                 date=onward)]
    rows = _load(store, tmp_path, {"politie-bvh": police, "brp": [person("p-tx", "Tamer Kade")], "telecom": calls,
                                   "bank": money})
    assert (_row(rows, "p-tx", "financial_facilitator") is not None) is typed


def test_lieutenant_paid_by_his_own_crew_is_no_facilitator(store: Store, tmp_path: Path) -> None:
    """Look-alike: the same person, but the six who pay him call each other — his crew paying
    their lieutenant a cut. One crew pays him: no facilitator of any type."""
    rows = _load(store, tmp_path, _world(crew=True))
    assert not [r for r in rows if r["id"] == "p-rw" and "facilitator" in r["role"]]


def test_lieutenant_of_a_large_group_paid_by_his_crew_counts_one_payer(store: Store, tmp_path: Path) -> None:
    """Look-alike where the crews decide: a lieutenant of a group of twelve deals with four of it
    (not embedded) and with two members of group b; three of his crew, who call each other, pay
    him a cut and he pays it on. His own cluster is a client group, but its paying members are
    one crew — paid by one, no structural candidate (counted person by person he would be)."""
    police, calls = _groups()
    crew = [f"c{k}" for k in range(12)]
    police += [person(m, f"Lid {m}") for m in [*crew, "p-lt"]]
    calls += [_e(f"call-{crew[k]}-{crew[(k + d) % 12]}", "Call", caller=crew[k], receiver=crew[(k + d) % 12])
              for k in range(12) for d in (1, 2, 3)]
    calls += [_e(f"call-lt-{m}-{n}", "Call", caller="p-lt", receiver=m) for m in crew[:4] for n in range(2)]
    calls += [_e(f"call-lt-{m}", "Call", caller=m, receiver="p-lt") for m in ("b0", "b1")]
    money = [_e(f"cut-{m}", "Payment", payer=m, beneficiary="p-lt", amount="400", purpose="Tikkie")
             for m in crew[:3]]
    money += [_e("up-lt", "Payment", payer="p-lt", beneficiary="a0", amount="1000", purpose="Lening")]
    rows = _load(store, tmp_path, {"politie-bvh": police, "telecom": calls, "bank": money})
    assert not [r for r in rows if r["id"] == "p-lt" and "facilitator" in r["role"]]


def _one_cut_per_group(*, forward: bool) -> dict[str, list[dict]]:
    """A recruiter whom two members of each group call, paid a cut (EUR 150) by one member of each
    group — a5 and b5, who do not deal with each other. With ``forward`` each first received EUR
    3,000 from a front firm and paid 2,700 on abroad the day before the cut; without it the 150 is
    all they move."""
    police, calls = _groups()
    calls += [_e(f"call-rc-{m}-{k}", "Call", caller=m, receiver="p-rc") for m in ("a0", "a1", "b0", "b1")
              for k in range(2)]
    money = [_e(f"tikkie-{m}", "Payment", payer=m, beneficiary="p-rc", amount="150", purpose="Tikkie",
                date=f"2024-06-{12 + k:02d}") for k, m in enumerate(("a5", "b5"))]
    if forward:  # each group's own front firm and foreign account: nothing ties a5 to b5
        for k, m in enumerate(("a5", "b5")):
            money += [_e(f"front-{m}", "Company", name=f"Shisha Lounge {m} BV"),
                      _e(f"abroad-{m}", "Company", name=f"Levant Trading {m} Ltd"),
                      _e(f"in-{m}", "Payment", payer=f"front-{m}", beneficiary=m, amount="3000",
                         purpose="Uitbetaling", date=f"2024-06-{10 + k:02d}"),
                      _e(f"fwd-{m}", "Payment", payer=m, beneficiary=f"abroad-{m}", amount="2700",
                         purpose="Transfer", date=f"2024-06-{11 + k:02d}")]
    return {"politie-bvh": police, "brp": [person("p-rc", "Rachid Werver")], "telecom": calls, "bank": money}


def test_one_cut_from_each_of_two_groups_is_each_group_paying(store: Store, tmp_path: Path) -> None:
    """One member of a group of six paying him is, by his reach among the public, not beyond
    chance — a shop's customer. A cut is no purchase: the member passed a larger sum on and paid
    him a share of it. One cut from each group: both groups pay him, a financial candidate by
    structure (dev third world 50111: a recruiter with four client groups, paid one cut by a mule
    of each of two, had no row)."""
    rows = _load(store, tmp_path, _one_cut_per_group(forward=True))
    row = _row(rows, "p-rc", "financial_facilitator")
    assert row is not None and row["flagged"] is False
    assert "paid cuts by 2 persons in 2 separate crews" in row["explanation"]["text"]


def test_one_small_payment_from_each_of_two_groups_is_chance(store: Store, tmp_path: Path) -> None:
    """Look-alike: the same calls and payments, but no money passed through the payers: one payer
    in a group of six is chance at his reach — no group pays him, no candidate of any kind."""
    rows = _load(store, tmp_path, _one_cut_per_group(forward=False))
    assert not [r for r in rows if r["id"] == "p-rc" and "facilitator" in r["role"]]
