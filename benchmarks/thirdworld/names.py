"""Dutch names, identifiers and the ways registers write them down.

Each source writes the same person differently (see docs/validity.md, "The third world"):
the municipal register keeps the official first names, banks the call name ("roepnaam"),
the Kadaster and the RDW initials, the police capitals and typing errors, the UBO register
only the month and year of birth. This module holds the pools and those renderings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# Official first name -> the call name most people then use (Meertens naming custom).
MALE = {"Johannes": "Jan", "Cornelis": "Kees", "Hendrik": "Henk", "Petrus": "Piet",
        "Jacobus": "Jaap", "Gerardus": "Gerard", "Adrianus": "Arie", "Theodorus": "Theo",
        "Wilhelmus": "Wim", "Franciscus": "Frank", "Mohamed": "Mohamed", "Ahmed": "Ahmed",
        "Youssef": "Youssef", "Mehmet": "Mehmet", "Mustafa": "Mustafa", "Rachid": "Rachid",
        "Dennis": "Dennis", "Kevin": "Kevin", "Sander": "Sander", "Ricardo": "Ricardo",
        "Romano": "Romano", "Anouar": "Anouar", "Bilal": "Bilal", "Stefan": "Stefan",
        "Thomas": "Thomas", "Lucas": "Luuk", "Martinus": "Martin", "Dirk": "Dirk"}
FEMALE = {"Johanna": "Anneke", "Wilhelmina": "Willy", "Catharina": "Karin", "Maria": "Marieke",
          "Elisabeth": "Lisa", "Fatima": "Fatima", "Khadija": "Khadija", "Ayse": "Ayse",
          "Naima": "Naima", "Sanne": "Sanne", "Linda": "Linda", "Priscilla": "Priscilla",
          "Esther": "Esther", "Anna": "Anna", "Sophie": "Sophie", "Yasmina": "Yasmina",
          "Petronella": "Nel", "Cornelia": "Corrie", "Shanice": "Shanice", "Emma": "Emma"}
# (particle, surname): particles lower case inside a full name (Dutch custom).
SURNAMES = [("de", "Vries"), ("", "Jansen"), ("van", "Dijk"), ("", "Bakker"), ("", "Visser"),
            ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"),
            ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"),
            ("van der", "Berg"), ("van den", "Heuvel"), ("", "Dekker"), ("", "Brouwer"),
            ("de", "Wit"), ("", "Kok"), ("van der", "Linden"), ("ter", "Horst"), ("den", "Hartog"),
            ("el", "Amrani"), ("", "Bouzid"), ("", "Benali"), ("el", "Idrissi"), ("", "Yilmaz"),
            ("", "Kaya"), ("", "Demir"), ("", "Öztürk"), ("", "Martina"), ("", "Rosalia"),
            ("", "Koster"), ("van", "Vliet"), ("", "Verhoeven"), ("", "Postma"), ("van", "Rijn"),
            ("", "Ramdin"), ("", "Sitaldin"), ("", "Tahiri"), ("", "Aydin"), ("", "Ouali")]
CITIES = [("Rotterdam", "30"), ("Amsterdam", "10"), ("Den Haag", "25"), ("Utrecht", "35"),
          ("Breda", "48"), ("Tilburg", "50"), ("Eindhoven", "56"), ("Almere", "13")]
STREETS = ["Dorpsstraat", "Kerkstraat", "Molenweg", "Stationsplein", "Laan van Nieuw Oost",
           "Beukenlaan", "Havenstraat", "Noordsingel", "Bergweg", "Vondelstraat", "Marktplein",
           "Schiekade", "Industrieweg", "Waalhaven Oostzijde", "Kanaalweg", "Zuidplein"]


@dataclass
class Human:
    """One true person with the official facts every source derives its record from."""

    tid: str
    given: list[str]          # official first names
    call: str                 # call name
    particle: str
    surname: str
    gender: str
    dob: str                  # ISO date
    address: str
    city: str
    bsn: str
    phone: str
    role: str = "citizen"
    group: int | None = None
    extra_phones: list[str] = field(default_factory=list)
    suffix: str = ""          # "sr." / "jr." for namesakes in one household


def bsn(rng: random.Random) -> str:
    """A citizen service number passing the eleven test (BSN, Wet algemene bepalingen BSN)."""
    while True:
        d = [rng.randint(0, 9) for _ in range(8)]
        if d[0] == 0:
            continue
        s = sum(w * x for w, x in zip(range(9, 1, -1), d))
        last = s % 11
        if last < 10:
            return "".join(map(str, d)) + str(last)


def iban(bank: str, number: int, country: str = "NL") -> str:
    """A valid IBAN (ISO 13616 mod-97 check digits) for a bank code and account number."""
    bban = f"{bank}{number:010d}" if country == "NL" else f"{bank}{number:016d}"
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(digits) % 97
    return f"{country}{check:02d}{bban}"


def mobile(rng: random.Random) -> str:
    """A Dutch mobile number (06 followed by 1-5 and seven digits: the ACM numbering plan)."""
    return f"06{rng.randint(1, 5)}" + "".join(str(rng.randint(0, 9)) for _ in range(7))


def written_phone(rng: random.Random, number: str) -> str:
    """A mobile number as a clerk types it."""
    style = rng.random()
    if style < 0.4:
        return number
    if style < 0.7:
        return f"06-{number[2:]}"
    if style < 0.9:
        return f"+316{number[2:]}"
    return f"06 {number[2:4]} {number[4:6]} {number[6:8]} {number[8:]}"


def full(h: Human) -> str:
    """Official name as the municipal register writes it."""
    parts = [*h.given, h.particle, h.surname]
    return " ".join(p for p in parts if p)


def call_name(h: Human) -> str:
    return " ".join(p for p in (h.call, h.particle, h.surname, h.suffix) if p)


def initials(h: Human) -> str:
    return "".join(g[0] + "." for g in h.given) + " " + " ".join(
        p for p in (h.particle, h.surname) if p)


def sorted_form(h: Human) -> str:
    """'Vries, J.P. de' — surname first, particle after, as sorted lists print it."""
    ini = "".join(g[0] + "." for g in h.given)
    return f"{h.surname}, {ini}" + (f" {h.particle}" if h.particle else "")


def typo(rng: random.Random, text: str) -> str:
    """One keying error: swapped, dropped or doubled letter, or ij/y confusion."""
    if "ij" in text and rng.random() < 0.3:
        return text.replace("ij", "y", 1)
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:-1])
    kind = rng.random()
    if kind < 0.4 and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if kind < 0.7:
        return text[:i] + text[i + 1:]
    return text[:i] + text[i] + text[i:]


def date_variant(rng: random.Random, dob: str, *, p_missing: float, p_noise: float) -> str:
    """A date of birth as a source holds it: missing, day and month swapped, or a day off."""
    r = rng.random()
    if r < p_missing:
        return ""
    if r < p_missing + p_noise:
        y, m, d = dob.split("-")
        if int(d) <= 12 and d != m:
            return f"{y}-{d}-{m}"
        return f"{y}-{m}-{min(28, int(d) + 1):02d}"
    return dob


def postcode(rng: random.Random, prefix: str) -> str:
    letters = "ABCDEGHJKLMNPRSTVWXZ"
    return f"{prefix}{rng.randint(10, 99)} {rng.choice(letters)}{rng.choice(letters)}"


def new_address(rng: random.Random) -> tuple[str, str]:
    city, prefix = rng.choice(CITIES)
    return f"{rng.choice(STREETS)} {rng.randint(1, 180)}, {postcode(rng, prefix)} {city}", city
