"""Real estate bought with money from the buyer's own companies (or a loan-back from them);
savings and a bank mortgage stay quiet."""

from __future__ import annotations

import pytest

from offensief.finance.alerts import detect_alerts
from offensief.finance.settings import Settings
from tests.finance.helpers import Ledger, add_statements, fired

CONTROL = {
    "director": [("d1", "Directorship", "director", "P-BUYER"), ("d1", "Directorship", "organization", "CO-OWN")],
    "owner-abroad": [("o1", "Ownership", "owner", "P-BUYER"), ("o1", "Ownership", "asset", "CO-OWN"),
                     ("o1", "Ownership", "percentage", "100"), ("c1", "Company", "jurisdiction", "ae")],
}


@pytest.mark.parametrize(("control", "text"), [("director", "Uitkering rekening-courant"),
                                               ("owner-abroad", "Loan agreement 2024-07")])
def test_purchase_funded_by_own_company(control: str, text: str) -> None:
    ledger = Ledger()
    funding = ledger.pay("OWNCO", "BUY", 320000, at=0, kind=text, payer="CO-OWN", beneficiary="P-BUYER")
    buy = ledger.pay("BUY", "NOTARY", 450000, at=24 * 6, purpose="Koopsom woning Dorpsstraat 1",
                     payer="P-BUYER", beneficiary="NOTARIS")
    store = ledger.store()
    add_statements(store, CONTROL[control])
    hits = fired(detect_alerts(store.con, settings=Settings(typologies=("real_estate",))), "real_estate")
    assert len(hits) == 1 and {funding, buy} <= set(hits[0]["transaction_ids"])


def test_savings_and_mortgage_are_no_alert() -> None:
    ledger = Ledger()
    ledger.pay("SAVINGS", "BUY", 150000, at=0, payer="P-BUYER", beneficiary="P-BUYER")
    ledger.pay("BANK", "BUY", 300000, at=24, kind="Hypotheek", payer="HYPOTHEEKBANK", beneficiary="P-BUYER")
    ledger.pay("BUY", "NOTARY", 450000, at=24 * 6, purpose="Koopsom woning Dorpsstraat 1",
               payer="P-BUYER", beneficiary="NOTARIS")
    store = ledger.store()
    add_statements(store, CONTROL["director"])
    assert not fired(detect_alerts(store.con, settings=Settings(typologies=("real_estate",))), "real_estate")


def test_abc_resale_within_six_months_at_a_higher_price() -> None:
    ledger = Ledger()
    day = 24
    abc = [ledger.pay("B-ACC", "NOTARY", 400000, at=0, kind="Koopsom woning Dorpsweg 5 Laren"),
           ledger.pay("C-ACC", "NOTARY", 560000, at=90 * day, kind="Koopsom Dorpsweg 5, 1251 AB Laren")]
    # look-alikes: resold after two years; resold within months at the same price; another house
    ledger.pay("D-ACC", "NOTARY", 300000, at=0, kind="Koopsom Kerkstraat 12")
    ledger.pay("E-ACC", "NOTARY", 380000, at=730 * day, kind="Koopsom Kerkstraat 12")
    ledger.pay("F-ACC", "NOTARY", 250000, at=0, kind="Aankoop woning LRN00 A 1234")
    ledger.pay("G-ACC", "NOTARY", 255000, at=60 * day, kind="Aankoop woning LRN00 A 1234")
    ledger.pay("H-ACC", "NOTARY", 500000, at=30 * day, kind="Koopsom Dorpsweg 7 Laren")
    hits = fired(detect_alerts(ledger.store().con, settings=Settings(typologies=("real_estate",))), "real_estate")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(abc)]


def _kinds(*rows: tuple[str, str, str]) -> list[tuple[str, str, str, str]]:
    """``(entity, schema, name)`` records (bank customers, the trade register)."""
    return [(e, schema, "name", name) for e, schema, name in rows]


