"""Each detector on a small hand-made case, and the benign look-alikes that must not fire."""

from __future__ import annotations

from offensief.finance.alerts import detect_alerts
from offensief.finance.settings import Settings
from tests.finance.helpers import Ledger, add_statements, covers, fired


def _background(ledger: Ledger) -> None:
    """Ordinary life: salaries, rent and bills, every month."""
    for i in range(8):
        ledger.monthly("EMPLOYER", f"H{i}", 2800 + 10 * i)
        ledger.monthly(f"H{i}", "LANDLORD", 1100)
        ledger.monthly(f"H{i}", "ENERGY", 140, kind="transfer")


def test_fan_out_fires_and_payroll_does_not() -> None:
    ledger = Ledger()
    _background(ledger)
    planted = [ledger.pay("A", f"M{i}", 4000 + 50 * i, at=5 * i) for i in range(6)]
    payroll = [tx for i in range(20) for tx in ledger.monthly("SHOPCO", f"E{i}", 2100 + i)]
    alerts = detect_alerts(ledger.store().con)
    hits = fired(alerts, "fan_out")
    assert len(hits) == 1 and covers(hits[0], planted, share=1.0)
    assert hits[0]["account_ids"] == ["A"] + [f"M{i}" for i in range(6)]
    assert not any(set(a["transaction_ids"]) & set(payroll) for a in alerts)


def test_fan_in_fires_and_rent_and_shop_do_not() -> None:
    ledger = Ledger()
    _background(ledger)
    planted = [ledger.pay(f"S{i}", "B", 3000 + 25 * i, at=7 * i) for i in range(7)]
    rent = [tx for i in range(12) for tx in ledger.monthly(f"T{i}", "LANDLORD2", 950)]
    shop = [ledger.pay(f"C{i}", "SHOP", 20 + i, at=i, kind="card") for i in range(40)]
    shop += [ledger.pay(None, "SHOP", 300 + i, at=24 * i, kind="cash-deposit", payer="P-SHOP") for i in range(20)]
    alerts = detect_alerts(ledger.store().con)
    hits = fired(alerts, "fan_in")
    assert len(hits) == 1 and covers(hits[0], planted, share=1.0)
    assert not any(set(a["transaction_ids"]) & set(rent + shop) for a in alerts)


def test_cycle_is_time_respecting() -> None:
    ledger = Ledger()
    _background(ledger)
    loop = [
        ledger.pay("A", "B", 20000, at=0),
        ledger.pay("B", "C", 19000, at=30),
        ledger.pay("C", "D", 18200, at=60),
        ledger.pay("D", "A", 17500, at=200),
    ]
    # the same shape, but the return payment happens before the first hop: no round trip
    ledger.pay("X", "Y", 20000, at=100)
    ledger.pay("Y", "Z", 19000, at=130)
    ledger.pay("Z", "X", 18000, at=10)
    # a refund: A pays B and gets it back, a 2-cycle, benign
    ledger.pay("R1", "R2", 700, at=5)
    ledger.pay("R2", "R1", 700, at=50)
    alerts = detect_alerts(ledger.store().con)
    hits = fired(alerts, "cycle")
    assert len(hits) == 1 and set(hits[0]["transaction_ids"]) == set(loop)
    assert hits[0]["amount"] == 20000


def test_scatter_gather_beats_fan_out_and_fan_in() -> None:
    ledger = Ledger()
    _background(ledger)
    planted = [ledger.pay("A", f"M{i}", 9000 + 10 * i, at=3 * i) for i in range(6)]
    planted += [ledger.pay(f"M{i}", "B", 8600 + 10 * i, at=3 * i + 5) for i in range(6)]
    alerts = detect_alerts(ledger.store().con)
    assert [a["typology"] for a in alerts] == ["scatter_gather"]
    assert set(alerts[0]["transaction_ids"]) == set(planted)


