"""Layering chains: three or more hops within days, near-equal amounts less small fees."""

from __future__ import annotations

from offensief.finance.alerts import detect_alerts
from tests.finance.helpers import Ledger, fired


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
