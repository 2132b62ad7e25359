"""One small fixture per representation variant of cash, invoices and property purchases
(issue 13): bank exports without parties, Dutch and English texts, ties only the network shows."""

from __future__ import annotations

import pytest

from offensief.finance.alerts import detect_alerts
from offensief.finance.settings import Settings
from tests.finance.helpers import Ledger, add_statements, fired

DAY = 24


def _cash(ledger: Ledger, account: str, amount: float, at: float, *, text: str = "Storting",
          purpose: str | None = None) -> str:
    """A cash deposit as a bank's mutation export shows it: only the receiving account."""
    tx = ledger.pay(None, account, amount, at=at, kind=text, purpose=purpose)
    ledger.rows[-1]["payer_id"] = None
    ledger.rows[-1]["beneficiary_id"] = None
    return tx


def _holders(accounts: list[str]) -> list[tuple[str, str, str, str]]:
    """Bank customer records: holder -> account (FtM Ownership), the only link to a person."""
    rows = []
    for acc in accounts:
        rows += [(f"own-{acc}", "Ownership", "owner", f"H-{acc}"), (f"own-{acc}", "Ownership", "asset", acc),
                 (acc, "BankAccount", "iban", f"NL00BANK{acc}")]
    return rows


TIES = {
    "call": [("c1", "Call", "caller", "H-M1"), ("c1", "Call", "receiver", "H-M2"),
             ("c2", "Call", "caller", "H-M3"), ("c2", "Call", "receiver", "H-M2")],
    "common contact": [("c1", "Call", "caller", "BOSS"), ("c1", "Call", "receiver", "H-M1"),
                       ("c2", "Call", "caller", "BOSS"), ("c2", "Call", "receiver", "H-M2"),
                       ("a1", "Associate", "person", "BOSS"), ("a1", "Associate", "associate", "H-M3")],
    "meeting": [("e1", "Event", "involved", "H-M1"), ("e1", "Event", "involved", "H-M2"),
                ("e1", "Event", "involved", "H-M3")],
    "shared phone": [("H-M1", "Person", "phone", "+31 6 1234 5678"), ("H-M2", "Person", "phone", "+31 6 1234 5678"),
                     ("H-M3", "Person", "phone", "+31 6 1234 5678")],
}


@pytest.mark.parametrize("tie", sorted(TIES))
@pytest.mark.parametrize(("text", "purpose"), [("Storting contant geld", None), ("", "cash"),
                                               ("Kasstorting", "Storting"), ("ATM deposit", None)])
def test_structuring_over_accounts_the_network_links(tie: str, text: str, purpose: str | None) -> None:
    ledger = Ledger()
    planted = [_cash(ledger, acc, amount, at, text=text, purpose=purpose)
               for acc, amount, at in (("M1", 8400, 0), ("M2", 9650, 50), ("M3", 8900, 120), ("M1", 9100, 200))]
    strangers = [_cash(ledger, acc, 9300, 10 + 60 * i, text=text, purpose=purpose)
                 for i, acc in enumerate(("S1", "S2", "S3"))]
    store = ledger.store()
    add_statements(store, _holders(["M1", "M2", "M3", "S1", "S2", "S3"]) + TIES[tie])
    hits = fired(detect_alerts(store.con, settings=Settings(typologies=("structuring",))), "structuring")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(planted)]
    assert not set(strangers) & set(hits[0]["transaction_ids"])


def test_a_switchboard_links_nobody_and_deposits_that_straddle_the_threshold_are_takings() -> None:
    ledger = Ledger()
    for i, acc in enumerate(("M1", "M2", "M3")):
        _cash(ledger, acc, 9300, at=30 * i)
    shop = [_cash(ledger, "SHOP", amount, at=DAY * d)          # takings, once just over the threshold
            for d, amount in enumerate((8600, 10400, 9200, 9900, 11200))]
    store = ledger.store()
    switchboard = [(f"c{i}", "Call", "caller", f"H-X{i}") for i in range(200)]
    switchboard += [(f"c{i}", "Call", "receiver", "HELPDESK") for i in range(200)]
    switchboard += [(f"d{i}", "Call", "caller", "HELPDESK") for i in range(200)]
    switchboard += [(f"d{i}", "Call", "receiver", f"H-{acc}") for i, acc in enumerate(("M1", "M2", "M3"))]
    add_statements(store, _holders(["M1", "M2", "M3", "SHOP"]) + switchboard)
    alerts = detect_alerts(store.con)
    assert not fired(alerts, "structuring")
    assert not any(set(a["transaction_ids"]) & set(shop) for a in alerts)


