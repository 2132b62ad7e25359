"""Facilitators without a stated sector (issue 13): the trade inferred from the firm's name or
from what clients pay for, and structural candidates when no trade is known at all."""

from __future__ import annotations

from pathlib import Path

from offensief.network.inferred_trade import service_words
from offensief.store.duckstore import Store
from tests.network.test_facilitator_variants import GROUPS, _calls, _groups, _row, _rows
from tests.network.world import _e, person


def test_surcharges_name_no_trade() -> None:
    assert "administratie" not in service_words("Administratiekosten Q1")
    assert "vracht" in service_words("Factuur vracht rit 12")
    assert "bank" not in service_words("Gift Online bankieren")  # the channel, not the service
    assert "mobiel" not in service_words("Mobiel bankieren huur")


def test_trade_from_the_firm_name_without_a_sector(store: Store, tmp_path: Path) -> None:
    """A BV with no activity in the register, directed by a person both groups call: a logistics
    candidate by the firm's name, listed but not flagged (a name is a lead, not a statement)."""
    world = _groups() + [
        person("p-tr", "Kees Wiel"),
        _e("c-tr", "Company", name="Wiel Transport & Logistiek BV", legalForm="BV"),
        _e("d-tr", "Directorship", director="p-tr", organization="c-tr", role="bestuurder"),
        *_calls("p-tr", ["a0", "a1", "b0", "b1"], tag="tr"),
    ]
    row = _row(_rows(store, tmp_path, world), "p-tr", "logistics_facilitator")
    assert row is not None and row["rank"] == 1 and row["flagged"] is False
    assert "firm name 'wiel transport & logistiek bv' (inferred)" in row["explanation"]["text"].lower()


def test_a_stated_sector_outranks_the_name_of_a_firm(store: Store, tmp_path: Path) -> None:
    """A firm named "Expeditie" whose register states a bakery: the register wins, no trade."""
    world = _groups() + [
        person("p-bk", "Bert Bakker"),
        _e("c-bk", "Company", name="Expeditie Bakker BV", sector="Bakkerijen"),
        _e("d-bk", "Directorship", director="p-bk", organization="c-bk"),
        *_calls("p-bk", ["a0", "a1", "b0", "b1"], tag="bk"),
    ]
    assert _row(_rows(store, tmp_path, world), "p-bk", "logistics_facilitator") is None


def test_trade_from_what_clients_pay_for(store: Store, tmp_path: Path) -> None:
    """A firm with a neutral name and no sector, paid "Factuur vracht" by members of both groups
    (the FtM ``purpose``, as a bank export maps it): logistics, inferred from the payments."""
    world = _groups() + [
        person("p-vr", "Vera Rit"),
        _e("c-vr", "Company", name="Rit & Co", legalForm="Eenmanszaak"),
        _e("d-vr", "Directorship", director="p-vr", organization="c-vr", role="eigenaar"),
        *_calls("c-vr", ["a0", "a1", "b0", "b1"], tag="vr"),
        *[_e(f"pay-vr-{m}", "Payment", payer=m, beneficiary="c-vr", amount="900", purpose="Factuur vracht")
          for m in ("a2", "b2")],
    ]
    row = _row(_rows(store, tmp_path, world), "p-vr", "logistics_facilitator")
    assert row is not None and "paid for 'logistics' services by 2 payers (inferred)" in row["explanation"]["text"]


def test_admin_surcharges_and_a_busy_benign_administratiekantoor(store: Store, tmp_path: Path) -> None:
    """A shop without a sector charging "administratiekosten" to both groups has no trade; an
    "Administratiekantoor" billing twelve households (no operational ties) has no row."""
    world = _groups() + [
        person("p-sh", "Sam Winkel"),
        _e("c-sh", "Company", name="Winkel Sam", legalForm="Eenmanszaak"),
        _e("d-sh", "Directorship", director="p-sh", organization="c-sh", role="eigenaar"),
        *[_e(f"pay-sh-{m}", "Payment", payer=m, beneficiary="c-sh", amount="25", purpose="Administratiekosten")
          for m in ("a2", "a3", "b2", "b3")],
        *_calls("c-sh", ["a0", "a1", "b0", "b1"], tag="sh"),
        person("p-ok", "Otto Keurig"),
        _e("c-ok", "Company", name="Administratiekantoor Keurig", legalForm="Eenmanszaak"),
        _e("d-ok", "Directorship", director="p-ok", organization="c-ok", role="eigenaar"),
    ]
    for h in range(12):
        family = [f"h{h}-{k}" for k in range(3)]
        world += [person(m, f"Huisgenoot {m}") for m in family]
        world += [_e(f"fam-{h}-{k}", "Family", person=family[0], relative=family[k]) for k in (1, 2)]
        world += [_e(f"inv-{h}", "Payment", payer=family[0], beneficiary="c-ok", amount="450",
                     purpose="Factuur administratie")]
    rows = _rows(store, tmp_path, world)
    assert _row(rows, "p-sh", "financial_facilitator") is None
    assert not [r for r in rows if r["id"] == "p-ok" and "facilitator" in r["role"]]


