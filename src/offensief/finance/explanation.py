"""Alert records and how they are described: the money at stake, a score, one sentence."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Alert:
    """One merged alert; ``to_dict`` gives the documented JSON shape."""

    typology: str
    transaction_ids: set[str]
    account_ids: set[str] = field(default_factory=set)
    entity_ids: set[str] = field(default_factory=set)
    amount: float = 0.0
    start: datetime | None = None
    end: datetime | None = None
    score: float = 0.0
    explanation: str = ""

    @property
    def id(self) -> str:
        return alert_id(self.typology, self.transaction_ids)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "typology": self.typology,
            "score": self.score,
            "transaction_ids": sorted(self.transaction_ids),
            "account_ids": sorted(self.account_ids),
            "entity_ids": sorted(self.entity_ids),
            "amount": round(self.amount, 2),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "explanation": self.explanation,
        }


def alert_id(typology: str, transaction_ids: Iterable[str]) -> str:
    """A stable alert id: the same typology on the same payments is the same alert.

    >>> alert_id("structuring", ["t2", "t1"]) == alert_id("structuring", ["t1", "t2"])
    True
    """
    digest = hashlib.sha1("\n".join([typology, *sorted(transaction_ids)]).encode())
    return "al-" + digest.hexdigest()[:16]


@dataclass(frozen=True)
class Tx:
    id: str
    amount: float
    ts: datetime
    payer: str | None
    beneficiary: str | None
    payer_account: str | None
    beneficiary_account: str | None
    kind: str


def node(tx: Tx, side: str) -> str | None:
    if side == "src":
        return tx.payer_account or tx.payer
    return tx.beneficiary_account or tx.beneficiary


def money_at_stake(typology: str, txs: list[Tx]) -> float:
    """Money moved: what entered the structure (first hops), not the sum over every hop."""
    if typology in ("structuring", "trade_based", "fan_in", "fan_out", "bipartite"):
        return sum(t.amount for t in txs)
    if typology == "cycle":
        return min(txs, key=lambda t: t.ts).amount if txs else 0.0
    sinks = {node(t, "dst") for t in txs}
    entering = [t for t in txs if node(t, "src") not in sinks]
    return sum(t.amount for t in (entering or txs))


def score(alert: Alert, txs: list[Tx]) -> float:
    """Between 0 and 1: half money at stake (EUR 1M scores full), half breadth (10 payments)."""
    money = min(1.0, math.log10(1.0 + alert.amount) / 6.0)
    breadth = min(1.0, len(txs) / 10.0)
    return round(0.5 * money + 0.5 * breadth, 3)


def _eur(x: float) -> str:
    return f"EUR {x:,.0f}"


def explain(alert: Alert, txs: list[Tx]) -> str:
    """One plain sentence: what pattern, which accounts, how much, over how long."""
    n = len(txs)
    span = (alert.end - alert.start) if alert.start and alert.end else None
    dur = f"{span.total_seconds() / 3600:.0f} hours" if span and span.days < 2 else f"{span.days if span else 0} days"
    src = {node(t, "src") for t in txs}
    dst = {node(t, "dst") for t in txs}
    amounts = [t.amount for t in txs]
    lo, hi = (min(amounts), max(amounts)) if amounts else (0.0, 0.0)
    t = alert.typology
    if t == "fan_out":
        hub = next(iter(src)) if len(src) == 1 else f"{len(src)} accounts"
        lead = f"{hub} paid {len(dst)} fresh counterparties"
    elif t == "fan_in":
        hub = next(iter(dst)) if len(dst) == 1 else f"{len(dst)} accounts"
        lead = f"{hub} was paid by {len(src)} fresh counterparties"
    elif t == "cycle":
        lead = f"money went round {len(src)} accounts and came back to where it started"
    elif t == "scatter_gather":
        lead = f"money was split over {len(src & dst)} intermediaries and gathered again in one account"
    elif t == "gather_scatter":
        lead = f"{len(src & dst)} hub account(s) collected from {len(src - dst)} and paid on to {len(dst - src)} fresh parties"
    elif t in ("bipartite", "stacked_bipartite"):
        layers = "layers" if t == "stacked_bipartite" else "one layer"
        lead = f"{len(src - dst)} senders paid {len(dst - src)} receivers criss-cross ({layers})"
    elif t == "structuring":
        lead = f"{n} cash deposits just under a reporting threshold into {len(dst)} account(s)"
    elif t == "funnel":
        lead = f"cash paid in through {len(src - dst) or len(src)} account(s) or depositor(s) was concentrated in one account within days"
    elif t == "rapid_pass_through":
        lead = f"{len(src & dst)} account(s) passed on similar amounts within hours of receiving them"
    elif t == "layering":
        lead = f"money was passed on through {len(src | dst)} accounts in a row within days, a small fee less at each hop"
    elif t == "trade_based":
        lead = f"{n} round-amount invoices between related companies"
    else:
        lead = "a property payment funded shortly before by several fresh counterparties"
    return (f"{t}: {lead}; {n} payments of {_eur(lo)}–{_eur(hi)}, {_eur(alert.amount)} in total, "
            f"over {dur}.")
