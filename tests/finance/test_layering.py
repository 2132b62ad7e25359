"""Layering chains: three or more hops within days, near-equal amounts less small fees."""

from __future__ import annotations

from offensief.finance.alerts import detect_alerts
from offensief.finance.settings import Settings
from offensief.store.duckstore import Store
from tests.finance.helpers import Ledger, add_statements, fired


def _chain(ledger: Ledger, names: list[str], amounts: list[float], hours: float) -> list[str]:
    return [ledger.pay(a, b, amount, at=hours * i) for i, (a, b, amount) in
            enumerate(zip(names, names[1:], amounts))]


def test_four_hop_chain_with_fees_is_one_layering_alert() -> None:
    ledger = Ledger()
    planted = _chain(ledger, ["A", "M1", "M2", "M3", "Z"], [25000, 24200, 23500, 22900], hours=20)
    hits = fired(detect_alerts(ledger.store().con), "layering")
    assert len(hits) == 1 and set(hits[0]["transaction_ids"]) == set(planted)
    assert "in a row" in hits[0]["explanation"]


def test_look_alikes_stay_quiet() -> None:
    ledger = Ledger()
    _chain(ledger, ["B", "N1", "N2", "Y"], [25000, 26000, 27000], hours=20)      # grows: not passed on
    _chain(ledger, ["C", "O1", "O2", "X"], [25000, 24500, 24000], hours=24 * 10)  # weeks, not days
    _chain(ledger, ["D", "P1", "P2", "W"], [25000, 12000, 11800], hours=20)      # half kept: no small fee
    _chain(ledger, ["E", "Q1"], [25000], hours=20)                               # one hop
    assert not fired(detect_alerts(ledger.store().con), "layering")


def _two_banks(store: Store, accounts: dict[str, str]) -> None:
    """Each bank writes the other side's account as a record of its own: ``noord-X`` and
    ``zuid-X`` are two records of one account, joined only by the IBAN (``accounts``: name →
    IBAN, a foreign one as account number and country)."""
    rows: list[tuple[str, str, str, str]] = []
    for name, number in accounts.items():
        for bank in ("noord", "zuid"):
            if number.startswith("NL"):
                rows.append((f"{bank}-{name}", "BankAccount", "iban", number if bank == "noord" else number.lower()))
            else:
                rows += [(f"{bank}-{name}", "BankAccount", "accountNumber", number),
                         (f"{bank}-{name}", "BankAccount", "country", "ae")]
    add_statements(store, rows, dataset="bank")


def test_chain_across_two_banks_and_a_foreign_firm_is_joined_by_iban() -> None:
    # front (bank noord) -> trading BV (bank zuid) -> foreign firm (no IBAN) -> holding (noord) -> property BV:
    # every hop is delivered by the paying account's bank, the receiving account as that bank's own record
    ledger = Ledger()
    hops = [("noord-F", "noord-T", 112500), ("zuid-T", "zuid-X", 111150), ("noord-X", "noord-H", 107700),
            ("noord-H", "noord-P", 106000)]
    planted = [ledger.pay(a, b, amount, at=30 * i) for i, (a, b, amount) in enumerate(hops)]
    store = ledger.store()
    hits = fired(detect_alerts(store.con), "layering")
    assert not hits  # without the banks' account records the chain is broken at every bank change
    _two_banks(store, {"F": "NL01NOBA0000000001", "T": "NL02ZUBA0000000002", "X": "AE-0331-000000420137",
                       "H": "NL03NOBA0000000003", "P": "NL04NOBA0000000004"})
    hits = fired(detect_alerts(store.con), "layering")
    assert len(hits) == 1 and set(hits[0]["transaction_ids"]) == set(planted)


def test_same_account_number_in_another_country_is_another_account() -> None:
    ledger = Ledger()
    for i, (a, b, amount) in enumerate([("noord-F", "noord-T", 50000), ("zuid-T", "zuid-X", 49000),
                                        ("zuid-X", "zuid-Y", 48000)]):
        ledger.pay(a, b, amount, at=30 * i)
    store = ledger.store()
    add_statements(store, [("noord-T", "BankAccount", "accountNumber", "12345"),
                           ("noord-T", "BankAccount", "country", "tr"),
                           ("zuid-T", "BankAccount", "accountNumber", "12345"),
                           ("zuid-T", "BankAccount", "country", "cy")], dataset="bank")
    assert not fired(detect_alerts(store.con), "layering")


def test_chain_through_a_trade_partner_is_not_part_of_its_invoice_series() -> None:
    # a foreign firm invoices the trading BV every month (odd amounts); in the sixth month it
    # passes a front's money on to it as "consultancy": a transfer, no part of the invoice series
    ledger = Ledger()
    for m in range(5):
        ledger.pay("FOREIGN", "TRADER", 49450 + 8930 * (m % 3), at=24 * (30 * m + 3), kind=f"Invoice EXP-2024-{787 + m}")
    chain = [ledger.pay("FRONT", "FOREIGN", 60000, at=24 * 160, kind="Management fee"),
             ledger.pay("FOREIGN", "TRADER", 57655.02, at=24 * 161, kind="Consultancy"),
             ledger.pay("TRADER", "HOLDING", 55806.32, at=24 * 162, kind="Lening")]
    hits = fired(detect_alerts(ledger.store().con, settings=Settings(typologies=("layering",))), "layering")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(chain)]
