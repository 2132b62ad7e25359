"""Addresses, phone numbers, IBANs, KvK numbers and number plates.

IBANs carry valid mod-97 check digits (and national checks, via python-stdnum); phone numbers
are valid Dutch numbers (checked with ``phonenumbers``), so partner files pass validation
the way real deliveries do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as stdiban

# (city, province, first two postcode digits)
CITIES = (
    ("Amsterdam", "Noord-Holland", 10), ("Rotterdam", "Zuid-Holland", 30),
    ("Den Haag", "Zuid-Holland", 25), ("Utrecht", "Utrecht", 35), ("Eindhoven", "Noord-Brabant", 56),
    ("Tilburg", "Noord-Brabant", 50), ("Breda", "Noord-Brabant", 48), ("Almere", "Flevoland", 13),
    ("Groningen", "Groningen", 97), ("Nijmegen", "Gelderland", 65), ("Arnhem", "Gelderland", 68),
    ("Zaandam", "Noord-Holland", 15), ("Maastricht", "Limburg", 62), ("Heerlen", "Limburg", 64),
    ("Venlo", "Limburg", 59), ("Zwolle", "Overijssel", 80), ("Enschede", "Overijssel", 75),
    ("Vlissingen", "Zeeland", 43), ("Dordrecht", "Zuid-Holland", 33), ("Leeuwarden", "Friesland", 89),
)
STREETS = (
    "Dorpsstraat", "Kerkstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Julianalaan",
    "Wilhelminastraat", "Beatrixlaan", "Nieuwstraat", "Marktplein", "Havenweg", "Industrieweg",
    "Vaartkade", "Lindelaan", "Eikenlaan", "Rozenstraat", "Parallelweg", "Boerhaavelaan",
    "Spoorsingel", "Bredaseweg", "Kanaalweg", "Zeedijk", "Veerweg",
)
LANDLINE_AREA = {"Amsterdam": "20", "Rotterdam": "10", "Den Haag": "70", "Utrecht": "30",
                 "Eindhoven": "40", "Tilburg": "13", "Breda": "76", "Groningen": "50",
                 "Maastricht": "43", "Arnhem": "26", "Zwolle": "38", "Enschede": "53"}
NL_BANKS = (("ABNA", "ABN AMRO"), ("INGB", "ING"), ("RABO", "Rabobank"), ("SNSB", "SNS"),
            ("BUNQ", "bunq"), ("KNAB", "Knab"), ("TRIO", "Triodos"))
FOREIGN_IBAN = {  # country -> (length, bank name)
    "BE": (16, "KBC Brussel"), "DE": (22, "Sparkasse"), "LU": (20, "Banque Internationale"),
    "CY": (28, "Hellenic Bank"), "AE": (23, "Emirates NBD"), "TR": (26, "Ziraat Bankasi"),
    "ES": (24, "Banco Sabadell"), "HR": (21, "Zagrebacka Banka"),
}


@dataclass(frozen=True)
class Address:
    """A BAG-style address."""

    aid: str
    street: str
    number: str
    postcode: str
    city: str
    country: str = "nl"

    def line(self) -> str:
        return f"{self.street} {self.number}, {self.postcode} {self.city}"


def draw_address(rng: random.Random, aid: str, city: tuple[str, str, int] | None = None) -> Address:
    name, _prov, pc = city or rng.choice(CITIES)
    number = str(rng.randint(1, 240)) + (rng.choice(("", "", "", "A", "B", "-2", " bis")))
    letters = "".join(rng.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
    postcode = f"{pc}{rng.randint(0, 99):02d} {letters}"
    return Address(aid, rng.choice(STREETS), number.strip(), postcode, name)


def address_variant(rng: random.Random, a: Address) -> str:
    """How a non-register source writes an address."""
    style = rng.randrange(5)
    if style == 0:
        return f"{a.street} {a.number} {a.postcode.replace(' ', '')} {a.city}"
    if style == 1:
        return f"{a.street.replace('straat', 'str.').replace('laan', 'ln')} {a.number}, {a.city}"
    if style == 2:
        return f"{a.street} {a.number}, {a.city.upper()}"
    if style == 3:
        return f"{a.street} {a.number}"
    return a.line()


def _valid_phone(text: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text))
    except phonenumbers.NumberParseException:
        return False


def draw_mobile(rng: random.Random, used: set[str]) -> str:
    while True:
        text = f"+316{rng.randint(10000000, 59999999)}"
        if text not in used and _valid_phone(text):
            used.add(text)
            return text


def draw_landline(rng: random.Random, city: str, used: set[str]) -> str:
    area = LANDLINE_AREA.get(city, "88")
    while True:
        width = 9 - len(area)
        text = f"+31{area}{rng.randint(2 * 10 ** (width - 1), 10 ** width - 1)}"
        if text not in used and _valid_phone(text):
            used.add(text)
            return text


def phone_variant(rng: random.Random, phone: str) -> str:
    """'+31612345678' as people write it with the country code (FtM needs it to parse):
    '+31 6 1234 5678', '+31-6-12345678', '+31 (0)6 12345678'."""
    if not phone.startswith("+31"):
        return phone
    rest = phone[3:]
    style = rng.randrange(4)
    if style == 0:
        return f"+31 {rest[0]} {rest[1:5]} {rest[5:]}"
    if style == 1:
        return f"+31-{rest[0]}-{rest[1:]}"
    if style == 2:
        return f"+31 (0){rest[0]} {rest[1:]}"
    return phone


def draw_iban(rng: random.Random, used: set[str], country: str = "NL") -> tuple[str, str]:
    """A valid IBAN (and its bank's name) not used before."""
    while True:
        if country == "NL":
            code, bank = rng.choice(NL_BANKS)
            bban = code + "".join(str(rng.randrange(10)) for _ in range(10))
        else:
            length, bank = FOREIGN_IBAN[country]
            bban = "".join(str(rng.randrange(10)) for _ in range(length - 4))
        digits = "".join(str(int(c, 36)) for c in bban + country + "00")
        text = f"{country}{98 - int(digits) % 97:02d}{bban}"
        if text not in used and stdiban.is_valid(text):
            used.add(text)
            return text, bank


def draw_kvk(rng: random.Random, used: set[str]) -> str:
    while True:
        text = f"{rng.randint(10000000, 99999999)}"
        if text not in used:
            used.add(text)
            return text


def draw_plate(rng: random.Random, used: set[str]) -> str:
    """A sidecode-9..11 style Dutch plate: 'GB-123-X', '1-ABC-23', 'XL-987-B'."""
    letters = "BDFGHJKLNPRSTVXZ"
    while True:
        style = rng.randrange(3)
        a = "".join(rng.choice(letters) for _ in range(2))
        if style == 0:
            text = f"{a}-{rng.randint(100, 999)}-{rng.choice(letters)}"
        elif style == 1:
            text = f"{rng.randint(1, 9)}-{a}{rng.choice(letters)}-{rng.randint(10, 99)}"
        else:
            text = f"{rng.choice(letters)}-{rng.randint(100, 999)}-{a}"
        if text not in used:
            used.add(text)
            return text
