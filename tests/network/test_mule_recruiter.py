"""A mule recruiter serves several groups, though his mules sit in his own cluster (issue 13).

The third world's mule recruiters (rows, not the generator): the lieutenants of several groups
call him, and the mules he recruited for them pay him small cuts ("Tikkie"). A mule's one
criminal tie is the recruiter, so the criminal network puts the mules of every group into his
own cluster, with the petty offenders they know: paid by "one group". Who pays him is counted by
the payers' own ties (``ServiceIndex.crews``): mules who do not deal with each other each stand
alone, while a lieutenant's workers, who call each other, are one crew.
"""

from __future__ import annotations

from pathlib import Path

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


def _recruiter(pid: str, *, mules: list[str], clients: list[str], crew: bool) -> tuple[list, list, list]:
    """(police, calls, payments): ``pid`` is called by ``clients`` (two members of each group),
    calls the ``mules`` (known to police, no other criminal ties), is called by four petty
    offenders, is paid
    a cut by each mule and pays his rent. With ``crew`` the mules call each other (a crew of
    workers paying their lieutenant)."""
    police = [person(pid, f"Werver {pid}")] + [person(m, f"Katvanger {m}") for m in mules]
    calls = [_e(f"call-{pid}-{c}-{k}", "Call", caller=c, receiver=pid) for c in clients for k in range(3)]
    calls += [_e(f"call-{pid}-{m}-{k}", "Call", caller=pid, receiver=m) for m in mules for k in range(3)]
    calls += [_e(f"call-{pid}-ring-{r}", "Call", caller=f"r{r}", receiver=pid) for r in (1, 5, 9, 13)]
    if crew:
        calls += [_e(f"call-{x}-{y}", "Call", caller=x, receiver=y) for x in mules for y in mules if x < y]
    money = [_e(f"tikkie-{m}", "Payment", payer=m, beneficiary=pid, amount="150", purpose="Tikkie") for m in mules]
    money += [person(f"ll-{pid}", "Verhuurder"),
              _e(f"rent-{pid}", "Payment", payer=pid, beneficiary=f"ll-{pid}", amount="900", purpose="Huur")]
    return police, calls, money


def _world(*, crew: bool) -> dict[str, list[dict]]:
    police, calls = _groups()
    ring_police, ring_calls = _petty_ring("r", 14)
    rw_police, rw_calls, money = _recruiter("p-rw", mules=[f"m{k}" for k in range(6)],
                                            clients=["a0", "a1", "b0", "b1"], crew=crew)
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
    assert "separate crews in his own cluster" in row["explanation"]["text"]


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