def test_straw_man_and_foundation_bought_with_company_money() -> None:
    # a straw man without ties to the front gets four "loans" from it and buys a flat; a family
    # foundation is given half the price by the holding and lent the rest abroad, and buys a villa
    ledger = Ledger()
    straw = [ledger.pay("FRONT", "STRAW", 68750, at=24 * d, kind="Lening", payer="CO-FRONT", beneficiary="P-STRAW")
             for d in range(4)]
    straw.append(ledger.pay("STRAW", "NOTARY", 275000, at=24 * 25, purpose="Koopsom Vondelstraat 120",
                            payer="P-STRAW", beneficiary="NOTARIS"))
    found = [ledger.pay("HOLD", "STICHT", 522500, at=24 * 40, kind="Schenking", payer="CO-HOLD", beneficiary="ST-FAM"),
             ledger.pay("ABROAD", "STICHT", 522500, at=24 * 40, kind="Loan agreement", payer="X-ABROAD",
                        beneficiary="ST-FAM"),
             ledger.pay("STICHT", "NOTARY", 1045000, at=24 * 63, purpose="Koopsom Industrieweg 83",
                        payer="ST-FAM", beneficiary="NOTARIS")]
    store = ledger.store()
    hits = fired(detect_alerts(store.con, settings=Settings(typologies=("real_estate",))), "real_estate")
    assert not hits  # whose accounts these are is what makes it a typology
    add_statements(store, _kinds(("CO-FRONT", "Company", "Shisha Lounge Dekker"), ("P-STRAW", "Person", "Jan van der Linden"),
                                 ("CO-HOLD", "Company", "Rosalia Holding BV"),
                                 ("ST-FAM", "Organization", "Stichting Vermogensbeheer Rosalia"),
                                 ("NOTARIS", "Company", "Notariskantoor Van Dam")))
    hits = fired(detect_alerts(store.con, settings=Settings(typologies=("real_estate",))), "real_estate")
    got = sorted(sorted(h["transaction_ids"]) for h in hits)
    assert got == sorted([sorted(straw), sorted(found[::2])])


def test_parents_gift_bank_mortgage_and_company_buyer_are_no_third_party() -> None:
    ledger = Ledger()
    ledger.pay("PARENTS", "BUY", 150000, at=0, kind="Schenking", payer="P-PARENT", beneficiary="P-BUYER")
    ledger.pay("LENDER", "BUY2", 300000, at=24, kind="Uitbetaling lening 4471", payer="CO-BANK", beneficiary="P-BUYER2")
    ledger.pay("BUY", "NOTARY", 450000, at=24 * 6, purpose="Koopsom woning Dorpsstraat 1",
               payer="P-BUYER", beneficiary="NOTARIS")
    ledger.pay("BUY2", "NOTARY", 350000, at=24 * 6, purpose="Koopsom woning Dorpsstraat 3",
               payer="P-BUYER2", beneficiary="NOTARIS")
    ledger.pay("CUSTOMER", "BV", 200000, at=0, kind="Factuur 2024-17", payer="CO-CUSTOMER", beneficiary="CO-BV")
    ledger.pay("BV", "NOTARY", 400000, at=24 * 6, purpose="Koopsom bedrijfspand Havenweg 2",
               payer="CO-BV", beneficiary="NOTARIS")
    store = ledger.store()
    add_statements(store, _kinds(("P-PARENT", "Person", "Kees Bakker"), ("P-BUYER", "Person", "Anna Bakker"),
                                 ("CO-BANK", "Company", "Hypotheekbank Nederland NV"),
                                 ("P-BUYER2", "Person", "Piet Smit"), ("CO-CUSTOMER", "Company", "Bouw BV"),
                                 ("CO-BV", "Company", "Installatiebedrijf Smit BV"),
                                 ("NOTARIS", "Company", "Notariskantoor Van Dam")))
    assert not fired(detect_alerts(store.con, settings=Settings(typologies=("real_estate",))), "real_estate")