def test_gather_scatter() -> None:
    ledger = Ledger()
    _background(ledger)
    ins = [ledger.pay(f"S{i}", "H", 6000 + 100 * i, at=4 * i) for i in range(4)]
    outs = [ledger.pay("H", f"D{i}", 5800 + 50 * i, at=30 + 4 * i) for i in range(4)]
    alerts = detect_alerts(ledger.store().con)
    hits = fired(alerts, "gather_scatter")
    assert len(hits) == 1 and set(hits[0]["transaction_ids"]) == set(ins + outs)


def test_bipartite_and_stacked_bipartite() -> None:
    ledger = Ledger()
    _background(ledger)
    flat = [ledger.pay(f"S{i}", f"T{j}", 7000 + 10 * i + j, at=2 * i + j) for i in range(3) for j in range(3)]
    stack = [ledger.pay(f"U{i}", f"V{j}", 8000 + i + j, at=300 + i + j) for i in range(3) for j in range(3)]
    stack += [ledger.pay(f"V{j}", f"W{k}", 5000 + j + k, at=330 + j + k) for j in range(3) for k in range(3)]
    alerts = detect_alerts(ledger.store().con)
    (b,) = fired(alerts, "bipartite")
    (s,) = fired(alerts, "stacked_bipartite")
    assert set(b["transaction_ids"]) == set(flat)
    assert set(s["transaction_ids"]) == set(stack)


def test_structuring_across_accounts_and_days_and_the_2026_threshold() -> None:
    ledger = Ledger()
    _background(ledger)
    smurf = [ledger.pay(None, acc, amt, at=h, kind="cash-deposit", payer="SMURF")
             for acc, amt, h in (("K1", 9500, 0), ("K2", 9800, 30), ("K1", 9700, 70))]
    # under 3,000 counts only from 2026 (cash to traders); BASE is March 2025
    early = [ledger.pay(None, "TRADER", 2900, at=24 * d, kind="cash-deposit", payer=f"Q{d}") for d in range(3)]
    late = [ledger.pay(None, "TRADER", 2950, at=24 * 305 + 24 * d, kind="cash-deposit", payer=f"Q{d}")
            for d in range(3)]
    shop = [ledger.pay(None, "SHOP", 250 + i, at=24 * i, kind="cash-deposit", payer="SHOPKEEPER") for i in range(25)]
    alerts = detect_alerts(ledger.store().con)
    hits = fired(alerts, "structuring")
    assert sorted(sorted(h["transaction_ids"]) for h in hits) == sorted([sorted(smurf), sorted(late)])
    assert not any(set(a["transaction_ids"]) & set(early + shop) for a in alerts)
    assert "SMURF" in next(h for h in hits if covers(h, smurf))["entity_ids"]


def test_rapid_pass_through_and_salary_spending_does_not() -> None:
    ledger = Ledger()
    _background(ledger)
    mule = [ledger.pay("X1", "MULE", 5000, at=0), ledger.pay("MULE", "Y1", 4850, at=3),
            ledger.pay("X2", "MULE", 7000, at=50), ledger.pay("MULE", "Y2", 6900, at=51)]
    # salary in, most of it out the same day to the person's own savings account, every month
    ledger.monthly("EMPLOYER2", "SAVER", 3000)
    ledger.monthly("SAVER", "SAVINGS", 2700, day_hours=2)
    alerts = detect_alerts(ledger.store().con)
    hits = fired(alerts, "rapid_pass_through")
    assert len(hits) == 1 and set(hits[0]["transaction_ids"]) == set(mule)
    assert all("SAVER" not in a["account_ids"] for a in alerts)


