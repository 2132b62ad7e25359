"""IBANs, KvK numbers, phones, plates and the FtM mapping ids."""

from __future__ import annotations

import random

import phonenumbers
from followthemoney import model

from offensief.demo.identifiers import (
    account_entity_id,
    foreign_iban,
    iban_check,
    iban_is_valid,
    kvk_number,
    licence_plate,
    mobile_number,
    nl_iban,
    payment_entity_id,
)
from offensief.demo.payments import mapping_document
from offensief.ingest.values import clean_value


def test_iban_check_digits_match_a_published_example() -> None:
    assert iban_check("NL", "ABNA0417164300") == "91"  # NL91 ABNA 0417 1643 00
    assert iban_is_valid("NL91ABNA0417164300")
    assert not iban_is_valid("NL92ABNA0417164300")


def test_generated_ibans_are_valid() -> None:
    """Valid for ISO 13616 and for the ingest's own check (FtM's iban format, national rules)."""
    rng = random.Random(1)
    prop = model.get("BankAccount").get("iban")
    for _ in range(200):
        iban = nl_iban(rng)[0]
        assert iban_is_valid(iban) and clean_value(prop, iban, file="t", line=1, field="iban") == iban
    for country in ("be", "es", "de", "lu", "fr"):
        for _ in range(100):
            iban, _ = foreign_iban(rng, country)
            assert iban.startswith(country.upper()) and iban_is_valid(iban)
            assert clean_value(prop, iban, file="t", line=1, field="iban") == iban
    be, _ = foreign_iban(rng, "be")
    assert int(be[4:14]) % 97 == int(be[14:16]) or (int(be[4:14]) % 97 == 0 and be[14:16] == "97")


def test_numbers_are_unique_and_well_formed() -> None:
    rng = random.Random(2)
    kvk: set[str] = set()
    phones: set[str] = set()
    plates: set[str] = set()
    for _ in range(500):
        number = kvk_number(rng, kvk)
        assert len(number) == 8 and number.isdigit()
        phone = mobile_number(rng, phones)
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone))
        licence_plate(rng, plates)
    assert len(kvk) == len(phones) == len(plates) == 500


def test_mapping_ids_are_the_ids_ftm_computes() -> None:
    query = dict(mapping_document()["bank_payments"]["queries"][0])  # type: ignore[index]
    query["csv_url"] = "payments.csv"
    mapping = model.make_mapping(query)
    record = {"transaction_id": "TX000000042", "date": "2026-01-02T10:22:00", "amount": "12.50",
              "currency": "EUR", "description": "transfer", "purpose": "Huur",
              "payer_iban": "NL91ABNA0417164300", "payer_customer_id": "bank-p-1",
              "beneficiary_iban": "NL20INGB0001234567", "beneficiary_customer_id": "bank-c-2"}
    mapped = mapping.map(record)
    assert mapped["payment"].id == payment_entity_id("TX000000042")
    assert mapped["payer_account"].id == account_entity_id("NL91ABNA0417164300")
    assert mapped["payment"].get("payerAccount") == [account_entity_id("NL91ABNA0417164300")]
    assert mapped["payment"].get("payer") == ["bank-p-1"]
