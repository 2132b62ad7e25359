"""Identifiers of the demo world: IBANs, KvK numbers, phone numbers, plates, FtM mapping ids.

Every generator takes the caller's ``random.Random`` so a seed fixes the whole world.
"""

from __future__ import annotations

import random
import string
from hashlib import sha1

#: Dutch bank codes (the four letters in an NL IBAN) with the bank's name.
NL_BANKS: tuple[tuple[str, str], ...] = (
    ("INGB", "ING Bank"), ("RABO", "Rabobank"), ("ABNA", "ABN AMRO"),
    ("SNSB", "SNS Bank"), ("ASNB", "ASN Bank"), ("TRIO", "Triodos Bank"),
    ("BUNQ", "bunq"), ("KNAB", "Knab"), ("RBRB", "RegioBank"),
)
#: Foreign banks used by shells abroad: country → (bank name, IBAN body length in digits).
FOREIGN_BANKS: dict[str, tuple[str, int]] = {
    "be": ("KBC Bank", 12), "es": ("Banco Santander", 20), "de": ("Deutsche Bank", 18),
    "lu": ("Banque de Luxembourg", 16), "fr": ("BNP Paribas", 23),
}
#: Key literal of BankAccount entities in the payments mapping (see :func:`account_entity_id`).
ACCOUNT_KEY_LITERAL = "bank-account"
#: Key literal of Payment entities in the payments mapping.
PAYMENT_KEY_LITERAL = "payment"


def iban_check(country: str, bban: str) -> str:
    """The two ISO 13616 check digits of an IBAN with this country code and BBAN."""
    text = (bban + country.upper() + "00").upper()
    digits = "".join(str(int(ch, 36)) for ch in text)
    return f"{98 - int(digits) % 97:02d}"


def nl_iban(rng: random.Random) -> tuple[str, str]:
    """A valid Dutch IBAN and the name of its bank."""
    code, name = rng.choice(NL_BANKS)
    bban = code + "".join(rng.choice(string.digits) for _ in range(10))
    return f"NL{iban_check('NL', bban)}{bban}", name


def foreign_iban(rng: random.Random, country: str) -> tuple[str, str]:
    """A valid IBAN (ISO check digits) at a bank in ``country``, and the bank's name."""
    name, length = FOREIGN_BANKS[country]
    bban = "".join(rng.choice(string.digits) for _ in range(length))
    if country == "be":  # a KBC bank code; national check: last two digits = first ten mod 97
        body = rng.choice(("734", "735", "736", "737", "738", "739")) + bban[3:10]
        check = int(body) % 97 or 97
        bban = f"{body}{check:02d}"
    elif country == "es":  # bank, branch, two CCC check digits, account
        bank, account = bban[:8], bban[10:]
        bban = f"{bank}{_ccc_digit('00' + bank)}{_ccc_digit(account)}{account}"
    cc = country.upper()
    return f"{cc}{iban_check(cc, bban)}{bban}", name


def _ccc_digit(digits: str) -> int:
    """One check digit of a Spanish CCC (Código Cuenta Cliente) over ten digits."""
    total = sum(int(d) * w for d, w in zip(digits, (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)))
    digit = 11 - total % 11
    return {11: 0, 10: 1}.get(digit, digit)


def iban_is_valid(iban: str) -> bool:
    """True when the ISO 13616 check digits of ``iban`` are right."""
    text = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in text)) % 97 == 1


def kvk_number(rng: random.Random, used: set[str]) -> str:
    """A fresh 8-digit Chamber of Commerce number."""
    while True:
        number = f"{rng.randrange(10_000_000, 99_999_999)}"
        if number not in used:
            used.add(number)
            return number


def mobile_number(rng: random.Random, used: set[str]) -> str:
    """A fresh Dutch mobile number in E.164 form (+316 with a valid second digit)."""
    while True:
        number = "+316" + rng.choice("123458") + "".join(rng.choice(string.digits) for _ in range(7))
        if number not in used:
            used.add(number)
            return number


def licence_plate(rng: random.Random, used: set[str]) -> str:
    """A fresh Dutch-style licence plate such as ``GH-123-K`` or ``12-ABC-3``."""
    letters = "BDFGHJKLNPRSTVXZ"
    while True:
        if rng.random() < 0.5:
            plate = (f"{''.join(rng.choices(letters, k=2))}-{rng.randrange(100, 999)}-"
                     f"{rng.choice(letters)}")
        else:
            plate = (f"{rng.randrange(10, 99)}-{''.join(rng.choices(letters, k=3))}-"
                     f"{rng.randrange(1, 9)}")
        if plate not in used:
            used.add(plate)
            return plate


def mapping_id(key_literal: str, *values: str) -> str:
    """The entity id FtM's mapping computes for ``keys`` with this ``key_literal``.

    FtM hashes (with sha1) the key prefix (none here), the key literal and the sorted,
    non-empty key values. The bank's JSON lines use the same ids, so the accounts in the
    payments CSV and in the bank's records are the same entities.
    """
    digest = sha1(key_literal.encode("utf-8"))
    for value in sorted(v.encode("utf-8") for v in values):
        if value:
            digest.update(value)
    return digest.hexdigest()


def account_entity_id(iban: str) -> str:
    """Entity id of the BankAccount with this IBAN (as the payments mapping makes it)."""
    return mapping_id(ACCOUNT_KEY_LITERAL, iban)


def payment_entity_id(transaction_id: str) -> str:
    """Entity id of the Payment with this raw transaction id (as the mapping makes it)."""
    return mapping_id(PAYMENT_KEY_LITERAL, transaction_id)
