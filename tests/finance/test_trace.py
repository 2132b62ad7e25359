"""Tracing: time-respecting paths, pro-rata versus FIFO, forward and backward."""

from __future__ import annotations

import pytest

from offensief.finance.trace import trace_funds
from offensief.model.errors import InputError, NotFound
from tests.finance.helpers import Ledger


def _ledger() -> tuple[Ledger, str]:
    ledger = Ledger()
    ledger.pay("X", "B", 10000, at=0)            # clean money already in B
    seed = ledger.pay("A", "B", 10000, at=10)    # the money we follow
    ledger.pay("B", "C", 6000, at=20)
    ledger.pay("B", "D", 4000, at=30)
    ledger.pay("C", "E", 3000, at=40)
    ledger.pay("C", "F", 500, at=5)              # before the money arrived: not on a path
    ledger.pay("D", None, 4000, at=50, kind="cash-withdrawal", beneficiary="")
    return ledger, seed


def _flows(result: dict) -> dict[tuple[str, str], float]:
    return {(f["source"], f["target"]): f["amount"] for f in result["flows"]}


def test_forward_pro_rata_splits_by_share_of_balance() -> None:
    ledger, seed = _ledger()
    result = trace_funds(ledger.store().con, start=seed, direction="forward", method="pro-rata")
    flows = _flows(result)
    assert result["start_kind"] == "transaction" and result["traced"] == 10000
    assert flows[("A", "B")] == 10000
    assert flows[("B", "C")] == 3000 and flows[("B", "D")] == 2000
    assert flows[("C", "E")] == 1500
    assert ("C", "F") not in flows
    assert flows[("D", "cash")] == 2000
    ends = {e["account"]: e["amount"] for e in result["endpoints"]}
    assert ends["B"] == 5000 and ends["cash"] == 2000


def test_forward_fifo_spends_the_oldest_money_first() -> None:
    ledger, seed = _ledger()
    result = trace_funds(ledger.store().con, start=seed, direction="forward", method="fifo")
    flows = _flows(result)
    assert ("B", "C") not in flows and ("B", "D") not in flows
    assert {e["account"]: e["amount"] for e in result["endpoints"]} == {"B": 10000}


def test_backward_from_an_account_finds_the_sources() -> None:
    ledger, _ = _ledger()
    result = trace_funds(ledger.store().con, start="E", direction="backward", method="pro-rata")
    flows = _flows(result)
    assert result["start_kind"] == "account" and result["traced"] == 3000
    assert flows[("C", "E")] == 3000
    # C received 6000 from B (and nothing earlier but the 500 it had paid out)
    assert flows[("B", "C")] == pytest.approx(3000)
    # B's 6000 came half from X, half from A
    assert flows[("X", "B")] == pytest.approx(1500) and flows[("A", "B")] == pytest.approx(1500)


def test_entity_start_and_errors() -> None:
    ledger, _ = _ledger()
    con = ledger.store().con
    result = trace_funds(con, start="P-A", direction="forward")
    assert result["start_kind"] == "entity" and result["traced"] == 10000
    with pytest.raises(NotFound):
        trace_funds(con, start="nobody")
    with pytest.raises(InputError):
        trace_funds(con, start="A", method="lifo")


def test_backward_fifo_uses_the_oldest_inflows() -> None:
    ledger, _seed = _ledger()
    result = trace_funds(ledger.store().con, start="E", direction="backward", method="fifo")
    flows = _flows(result)
    assert flows[("X", "B")] == pytest.approx(3000) and ("A", "B") not in flows


def test_a_set_of_payments_is_traced_as_one_start() -> None:
    """An alert's payments start together: the money of all of them is followed, counted once."""
    ledger = Ledger()
    one = ledger.pay("A", "B", 4000, at=10)
    two = ledger.pay("A2", "B", 6000, at=12)
    ledger.pay("B", "C", 10000, at=20)
    single = trace_funds(ledger.store().con, start=one)
    both = trace_funds(ledger.store().con, start="alert-1", transactions=[one, two])
    assert single["traced"] == 4000 and _flows(single)[("B", "C")] == pytest.approx(4000)
    assert both["start_kind"] == "payments" and both["payments"] == 2
    assert both["traced"] == both["entering"] == 10000
    assert _flows(both)[("B", "C")] == pytest.approx(10000)


def test_a_chain_of_payments_counts_its_money_once() -> None:
    ledger = Ledger()
    first = ledger.pay("A", "B", 5000, at=10)
    second = ledger.pay("B", "C", 5000, at=20)
    ledger.pay("C", "D", 5000, at=30)
    forward = trace_funds(ledger.store().con, start="chain", transactions=[first, second])
    assert forward["traced"] == 10000 and forward["entering"] == 5000  # the same money twice
    assert _flows(forward)[("C", "D")] == pytest.approx(5000)
    backward = trace_funds(ledger.store().con, start="chain", transactions=[first, second],
                           direction="backward")
    assert backward["entering"] == 5000
    assert _flows(backward)[("A", "B")] == pytest.approx(5000)  # not 10000


def test_an_unseen_set_of_payments_is_not_found() -> None:
    ledger, _ = _ledger()
    with pytest.raises(NotFound):
        trace_funds(ledger.store().con, start="alert-x", transactions=["nope"])
