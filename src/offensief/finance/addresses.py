"""Dutch street addresses as comparable keys: who lives at a property's address.

The population register, the land register and police records write one address in many
ways ("Dorpsweg 5, 1251 AB Laren", "DORPSWEG 5 LAREN", "Dorpsweg 5-A"). Two addresses are the
same dwelling when their postcode and house number agree, or — when a postcode is missing on
either side — their street, house number (with its letter addition) and town agree; a town
missing on either side is no disagreement (a record may leave it out).

>>> a = parse("Dorpsweg 5, 1251 AB Laren")
>>> a.postcode, a.street, a.number, a.town
('1251AB', 'dorpsweg', '5', 'laren')
>>> same(a, parse("DORPSWEG 5 LAREN")), same(a, parse("Dorpsweg 5a, Laren"))
(True, False)
>>> same(parse("Kerkstraat 1, Utrecht"), parse("Kerkstraat 1, Zwolle"))
False
>>> same(parse("Villa Dorpsweg 5"), a), parse("Villa Dorpsweg 5").keys
(True, ['villa dorpsweg|5', 'dorpsweg|5'])
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_POSTCODE = re.compile(r"\b(\d{4})\s?([a-z]{2})\b")
_STREET_NUMBER = re.compile(r"([a-z][a-z'\- ]*?)\s+(\d{1,5})(?:\s*-?\s*([a-z])\b)?")


@dataclass(frozen=True)
class Address:
    """The parts of an address that identify a dwelling."""

    street: str
    number: str
    postcode: str = ""
    town: str = ""

    @property
    def key(self) -> str:
        """Street and house number: the bucket in which :func:`same` compares."""
        return f"{self.street}|{self.number}"

    @property
    def keys(self) -> list[str]:
        """The key and those of the street's last words ("villa dorpsweg" → "dorpsweg"): a
        label may put a word before the street."""
        words = self.street.split()
        return [f"{' '.join(words[i:])}|{self.number}" for i in range(len(words))]


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", re.sub(r"[.,;:/()]", " ", folded.lower())).strip()


def parse(text: str | None) -> Address | None:
    """The dwelling an address text names, or ``None`` when it names no street and number."""
    if not text:
        return None
    plain = _plain(text)
    postcode = ""
    found = _POSTCODE.search(plain)
    rest = plain
    if found:
        postcode = found.group(1) + found.group(2).upper()
        rest = plain[:found.start()] + " | " + plain[found.end():]
    match = _STREET_NUMBER.search(rest)
    if match is None:
        return None
    street = match.group(1).strip()
    number = match.group(2) + (match.group(3) or "")
    after = rest[match.end():].replace("|", " ")
    town = " ".join(w for w in after.split() if w.isalpha() and len(w) > 1 and w not in ("nl", "nederland"))
    return Address(street, number, postcode, town)


def same(a: Address, b: Address) -> bool:
    """One dwelling: postcode + number agree, else street + number agree and the towns (when
    both are known) too."""
    if a.number != b.number:
        return False
    if a.postcode and b.postcode:
        return a.postcode == b.postcode
    if a.street != b.street and not a.street.endswith(" " + b.street) and not b.street.endswith(" " + a.street):
        return False
    return not (a.town and b.town) or a.town == b.town or a.town.startswith(b.town) or b.town.startswith(a.town)


def street_keys(text: str) -> list[str]:
    """Every "street|number" a free text names (the buckets of :attr:`Address.key`), for an
    index of payment texts.

    >>> street_keys("Huur juni Dorpsweg 5a Laren")
    ['huur juni dorpsweg|5a', 'juni dorpsweg|5a', 'dorpsweg|5a']
    """
    plain = _plain(text)
    keys = []
    for match in _STREET_NUMBER.finditer(plain):
        words = match.group(1).split()
        number = match.group(2) + (match.group(3) or "")
        keys += [f"{' '.join(words[i:])}|{number}" for i in range(len(words))]
    return keys
