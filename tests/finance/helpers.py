"""Hand-made transaction sets for the finance tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import count
from typing import Any

from offensief.finance.transactions import insert_transactions
from offensief.store.duckstore import Store

BASE = datetime(2025, 3, 3, 9, 0)


class Ledger:
    """Collects payments and writes them into an in-memory store's ``transactions``."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self._ids: Iterator[int] = count(1)

    def pay(self, src: str | None, dst: str | None, amount: float, *, at: float = 0.0,
            kind: str = "transfer", purpose: str | None = None, payer: str | None = None,
            beneficiary: str | None = None, tag: str = "t") -> str:
        """Add one payment ``at`` hours after BASE; returns its id."""
        tx_id = f"{tag}{next(self._ids)}"
        self.rows.append({
            "id": tx_id, "amount": amount, "currency": "EUR", "ts": BASE + timedelta(hours=at),
            "payer_id": payer if payer is not None else (f"P-{src}" if src else None),
            "beneficiary_id": beneficiary if beneficiary is not None else (f"P-{dst}" if dst else None),
            "payer_account": src, "beneficiary_account": dst, "purpose": purpose,
            "description": kind, "dataset": "bank",
        })
        return tx_id

    def monthly(self, src: str, dst: str, amount: float, *, months: int = 6, day_hours: float = 0.0,
                kind: str = "transfer", purpose: str | None = None) -> list[str]:
        """The same payment every month (salary, rent): recurring, hence benign."""
        return [self.pay(src, dst, amount, at=day_hours + 24 * 30.5 * m, kind=kind, purpose=purpose)
                for m in range(months)]

    def store(self) -> Store:
        store = Store.memory()
        insert_transactions(store.con, self.rows)
        return store


def fired(alerts: list[dict[str, Any]], typology: str) -> list[dict[str, Any]]:
    return [a for a in alerts if a["typology"] == typology]


def covers(alert: dict[str, Any], ids: list[str], *, share: float = 0.8) -> bool:
    got = set(alert["transaction_ids"])
    return len(got & set(ids)) >= share * len(ids)


def add_statements(store: Store, rows: list[tuple[str, str, str, str]], *, dataset: str = "kvk") -> None:
    """Insert raw ``(entity_id, schema, prop, value)`` statements (for ownership tests)."""
    store.con.executemany(
        "INSERT INTO statement_rows VALUES (?, ?, ?, 'entity', ?, ?, now(), now(), 'test')",
        [(e, s, p, v, dataset) for e, s, p, v in rows],
    )