def test_structural_candidate_typed_by_the_money_it_passes(store: Store, tmp_path: Path) -> None:
    """No firm, no profession: called by members of both groups, paid by both and paying the
    money on the next day — a financial candidate by structure, listed after the candidates with a
    trade, never flagged."""
    world = _groups() + [
        person("p-mr", "Mo Werver"),
        *_calls("p-mr", ["a0", "a1", "b0", "b1"], tag="mr"),
        *[_e(f"pay-mr-{m}", "Payment", payer=m, beneficiary="p-mr", amount="2000", date="2024-05-01")
          for m in ("a2", "b2")],
        person("p-out", "Olga Uit"),
        _e("pay-out", "Payment", payer="p-mr", beneficiary="p-out", amount="3800", date="2024-05-02"),
        person("p-acc", "Amy Ledger", profession="accountant"),
        *_calls("p-acc", ["a3", "a4", "b3", "b4"], tag="acc"),
    ]
    rows = [r for r in _rows(store, tmp_path, world) if r["role"] == "financial_facilitator"]
    assert [r["id"] for r in rows] == ["p-acc", "p-mr"]
    assert rows[1]["flagged"] is False and "structural candidate, no trade known" in rows[1]["explanation"]["text"]


def test_structural_candidate_of_unknown_type(store: Store, tmp_path: Path) -> None:
    """Called and paid by both groups, but nothing shows which service: role ``facilitator``."""
    world = _groups() + [
        person("p-x", "Xander Onbekend"),
        *_calls("p-x", ["a0", "a1", "b0", "b1"], tag="x"),
        *[_e(f"pay-x-{m}", "Payment", payer=m, beneficiary="p-x", amount="500") for m in ("a2", "b2")],
    ]
    rows = _rows(store, tmp_path, world)
    assert not [r for r in rows if r["id"] == "p-x" and r["role"].endswith("_facilitator")]
    row = _row(rows, "p-x", "facilitator")
    assert row is not None and row["flagged"] is False and "type unknown" in row["explanation"]["text"]
    assert GROUPS == ("a", "b")


def _recruiter(pid: str, payers: list[str]) -> list:
    """A person without firm or profession who owns his home, is called by members of both
    groups, takes a cut from ``payers`` — each pays it the day after forwarding EUR 2,000 abroad —
    and pays his rent and bills."""
    return [
        person(pid, f"Rob Werver {pid}"),
        _e(f"home-{pid}", "RealEstate", name=f"Kerkstraat 1 {pid}"),
        _e(f"own-{pid}", "Ownership", owner=pid, asset=f"home-{pid}", role="eigendom"),
        *_calls(pid, ["a0", "a1", "b0", "b1"], tag=pid),
        _e(f"abroad-{pid}", "Company", name="Levant General Trading Ltd"),
        *[_e(f"fwd-{pid}-{m}", "Payment", payer=m, beneficiary=f"abroad-{pid}", amount="2000", purpose="Transfer",
             date="2024-03-09") for m in payers],
        *[_e(f"pay-{pid}-{m}", "Payment", payer=m, beneficiary=pid, amount="150", purpose="Tikkie",
             date="2024-03-10") for m in payers],
        person(f"ll-{pid}", "Lotte Verhuur"),
        _e(f"rent-{pid}", "Payment", payer=pid, beneficiary=f"ll-{pid}", amount="900", purpose="Huur"),
    ]


def test_a_home_of_his_own_is_no_firm(store: Store, tmp_path: Path) -> None:
    """The house he alone owns does not make him a businessman: a mule recruiter paid a cut by
    members of both groups is still a financial candidate by structure."""
    rows = _rows(store, tmp_path, _groups() + _recruiter("p-rw", ["a2", "b2"]))
    row = _row(rows, "p-rw", "financial_facilitator")
    assert row is not None and row["flagged"] is False
    assert "structural candidate, no trade known" in row["explanation"]["text"]


def test_paid_by_one_group_only_is_no_structural_candidate(store: Store, tmp_path: Path) -> None:
    """The same person paid by members of one group only (a mule or helper of that group) is no
    facilitator of any type."""
    rows = _rows(store, tmp_path, _groups() + _recruiter("p-one", ["a2", "a3"]))
    assert not [r for r in rows if r["id"] == "p-one" and "facilitator" in r["role"]]
