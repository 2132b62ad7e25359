"""Cash as partner data show it, and structuring spread over the accounts of one group."""

from __future__ import annotations

import random
from typing import Any

import pytest

from offensief.finance.alerts import detect_alerts
from offensief.finance.settings import Settings
from offensief.finance.transactions import Engine, prepare
from tests.finance.helpers import Ledger, add_statements, fired


def _kinds(ledger: Ledger) -> dict[str, str]:
    store = ledger.store()
    prepare(Engine(store.con), settings=Settings(), holders=False)
    return dict(store.con.execute("SELECT id, kind FROM fin_tx").fetchall())


@pytest.mark.parametrize(("description", "purpose", "src", "dst", "payer", "kind"), [
    ("cash-deposit", None, None, "ACC", None, "cash-deposit"),         # the demo's channel code
    ("Storting", None, None, "ACC", "X", "cash-deposit"),              # Dutch bank text, depositor known
    ("Storting contant geld", None, None, "ACC", "X", "cash-deposit"),
    ("Kasstorting filiaal 12", None, None, "ACC", "X", "cash-deposit"),
    ("", "cash", None, "ACC", "X", "cash-deposit"),                    # in the purpose field
    ("Overboeking", None, None, "ACC", None, "cash-deposit"),          # by structure: no paying side at all
    ("Agio storting", None, "SRC", "ACC", "X", "transfer"),            # an account paid: no cash
    ("Geldautomaat Damrak", None, "ACC", None, "X", "cash-withdrawal"),
    ("Betaalautomaat AH 1234", None, "SRC", "ACC", "X", "card"),
    ("Factuur INV-2023-1706 bouwmaterialen container TZCU6890607", None, "SRC", "ACC", "X", "invoice"),
    ("Huur maart", None, "SRC", "ACC", "X", "transfer"),
])
def test_channel_by_structure_and_vocabulary(description: str, purpose: str | None, src: str | None,
                                             dst: str | None, payer: str | None, kind: str) -> None:
    ledger = Ledger()
    tx = ledger.pay(src, dst, 9500, kind=description, purpose=purpose, payer=payer, beneficiary="Y")
    if payer is None:
        ledger.rows[-1]["payer_id"] = None
    assert _kinds(ledger)[tx] == kind


def _deposits(ledger: Ledger, accounts: list[str], text: str = "Storting contant geld") -> list[str]:
    return [ledger.pay(None, acc, amount, at=24 * 4 * i, kind=text)
            for i, (acc, amount) in enumerate(zip(accounts, (9600, 9750, 9850, 9400)))]


def test_structuring_over_the_accounts_of_one_family() -> None:
    ledger = Ledger()
    planted = _deposits(ledger, ["K1", "K2", "K3"])          # one deposit per account: none alone is odd
    unrelated = _deposits(ledger, ["U1", "U2", "U3"], text="Storting")
    store = ledger.store()
    add_statements(store, [("fam", "Family", "person", "P-K1"), ("fam", "Family", "relative", "P-K2"),
                           ("ass", "Associate", "person", "P-K3"), ("ass", "Associate", "associate", "P-K2")])
    hits = fired(detect_alerts(store.con), "structuring")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(planted)]
    assert not set(unrelated) & set(hits[0]["transaction_ids"])


def test_structuring_into_accounts_that_pass_it_on_to_one_collector() -> None:
    ledger = Ledger()
    planted = _deposits(ledger, ["L1", "L2", "L3"])
    for i, acc in enumerate(["L1", "L2", "L3"]):
        ledger.pay(acc, "COLLECT", 9000, at=24 * 4 * i + 20)
    benign = _deposits(ledger, ["B1", "B2", "B3"])           # deposits kept, not passed on
    hits = fired(detect_alerts(ledger.store().con), "structuring")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(planted)]
    assert not set(benign) & set(hits[0]["transaction_ids"])


