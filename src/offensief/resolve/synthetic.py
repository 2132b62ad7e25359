"""Generated Dutch person records with known truth, for tests and the scale benchmark.

Each true person appears in one to three partner sources (at most once per source), each
time with the variations partner data really show: initials, particles written
differently ("van der Berg" / "Berg, van der"), transliterations (Mohamed / Mohammed),
typos, day and month swapped, missing fields.

>>> people = generate(100, seed=1)
>>> sorted(people[0]["properties"])[:2]
['address', 'birthDate']
"""

from __future__ import annotations

import random
from typing import Any

FIRST = [
    "jan", "pieter", "kees", "johannes", "willem", "hendrik", "daan", "sem", "lucas", "bram",
    "anna", "maria", "emma", "sophie", "julia", "lisa", "fleur", "sanne", "eva", "noor",
    "mohammed", "ahmed", "youssef", "fatima", "khadija", "mustafa", "ibrahim", "ayoub",
    "mehmet", "ayse", "emre", "zeynep", "priya", "ravi", "dewi", "kevin", "dennis", "rachid",
    "gerrit", "cornelis", "jacobus", "adriaan", "marinus", "thijs", "ruben", "jesse", "milan",
    "stijn", "joost", "wouter", "marieke", "ingrid", "petra", "monique", "esther", "lotte",
    "femke", "iris", "nadia", "samira", "hamza", "bilal", "omar", "soufiane", "yasmina", "imane",
    "kerem", "burak", "elif", "murat", "anil", "shanti", "romano", "sergio", "ricardo", "tomasz",
    "piotr", "agnieszka", "katarzyna", "marek", "ionut", "andrei", "elena", "nikolai", "olga",
]
TRANSLITERATIONS = {
    "mohammed": ["mohamed", "muhammad", "mohammad"], "youssef": ["yusuf", "joesoef", "youssouf"],
    "ahmed": ["ahmad", "achmed"], "mustafa": ["mustapha", "moestafa"], "rachid": ["rashid"],
    "fatima": ["fatma", "fadma"], "khadija": ["khadidja", "chadija"], "ibrahim": ["ebrahim"],
}
PARTICLES = ["", "", "", "", "van", "de", "van der", "van den", "el", "ten"]
SURNAMES = [
    "jong", "jansen", "vries", "berg", "dijk", "bakker", "janssen", "visser", "smit", "meijer",
    "boer", "mulder", "groot", "bos", "vos", "peters", "hendriks", "leeuwen", "dekker", "brouwer",
    "idrissi", "amrani", "bouzid", "yilmaz", "kaya", "demir", "ouali", "tahiri", "haddou",
    "wit", "dam", "veen", "laan", "kok", "jacobs", "vermeulen", "willems", "graaf", "hoek",
]
SUFFIXES = ["", "", "", "", "s", "ink", "man", "hof", "ers", "stra", "kamp", "huis", "veld", "berg",
            "dijk", "broek", "horst", "land", "meer", "beek", "hout", "werf", "rooij", "en"]
STREETS = ["kerkstraat", "dorpsstraat", "stationsweg", "molenweg", "schoolstraat", "hoofdstraat",
           "julianastraat", "beatrixlaan", "marktplein", "havenweg", "parallelweg"]
CITIES = ["amsterdam", "rotterdam", "den haag", "utrecht", "eindhoven", "tilburg", "breda",
          "almere", "arnhem", "zwolle"]
SOURCES = ["politie", "kvk", "bank", "gemeente"]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    op = rng.choice("sdt")
    if op == "s":
        return text[:i] + rng.choice("aeiourstnl") + text[i + 1:]
    if op == "d":
        return text[:i] + text[i + 1:]
    return text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]


def _truth(rng: random.Random, n: int) -> list[dict[str, Any]]:
    people = []
    for i in range(n):
        year, month, day = rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28)
        people.append({
            "pid": i,
            "first": rng.choice(FIRST),
            "particle": rng.choice(PARTICLES),
            "surname": rng.choice(SURNAMES) + rng.choice(SUFFIXES),
            "birth": f"{year:04d}-{month:02d}-{day:02d}",
            "street": rng.choice(STREETS),
            "house": str(rng.randint(1, 250)),
            "postcode": f"{rng.randint(1000, 9999)}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}"
                        f"{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}",
            "city": rng.choice(CITIES),
            "bsn": str(rng.randint(100000000, 999999999)),
            "phone": f"06{rng.randint(10000000, 99999999)}",
        })
    return people


def _variant(rng: random.Random, p: dict[str, Any], noise: float) -> dict[str, list[str]]:
    first = p["first"]
    if first in TRANSLITERATIONS and rng.random() < noise * 2:
        first = rng.choice(TRANSLITERATIONS[first])
    if rng.random() < noise / 2:
        first = _typo(rng, first)
    surname = p["surname"] if rng.random() >= noise / 2 else _typo(rng, p["surname"])
    full_surname = f"{p['particle']} {surname}".strip()
    birth = p["birth"]
    if rng.random() < noise / 2 and int(birth[8:]) <= 12:
        birth = f"{birth[:4]}-{birth[8:]}-{birth[5:7]}"
    elif rng.random() < noise / 3:
        birth = birth[:-1] + str(rng.randint(0, 9))
    props: dict[str, list[str]] = {"birthDate": [birth]}
    style = rng.random()
    if style < noise:
        props["name"] = [f"{first[0].upper()}. {full_surname.title()}"]
    elif style < 2 * noise and p["particle"]:
        props["name"] = [f"{surname.title()}, {p['particle']} {first.title()}"]
    else:
        props["firstName"] = [first.title()]
        props["lastName"] = [full_surname.title().replace("El ", "El-")]
    if rng.random() > noise:
        props["address"] = [(f"{p['street'].title()} {p['house']}, {p['postcode'][:4]} "
                             f"{p['postcode'][4:]} {p['city'].title()}")]
    if rng.random() < 0.3:
        props["idNumber"] = [p["bsn"]]
    if rng.random() < 0.3:
        props["phone"] = [p["phone"]]
    return props


def generate(n: int, *, seed: int = 0, noise: float = 0.15,
             sources: list[str] | None = None) -> list[dict[str, Any]]:
    """FtM Person entities for ``n`` true people; ``dataset`` and ``truth`` keys added.

    Records of one person carry the same ``truth`` (the person number).
    """
    rng = random.Random(seed)
    sources = sources or SOURCES
    out = []
    for p in _truth(rng, n):
        k = rng.choices([1, 2, 3], weights=[0.3, 0.4, 0.3])[0]
        for source in rng.sample(sources, k):
            out.append({
                "id": f"{source}-{p['pid']}-{rng.randrange(10**6):06d}",
                "schema": "Person",
                "dataset": source,
                "truth": str(p["pid"]),
                "properties": _variant(rng, p, noise),
            })
    rng.shuffle(out)
    return out
