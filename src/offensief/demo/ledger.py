"""A columnar ledger of payments: bulk background flows are added as numpy arrays.

Parties are persons (index ``p``) or companies (index ``n_persons + c``); accounts are indices
into :attr:`World.accounts`, ``-1`` for the cash side of a deposit or withdrawal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np

CHANNELS = ("transfer", "invoice", "cash-deposit", "cash-withdrawal", "card")
TRANSFER, INVOICE, CASH_DEPOSIT, CASH_WITHDRAWAL, CARD = range(5)


def epoch(day: date) -> int:
    """Seconds since 1970 at midnight (UTC, no zone in the output) of ``day``."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


@dataclass(slots=True)
class Ledger:
    """Payments collected in parts; :meth:`finish` sorts them by time and numbers them."""

    parts: list[dict[str, np.ndarray]] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    size: int = 0
    _purpose_index: dict[str, int] = field(default_factory=dict)
    order: np.ndarray | None = None
    rank: np.ndarray | None = None

    def purpose(self, text: str) -> int:
        """Code of a purpose text (texts are stored once)."""
        code = self._purpose_index.get(text)
        if code is None:
            code = self._purpose_index[text] = len(self.purposes)
            self.purposes.append(text)
        return code

    def add(self, *, ts: np.ndarray, amount: np.ndarray, payer_account: np.ndarray,
            beneficiary_account: np.ndarray, payer: np.ndarray, beneficiary: np.ndarray,
            channel: int | np.ndarray, purpose: int | np.ndarray) -> np.ndarray:
        """Add payments (all arrays the same length); returns their provisional numbers."""
        n = len(ts)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        part: dict[str, np.ndarray] = {
            "ts": np.asarray(ts, dtype=np.int64),
            "amount": np.round(np.asarray(amount, dtype=np.float64), 2),
            "payer_account": np.asarray(payer_account, dtype=np.int64),
            "beneficiary_account": np.asarray(beneficiary_account, dtype=np.int64),
            "payer": np.asarray(payer, dtype=np.int64),
            "beneficiary": np.asarray(beneficiary, dtype=np.int64),
            "channel": np.broadcast_to(np.asarray(channel, dtype=np.int8), (n,)).copy(),
            "purpose": np.broadcast_to(np.asarray(purpose, dtype=np.int32), (n,)).copy(),
        }
        self.parts.append(part)
        numbers = np.arange(self.size, self.size + n, dtype=np.int64)
        self.size += n
        return numbers

    def add_one(self, *, ts: int, amount: float, payer_account: int, beneficiary_account: int,
                payer: int, beneficiary: int, channel: int, purpose: str) -> int:
        """Add a single payment; returns its provisional number."""
        return int(self.add(
            ts=np.array([ts]), amount=np.array([amount]), payer_account=np.array([payer_account]),
            beneficiary_account=np.array([beneficiary_account]), payer=np.array([payer]),
            beneficiary=np.array([beneficiary]), channel=channel, purpose=self.purpose(purpose),
        )[0])

    def finish(self) -> dict[str, np.ndarray]:
        """All payments sorted by time (stable); :attr:`rank` maps provisional → final number."""
        columns = {k: np.concatenate([p[k] for p in self.parts]) for k in self.parts[0]}
        order = np.argsort(columns["ts"], kind="stable")
        self.order = order
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        self.rank = rank
        return {k: v[order] for k, v in columns.items()}

    def final(self, numbers: list[int] | np.ndarray) -> list[int]:
        """Final (time-ordered) numbers of provisional payment numbers."""
        assert self.rank is not None, "call finish() first"
        return sorted(int(self.rank[n]) for n in numbers)