def test_funnel_mules_deposit_cash_and_wire_it_to_one_account_within_hours() -> None:
    ledger = Ledger()
    planted = []
    for i in range(4):
        planted.append(_cash(ledger, f"MULE{i}", 4000 + 300 * i, at=5 * i, text="Storting automaat"))
        planted.append(ledger.pay(f"MULE{i}", "COLLECTOR", 3900 + 300 * i, at=5 * i + 2, kind="Overboeking"))
    customers = [ledger.pay(None, "TRADER", 2500, at=DAY * d, kind="Storting", payer=f"CUST{d}") for d in range(4)]
    alerts = detect_alerts(ledger.store().con)
    hits = fired(alerts, "funnel")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(planted)]
    assert not any(set(a["transaction_ids"]) & set(customers) for a in alerts)


def test_layering_through_a_regular_counterparty_with_a_one_off_sum() -> None:
    ledger = Ledger()
    ledger.monthly("FRONT", "HOLDING", 5000, months=8, kind="Managementfee")     # a regular pair
    chain = [ledger.pay("FRONT", "HOLDING", 84000, at=24 * 61 + 5, kind="Managementfee extra"),
             ledger.pay("HOLDING", "FOREIGN", 82500, at=24 * 62, kind="Lening rekening-courant"),
             ledger.pay("FOREIGN", "STRAW", 81000, at=24 * 63 + 7, kind="Consultancy")]
    hits = fired(detect_alerts(ledger.store().con, settings=Settings(typologies=("layering",))), "layering")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(chain)]


def _trade_statements(pairs: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    rows = []
    for i, (nl, foreign) in enumerate(pairs):  # one IBAN per account: the same IBAN is the same account
        rows += [(nl, "BankAccount", "iban", f"NL91ABNA041716430{i}"), (foreign, "BankAccount", "iban", f"CO12 345{i}")]
    return rows


@pytest.mark.parametrize("text", ["Factuur INV-2024-{n} bananen {q} pallets container MSKU123456{d}",
                                  "Invoice {n}: {q} pallets bananas, shipment TGHU 765432 {d}"])
def test_over_invoiced_goods_against_comparable_flows(text: str) -> None:
    ledger = Ledger()
    pairs = [(f"IMP{i}", f"SUP{i}") for i in range(6)] + [("FRONT", "FOREIGN")]
    for i in range(6):                                       # importers at about EUR 1,150 a pallet
        for k in range(2):
            q = 18 + 3 * i + k
            ledger.pay(f"IMP{i}", f"SUP{i}", round(q * (1100 + 17 * i + 31 * k) + 0.37, 2), at=DAY * (9 * i + 40 * k),
                       kind=text.format(n=100 + 10 * i + k, q=q, d=k))
    over = [ledger.pay("FRONT", "FOREIGN", round(q * 1150 * f + 0.41, 2), at=DAY * (100 + 6 * k),
                       kind=text.format(n=900 + k, q=q, d=k)) for k, (q, f) in enumerate(((20, 3.1), (16, 4.2), (22, 2.6)))]
    store = ledger.store()
    add_statements(store, _trade_statements(pairs))
    hits = fired(detect_alerts(store.con, settings=Settings(typologies=("trade_based",))), "trade_based")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(over)]


def test_round_goods_invoices_abroad_but_not_an_accountants_quarterly_fees() -> None:
    ledger = Ledger()
    rounds = [ledger.pay("FRONT", "FOREIGN", amount, at=DAY * 5 * k, kind=f"Factuur {k} container MSKU99887{k}{k}")
              for k, amount in enumerate((60000, 85000, 120000))]
    fees = [ledger.pay(f"CLIENT{c}", "ACCOUNTANT", 6000 + 1000 * (c % 3), at=DAY * (91 * q + 14), kind=f"Factuur administratie Q{q + 1}")
            for c in range(10) for q in range(4)]
    store = ledger.store()
    add_statements(store, _trade_statements([("FRONT", "FOREIGN")]))
    alerts = detect_alerts(store.con, settings=Settings(typologies=("trade_based",)))
    hits = fired(alerts, "trade_based")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(rounds)]
    assert not any(set(a["transaction_ids"]) & set(fees) for a in alerts)