def test_deposits_weeks_apart_are_no_structuring() -> None:
    ledger = Ledger()
    for i, acc in enumerate(["K1", "K2", "K3"]):
        ledger.pay(None, acc, 9700, at=24 * 30 * i, kind="Storting")
    store = ledger.store()
    add_statements(store, [("fam", "Family", "person", "P-K1"), ("fam", "Family", "relative", "P-K2"),
                           ("fam2", "Family", "person", "P-K3"), ("fam2", "Family", "relative", "P-K2")])
    assert not fired(detect_alerts(store.con), "structuring")


def _takings(ledger: Ledger, *, weeks: int = 78, raised: range = range(0)) -> list[str]:
    """A shop banks its cash twice a week (Monday and Thursday) for ``weeks`` weeks: EUR
    8,000-9,500, the same range throughout, except the weeks in ``raised``, when the same
    rhythm brings EUR 9,800-9,950 (just under the threshold)."""
    rng = random.Random(5)
    ids = []
    for week in range(weeks):
        for day in (0, 3):
            amount = rng.uniform(9800, 9950) if week in raised else rng.uniform(8000, 9500)
            ids.append(ledger.pay(None, "SHOP", round(amount, 2), at=24 * (7 * week + day) + rng.uniform(0, 8),
                                  kind="Kasstorting"))
    return ids


def _structuring(ledger: Ledger) -> list[dict[str, Any]]:
    return fired(detect_alerts(ledger.store().con, settings=Settings(typologies=("structuring",))), "structuring")


def test_a_shops_regular_takings_under_the_threshold_are_no_structuring() -> None:
    ledger = Ledger()
    _takings(ledger)                                          # 18 months, four deposits a fortnight
    assert not _structuring(ledger)


def test_a_burst_under_the_threshold_departs_from_the_shops_own_rhythm() -> None:
    ledger = Ledger()
    _takings(ledger)
    burst = [ledger.pay(None, "SHOP", 9700 + 30 * i, at=24 * (7 * 40 + i) + 13, kind="Kasstorting")
             for i in range(8)]                               # every day for eight days, in month ten
    hits = _structuring(ledger)
    assert len(hits) == 1 and set(burst) <= set(hits[0]["transaction_ids"])


def test_takings_pushed_up_to_just_under_the_threshold_depart_from_the_shops_amounts() -> None:
    ledger = Ledger()
    takings = _takings(ledger, raised=range(40, 43))          # same rhythm, three weeks at 9,800+
    raised = takings[80:86]
    hits = _structuring(ledger)
    assert len(hits) == 1 and set(hits[0]["transaction_ids"]) <= set(raised)
    assert len(hits[0]["transaction_ids"]) >= 4


def test_a_new_account_has_no_takings_to_be_in_line_with() -> None:
    ledger = Ledger()
    recent = _takings(ledger, weeks=8)                        # the same rhythm, for two months only
    hits = _structuring(ledger)
    assert hits and {t for h in hits for t in h["transaction_ids"]} <= set(recent)


def test_a_shops_large_day_is_takings_when_its_family_structures() -> None:
    ledger = Ledger()
    rng = random.Random(9)
    big_days = []
    for day in range(0, 7 * 78, 3):                           # small takings every three days
        ledger.pay(None, "SHOP", round(rng.uniform(600, 4800), 2), at=24 * day + 6, kind="Kasstorting dagomzet")
        if day % 15 == 0:                                     # and a large day twice a month
            big_days.append(ledger.pay(None, "SHOP", round(rng.uniform(8200, 9700), 2), at=24 * day + 7,
                                       kind="Kasstorting dagomzet"))
    planted = [ledger.pay(None, acc, amount, at=24 * (7 * 40) + 30 * i, kind="Storting")
               for i, (acc, amount) in enumerate((("K1", 9600), ("K2", 9750), ("K1", 9850)))]
    store = ledger.store()
    add_statements(store, [("fam", "Family", "person", "P-K1"), ("fam", "Family", "relative", "P-K2"),
                           ("fam2", "Family", "person", "P-SHOP"), ("fam2", "Family", "relative", "P-K2")])
    hits = fired(detect_alerts(store.con, settings=Settings(typologies=("structuring",))), "structuring")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(planted)]
