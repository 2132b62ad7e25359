"""Small builders for test input files."""

from __future__ import annotations

from pathlib import Path

import orjson

PAYMENT_MAPPING = """
payments:
  queries:
    - csv_url: payments.csv
      entities:
        payer:
          schema: BankAccount
          keys: [from_iban]
          properties:
            iban: {column: from_iban}
        beneficiary:
          schema: BankAccount
          keys: [to_iban]
          properties:
            iban: {column: to_iban}
        payment:
          schema: Payment
          keys: [txid]
          properties:
            payerAccount: {entity: payer}
            beneficiaryAccount: {entity: beneficiary}
            amount: {column: amount}
            date: {column: date}
            description: {column: channel}
            currency: {literal: EUR}
"""
HEADER = "txid,from_iban,to_iban,amount,date,channel\n"


def person(i: int, **props: list[str]) -> dict:
    properties = {"name": [f"Persoon {i}"], "birthDate": ["1980-01-01"]} | props
    return {"id": f"p{i}", "schema": "Person", "properties": properties}


def write_jsonl(path: Path, entities: list[dict], extra: str = "") -> Path:
    path.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in entities) + extra.encode())
    return path


def write_payments(path: Path, n: int, extra: str = "") -> tuple[Path, Path]:
    rows = [f"t{i},NL91ABNA0417164300,NL20INGB0001234567,{i}.50,2025-03-05T10:22:00,transfer\n" for i in range(n)]
    path.write_text(HEADER + "".join(rows) + extra)
    mapping = path.with_suffix(".yml")
    mapping.write_text(PAYMENT_MAPPING)
    return path, mapping