def test_trade_based_needs_related_companies_and_round_amounts() -> None:
    ledger = Ledger()
    _background(ledger)
    shell = [ledger.pay("ACC1", "ACC2", amt, at=48 * i, kind="invoice", payer="CO1", beneficiary="CO2")
             for i, amt in enumerate((50000, 75000, 40000))]
    # unrelated trading companies (most of their invoicing is ordinary) with round invoices
    ledger.pay("ACC3", "ACC4", 50000, kind="invoice", payer="CO3", beneficiary="CO4")
    ledger.pay("ACC3", "ACC4", 60000, at=50, kind="invoice", payer="CO3", beneficiary="CO4")
    for i in range(6):
        ledger.pay("ACC3", "ACC6", 31234.5 + i, at=10 * i, kind="invoice", payer="CO3", beneficiary="CO6")
        ledger.pay("ACC7", "ACC4", 28765.4 + i, at=10 * i, kind="invoice", payer="CO7", beneficiary="CO4")
    # two shells that only ever invoice each other round amounts
    shells = [ledger.pay("ACC8", "ACC9", 100000, at=300, kind="invoice", payer="SH1", beneficiary="SH2"),
              ledger.pay("ACC9", "ACC8", 75000, at=400, kind="invoice", payer="SH2", beneficiary="SH1")]
    # related ones with ordinary amounts
    ledger.pay("ACC1", "ACC5", 12345.67, at=5, kind="invoice", payer="CO1", beneficiary="CO5")
    ledger.pay("ACC1", "ACC5", 23456.78, at=55, kind="invoice", payer="CO1", beneficiary="CO5")
    store = ledger.store()
    add_statements(store, [
        ("d1", "Directorship", "director", "STRAWMAN"), ("d1", "Directorship", "organization", "CO1"),
        ("o1", "Ownership", "owner", "STRAWMAN"), ("o1", "Ownership", "asset", "CO2"),
        ("d2", "Directorship", "director", "OTHER"), ("d2", "Directorship", "organization", "CO5"),
        ("o2", "Ownership", "owner", "STRAWMAN"), ("o2", "Ownership", "asset", "CO5"),
        ("o2", "Ownership", "percentage", "10"),
    ])
    alerts = detect_alerts(store.con, settings=Settings(typologies=("trade_based",)))
    assert sorted(sorted(a["transaction_ids"]) for a in alerts) == sorted([sorted(shell), sorted(shells)])
    assert any({"CO1", "CO2"} <= set(a["entity_ids"]) for a in alerts)


def test_real_estate_funded_by_layered_money() -> None:
    ledger = Ledger()
    _background(ledger)
    funding = [ledger.pay(f"F{i}", "BUYER", 60000, at=24 * i) for i in range(4)]
    buy = ledger.pay("BUYER", "NOTARY", 230000, at=24 * 6, purpose="Koopsom woning Dorpsstraat 1")
    # paid to a notary's account (SBI 6910) without a telling purpose
    funding2 = [ledger.pay(f"G{i}", "BUYER2", 90000, at=24 * i) for i in range(3)]
    buy2 = ledger.pay("BUYER2", "NOTARY2", 250000, at=24 * 9, beneficiary="NOTARYCO")
    # an ordinary buyer: mortgage from the bank plus own savings
    ledger.pay("BANK", "FAMILY", 250000, at=10)
    ledger.pay("FAMILY", "NOTARY", 300000, at=24 * 15, purpose="koopsom woning")
    store = ledger.store()
    add_statements(store, [("NOTARYCO", "Company", "sector", "6910")])
    alerts = detect_alerts(store.con, settings=Settings(typologies=("real_estate",)))
    assert sorted(sorted(a["transaction_ids"]) for a in alerts) == sorted(
        [sorted(funding + [buy]), sorted(funding2 + [buy2])])


def test_unknown_setting_and_typology_are_input_errors() -> None:
    import pytest

    from offensief.model.errors import InputError

    with pytest.raises(InputError, match="fan_windw"):
        Settings.from_dict({"fan_windw": 3})
    with pytest.raises(InputError, match="must be a number"):
        Settings.from_dict({"min_amount": "1000; DROP TABLE transactions"})
    quoted = Settings.from_dict({"fan_window": "86400", "real_estate_keywords": ["o'brien"]})
    assert quoted.fan_window == 86400
    assert detect_alerts(Ledger().store().con, settings=quoted) == []
    with pytest.raises(InputError, match="fan_inn"):
        detect_alerts(Ledger().store().con, settings=Settings(typologies=("fan_inn",)))