def _notary(store_rows: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    return store_rows + [("P-NOTARY", "Company", "sector", "Notariaat"), ("P-NOTARY", "Company", "name", "Notariskantoor Dijk")]


def test_purchase_through_own_companies_weeks_before_the_deed() -> None:
    ledger = Ledger()
    fund = [ledger.pay("FRONT", "HOLDING", 300000, at=0, kind="Lening rekening-courant"),
            ledger.pay("HOLDING", "PROPBV", 650000, at=DAY * 40, kind="Agio storting")]
    buy = ledger.pay("PROPBV", "NOTARY", 700000, at=DAY * 70, kind="Koopsom bedrijfspand")
    store = ledger.store()
    add_statements(store, _notary([("o1", "Ownership", "owner", "P-HOLDING"), ("o1", "Ownership", "asset", "P-PROPBV"),
                                   ("o1", "Ownership", "percentage", "100")]))
    hits = fired(detect_alerts(store.con, settings=Settings(typologies=("real_estate",))), "real_estate")
    assert len(hits) == 1 and {fund[1], buy} <= set(hits[0]["transaction_ids"])


def test_loan_back_from_abroad_repaid_as_interest() -> None:
    ledger = Ledger()
    loan = ledger.pay("OFFSHORE", "STRAW", 460000, at=0, kind="Lening conform overeenkomst")
    buy = ledger.pay("STRAW", "NOTARY", 460000, at=DAY * 10, kind="Koopsom appartement")
    interest = [ledger.pay("STRAW", "OFFSHORE", 2300, at=DAY * (40 + 30 * m), kind=f"Rente lening {m}") for m in range(3)]
    # an ordinary buyer: own money and a Dutch bank's mortgage, repaid monthly
    ledger.pay("BANK", "BUYER", 400000, at=0, kind="Hypotheekverstrekking")
    other = ledger.pay("BUYER", "NOTARY", 450000, at=DAY * 5, kind="Koopsom woning")
    for m in range(6):
        ledger.pay("BUYER", "BANK", 1900, at=DAY * (35 + 30 * m), kind="Hypotheek rente en aflossing")
    store = ledger.store()
    add_statements(store, _notary([("OFFSHORE", "BankAccount", "iban", "AE07 0331 2345 6789"),
                                   ("STRAW", "BankAccount", "iban", "NL02RABO0123456789"),
                                   ("BANK", "BankAccount", "iban", "NL20INGB0001234567"),
                                   ("BUYER", "BankAccount", "iban", "NL39RABO0300065264")]))
    hits = fired(detect_alerts(store.con, settings=Settings(typologies=("real_estate",))), "real_estate")
    assert len(hits) == 1 and {loan, buy, *interest} <= set(hits[0]["transaction_ids"])
    assert other not in hits[0]["transaction_ids"]


def test_abc_resale_by_the_intermediate_holder_without_an_address() -> None:
    ledger = Ledger()
    abc = [ledger.pay("FRONT", "NOTARY", 400000, at=0, kind="Koopsom bedrijfspand"),
           ledger.pay("NOTARY", "SELLER", 400000, at=DAY, kind="Uitbetaling koopsom"),
           ledger.pay("PROPBV", "NOTARY", 680000, at=DAY * 60, kind="Koopsom bedrijfspand"),
           ledger.pay("NOTARY", "FRONT", 680000, at=DAY * 61, kind="Uitbetaling koopsom")]
    # a developer buys land and sells many new homes through the same notary
    ledger.pay("DEVELOPER", "NOTARY", 150000, at=0, kind="Koopsom perceel")
    homes = []
    for h in range(5):
        homes.append(ledger.pay(f"HOMEBUYER{h}", "NOTARY", 420000 + 5000 * h, at=DAY * (30 + 10 * h), kind="Koopsom nieuwbouwwoning"))
        homes.append(ledger.pay("NOTARY", "DEVELOPER", 420000 + 5000 * h, at=DAY * (31 + 10 * h), kind="Koopsom nieuwbouwwoning"))
    store = ledger.store()
    add_statements(store, _notary([]))
    alerts = detect_alerts(store.con, settings=Settings(typologies=("real_estate",)))
    hits = fired(alerts, "real_estate")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(abc)]
    assert not any(set(a["transaction_ids"]) & set(homes) for a in alerts)


def test_funnel_mule_wires_on_two_deposits_at_once() -> None:
    ledger = Ledger()
    planted = []
    for i in range(3):
        planted += [_cash(ledger, f"MULE{i}", 3000, at=10 * i), _cash(ledger, f"MULE{i}", 2500, at=10 * i + 1)]
        planted.append(ledger.pay(f"MULE{i}", "COLLECTOR", 5400, at=10 * i + 3, kind="Overboeking"))
    hits = fired(detect_alerts(ledger.store().con, settings=Settings(typologies=("funnel",))), "funnel")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(planted)]


def test_same_goods_same_parties_at_prices_more_than_double_apart() -> None:
    ledger = Ledger()
    text = "Factuur INV-2024-{n} cashewnoten {q} zakken"
    uneven = [ledger.pay("FRONT", "FOREIGN", amount, at=DAY * 12 * k, kind=text.format(n=k, q=q))
              for k, (q, amount) in enumerate(((400, 31480.25), (380, 88917.40), (420, 33077.10)))]
    steady = [ledger.pay("IMPORTER", "GROWER", amount, at=DAY * 12 * k, kind=text.format(n=50 + k, q=q))
              for k, (q, amount) in enumerate(((400, 31480.25), (380, 35110.80), (420, 33077.10)))]
    store = ledger.store()
    add_statements(store, _trade_statements([("FRONT", "FOREIGN"), ("IMPORTER", "GROWER")]))
    hits = fired(detect_alerts(store.con, settings=Settings(typologies=("trade_based",))), "trade_based")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(uneven)]
    assert not set(steady) & set(hits[0]["transaction_ids"])
