"""What identifies a bank account across banks: only a full IBAN.

A bank writes the other side of a payment as an account record of its own; records of two
banks are one account when they carry the same IBAN. A bare account number ("123456789")
is no such key — customers of different banks may have the same number — and neither is a
number written in the ``iban`` field without its country code and check digits.

>>> is_iban("NL91 ABNA 0417 1643 00"), is_iban("123456789")
(True, False)
>>> iban_key("nl91 abna 0417 1643 00")
'NL91ABNA0417164300'
"""

from __future__ import annotations

import re

#: A full IBAN (spaces removed, upper case): country code, two check digits, the national
#: account number (ISO 13616; 15 to 34 characters in all). Also used in SQL (RE2 and Java).
IBAN_PATTERN = "^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$"
_IBAN = re.compile(IBAN_PATTERN)


def iban_key(value: str) -> str:
    """The IBAN as compared: without spaces, upper case."""
    return value.replace(" ", "").upper()


def is_iban(value: str) -> bool:
    """Whether ``value`` is written as a full IBAN (not a bare account number)."""
    return _IBAN.match(iban_key(value)) is not None
