"""Matching keys for a protected subject's name, address and phone, built on the
normalisation hit/no-hit uses (:func:`offensief.access.pseudonym.normalise`).

>>> name_key("Mulder, Jan") == name_key("jan  MULDER")
True
>>> address_key("Hoofdstr. 46, 2593 PW Den Haag") == address_key("Hoofdstraat 46, 2593PW Den Haag")
True
>>> phone_key("+31 6 5093 7865") == phone_key("0650937865")
True
"""

from __future__ import annotations

import re

from offensief.access.pseudonym import normalise

#: A Dutch postcode (four digits, two letters) — with the house number it identifies an
#: address (the BAG's nummeraanduiding), whatever the spelling of the street.
_POSTCODE = re.compile(r"\b(\d{4})\s?([a-z]{2})\b")
_NUMBER = re.compile(r"\b(\d+)\s?([a-z]?)\b")


def name_key(value: str) -> str:
    """Normalised name tokens in sorted order ("Mulder, Jan" = "Jan Mulder")."""
    return " ".join(sorted(normalise(value).split()))


def address_key(value: str) -> str:
    """Postcode + house number when the text has a Dutch postcode, else the normalised text."""
    text = normalise(value)
    found = _POSTCODE.search(text)
    if found:
        numbers = _NUMBER.findall(text[: found.start()])
        if numbers:
            number, suffix = numbers[-1]
            return f"addr:{found.group(1)}{found.group(2)}:{number}{suffix}"
    return text


def phone_key(value: str) -> str | None:
    """The normalised phone (``tel:`` + last nine digits), or ``None`` if it is no number."""
    key = normalise(value)
    return key if key.startswith("tel:") else None
