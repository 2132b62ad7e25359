"""The bank's raw payments export (CSV) and the FtM mapping YAML that turns it into entities."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from offensief.demo.identifiers import ACCOUNT_KEY_LITERAL, PAYMENT_KEY_LITERAL, payment_entity_id
from offensief.demo.ledger import CHANNELS
from offensief.demo.world import World

COLUMNS = ("transaction_id", "date", "amount", "currency", "description", "purpose",
           "payer_iban", "payer_name", "payer_customer_id",
           "beneficiary_iban", "beneficiary_name", "beneficiary_customer_id")


def transaction_ids(count: int) -> list[str]:
    """Raw transaction ids in time order: ``TX000000001``…"""
    return [f"TX{n:09d}" for n in range(1, count + 1)]


def write_payments_csv(path: Path, world: World, payments: dict[str, np.ndarray], *, purposes: list[str],
                       customer_ids: dict[int, str], party_names: dict[int, str]) -> list[str]:
    """Write ``payments.csv``; returns the raw transaction ids (row order)."""
    n = len(payments["ts"])
    ids = transaction_ids(n)
    ibans = np.array([a.iban for a in world.accounts] + [""], dtype=object)
    payer_acc = np.where(payments["payer_account"] < 0, len(world.accounts), payments["payer_account"])
    ben_acc = np.where(payments["beneficiary_account"] < 0, len(world.accounts), payments["beneficiary_account"])
    parties = max(max(customer_ids), int(payments["payer"].max()), int(payments["beneficiary"].max())) + 1
    cust = np.array([customer_ids.get(i, "") for i in range(parties)], dtype=object)
    names = np.array([party_names.get(i, "") for i in range(parties)], dtype=object)
    table = pa.table({
        "transaction_id": ids,
        "date": payments["ts"].astype("datetime64[s]").astype(str),
        "amount": np.char.mod("%.2f", payments["amount"]),
        "currency": ["EUR"] * n,
        "description": np.array(CHANNELS, dtype=object)[payments["channel"]],
        "purpose": np.array(purposes, dtype=object)[payments["purpose"]],
        "payer_iban": ibans[payer_acc], "payer_name": names[payments["payer"]],
        "payer_customer_id": cust[payments["payer"]],
        "beneficiary_iban": ibans[ben_acc], "beneficiary_name": names[payments["beneficiary"]],
        "beneficiary_customer_id": cust[payments["beneficiary"]],
    })
    options = pacsv.WriteOptions(quoting_style="needed")
    pacsv.write_csv(table, str(path), write_options=options)
    return ids


def _account(column: str) -> dict[str, object]:
    return {"schema": "BankAccount", "key_literal": ACCOUNT_KEY_LITERAL, "keys": [column],
            "properties": {"iban": {"column": column}}}


def _party(column: str) -> dict[str, object]:
    return {"schema": "LegalEntity", "id_column": column}


def mapping_document() -> dict[str, object]:
    """The FtM mapping of ``payments.csv``: accounts keyed by IBAN, parties by customer id.

    One query without filters, so the ingest's compiled (SQL) path can take it. On cash rows
    one IBAN is empty: FtM then makes no account entity for that side and the Payment has
    no ``payerAccount`` (deposit) or ``beneficiaryAccount`` (withdrawal).
    """
    payment = {"schema": "Payment", "key_literal": PAYMENT_KEY_LITERAL, "keys": ["transaction_id"],
               "properties": {
                   "transactionNumber": {"column": "transaction_id"}, "date": {"column": "date"},
                   "amount": {"column": "amount"}, "currency": {"column": "currency"},
                   "description": {"column": "description"}, "purpose": {"column": "purpose"},
                   "payer": {"entity": "payer"}, "beneficiary": {"entity": "beneficiary"},
                   "payerAccount": {"entity": "payer_account"},
                   "beneficiaryAccount": {"entity": "beneficiary_account"},
               }}
    return {"bank_payments": {"queries": [{"csv_url": "payments.csv", "entities": {
        "payer_account": _account("payer_iban"), "beneficiary_account": _account("beneficiary_iban"),
        "payer": _party("payer_customer_id"), "beneficiary": _party("beneficiary_customer_id"),
        "payment": payment}}]}}


def payment_ids(raw_ids: list[str]) -> list[str]:
    """FtM Payment entity ids of raw transaction ids (as the mapping computes them)."""
    return [payment_entity_id(t) for t in raw_ids]
