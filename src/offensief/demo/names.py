"""Dutch name pools and the realistic noise partner sources put on names and birth dates.

Names are stored as parts (first name, particle, surname) so each source can render them its
own way: BRP-style "Berg, Jan van der", initials "J. van der Berg", capitalised particles
"Van der Berg", transliterations (Mohamed / Mohammed), typos and hyphenation.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date

#: Surnames by origin, most common first (weights fall off like a Zipf law).
SURNAMES: dict[str, tuple[str, ...]] = {
    "nl": (
        "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
        "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
        "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
        "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen",
        "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Bruin",
        "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven",
        "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "van der Wal", "Prins", "Blom",
        "Huisman", "Peeters", "de Lange", "Kuipers", "van Wijk", "Post", "Kuiper", "Veenstra",
        "Kramer", "van den Brink", "Scholten", "Martens", "Vink", "de Ruiter", "Timmermans",
        "Groen", "Gerritsen", "Jonker", "van Loon", "Boer", "van der Velde", "Willemsen",
        "Smeets", "de Vos", "Bosch", "van Dongen", "Evers", "Hermans", "van Rijn", "Sluiter",
    ),
    "ma": (
        "el Idrissi", "el Amrani", "Bouzid", "el Khattabi", "Benali", "Azzouzi",
        "el Haddaoui", "Ait Taleb", "Ouali", "Boukhari", "el Ouardi", "Chaouch", "Ziani",
        "el Hamdaoui", "Tahiri", "Bakkali", "Amrani", "el Mourabit",
    ),
    "tr": ("Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Ozturk", "Aydin", "Arslan",
           "Dogan", "Kilic", "Yildiz", "Koc"),
    "sr": ("Ramdin", "Sapoen", "Baldew", "Martina", "Cijntje", "Isenia", "Rosaria",
           "Pieternella", "Doran", "Girigorie", "Felter", "Brunings", "Wijngaarde"),
    "pl": ("Kowalski", "Nowak", "Wisniewski", "Wojcik", "Kaminski", "Lewandowski", "Zielinski"),
    "other": ("Garcia", "Rodriguez", "Silva", "Fernandes", "Rossi", "Martinez", "Pereira"),
}
#: First names by origin and gender.
FIRST_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "nl": {
        "male": ("Jan", "Pieter", "Johannes", "Willem", "Hendrik", "Cornelis", "Gerrit",
                 "Kees", "Dirk", "Sander", "Thomas", "Daan", "Bram", "Lars", "Ruben", "Mark",
                 "Dennis", "Kevin", "Stefan", "Martijn", "Jeroen", "Bas", "Tim", "Niels",
                 "Rick", "Erik", "Henk", "Joost", "Sem", "Luuk", "Wouter", "Jasper"),
        "female": ("Maria", "Anna", "Johanna", "Cornelia", "Elisabeth", "Sanne", "Lisa",
                   "Emma", "Julia", "Anouk", "Fleur", "Laura", "Eva", "Iris", "Marieke",
                   "Inge", "Ingrid", "Linda", "Monique", "Esther", "Sophie", "Femke",
                   "Lotte", "Kim", "Petra", "Yvonne", "Wilma", "Els", "Karin", "Nicole"),
    },
    "ma": {
        "male": ("Mohamed", "Youssef", "Ahmed", "Mustafa", "Hassan", "Karim", "Rachid",
                 "Bilal", "Anouar", "Khalid", "Said", "Omar", "Abdelkader", "Soufiane",
                 "Redouan", "Ayoub"),
        "female": ("Fatima", "Khadija", "Nadia", "Samira", "Soumaya", "Malika", "Naima",
                   "Houda", "Yasmina", "Loubna"),
    },
    "tr": {
        "male": ("Mehmet", "Ahmet", "Mustafa", "Emre", "Murat", "Hakan", "Osman", "Burak"),
        "female": ("Ayse", "Elif", "Zeynep", "Fatma", "Emine", "Hatice"),
    },
    "sr": {
        "male": ("Ricardo", "Jurgen", "Romano", "Giovanni", "Shurandy", "Jairo", "Gregory",
                 "Rodney", "Orlando"),
        "female": ("Sharon", "Natasha", "Chantal", "Shanaira", "Jessica", "Ruth"),
    },
    "pl": {
        "male": ("Piotr", "Tomasz", "Krzysztof", "Pawel", "Marcin", "Lukasz"),
        "female": ("Anna", "Katarzyna", "Agnieszka", "Magdalena", "Joanna"),
    },
    "other": {
        "male": ("Carlos", "Luis", "Marco", "Antonio", "Jose", "Paulo"),
        "female": ("Maria", "Ana", "Giulia", "Sofia", "Lucia"),
    },
}
#: Spelling variants a source may use instead of the registered first name.
TRANSLITERATIONS: dict[str, tuple[str, ...]] = {
    "Mohamed": ("Mohammed", "Muhammad", "Mohammad", "Mohamed"),
    "Youssef": ("Yussuf", "Youssouf", "Yusuf"), "Ahmed": ("Ahmad", "Achmed"),
    "Mustafa": ("Mustapha", "Moustafa"), "Hassan": ("Hasan",), "Karim": ("Kareem",),
    "Rachid": ("Rashid", "Rachied"), "Anouar": ("Anwar",), "Khalid": ("Khaled",),
    "Said": ("Saeed", "Saïd"), "Omar": ("Umar",), "Abdelkader": ("Abdel Kader", "Abdelkadir"),
    "Fatima": ("Fatma", "Fatiha"), "Khadija": ("Khadidja", "Khadiza"), "Nadia": ("Nadja",),
    "Soumaya": ("Sumaya",), "Houda": ("Huda",), "Mehmet": ("Mehmed",), "Ahmet": ("Ahmed",),
    "Redouan": ("Redouane", "Ridouan"), "Soufiane": ("Sofian", "Soufian"),
    "Johannes": ("Johan", "Hans"), "Cornelis": ("Kees",), "Hendrik": ("Henk",),
    "Elisabeth": ("Elizabeth", "Lisette"), "Johanna": ("Joke",),
}
#: Origin mix of the background population (weights).
ORIGINS: tuple[tuple[str, float], ...] = (
    ("nl", 0.74), ("ma", 0.08), ("tr", 0.07), ("sr", 0.06), ("pl", 0.03), ("other", 0.02))
PARTICLES = ("van der", "van den", "van de", "van", "de", "den", "der", "ter", "te", "el", "ait")
#: Nationality (ISO code) by origin, for records that list one.
NATIONALITY = {"nl": "nl", "ma": "ma", "tr": "tr", "sr": "sr", "pl": "pl", "other": "es"}


@dataclass(slots=True, frozen=True)
class PersonName:
    """A registered name: first name, particle ("van der", may be empty) and surname."""

    first: str
    particle: str
    surname: str
    origin: str

    @property
    def last(self) -> str:
        """Surname with its particle, as written after the first name ("van der Berg")."""
        return f"{self.particle} {self.surname}".strip()

    @property
    def full(self) -> str:
        """The canonical written form: "Jan van der Berg"."""
        return f"{self.first} {self.last}"


def split_surname(text: str) -> tuple[str, str]:
    """Split "van der Berg" into ("van der", "Berg")."""
    words = text.split(" ")
    i = 0
    while i < len(words) - 1 and " ".join(words[: i + 1]).lower() in PARTICLES:
        i += 1
    return " ".join(words[:i]), " ".join(words[i:])


def zipf_choice(rng: random.Random, items: tuple[str, ...], *, skew: float = 1.0) -> str:
    """Pick from ``items`` with weight 1/rank**skew, so the first ones are common."""
    weights = [1.0 / (rank + 1) ** skew for rank in range(len(items))]
    return rng.choices(items, weights=weights, k=1)[0]


def random_name(rng: random.Random, gender: str, *, origin: str | None = None) -> PersonName:
    """A realistic name for someone living in the Netherlands."""
    if origin is None:
        origin = rng.choices([o for o, _ in ORIGINS], weights=[w for _, w in ORIGINS])[0]
    first = zipf_choice(rng, FIRST_NAMES[origin][gender], skew=0.9)
    particle, surname = split_surname(zipf_choice(rng, SURNAMES[origin], skew=0.8))
    return PersonName(first=first, particle=particle, surname=surname, origin=origin)


def typo(rng: random.Random, text: str) -> str:
    """One keyboard-style error: substitute, drop, double or swap a letter (not the first)."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + rng.choice("aeioulnrst") + text[i + 1:]
    if kind == 1:
        return text[:i] + text[i + 1:]
    if kind == 2:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


@dataclass(slots=True, frozen=True)
class Rendered:
    """How one source writes a person's name."""

    name: str
    first: str
    last: str


def render_name(rng: random.Random, name: PersonName, *, noise: float, style: str = "plain",
                married: str | None = None) -> Rendered:
    """Write ``name`` the way a source would, with noise of the given rate (0..1).

    ``style`` "registry" gives the BRP / KvK form "Berg, Jan van der"; otherwise "Jan van der Berg".
    ``married`` is the partner's surname a married woman may use outside the registries
    ("Jansen-de Vries").
    """
    first, particle, surname = name.first, name.particle, name.surname
    if married and style != "registry" and rng.random() < 0.5:
        return _married(rng, name, married, noise=noise)
    if rng.random() < noise and first in TRANSLITERATIONS:
        first = rng.choice(TRANSLITERATIONS[first])
    if rng.random() < noise * 0.5:
        surname = typo(rng, surname)
    if particle and rng.random() < noise:
        roll = rng.random()
        if particle in ("el", "ait") and roll < 0.5:  # el Idrissi -> El-Idrissi / Elidrissi
            surname = f"{particle.capitalize()}-{surname}" if roll < 0.3 else f"{particle.capitalize()}{surname.lower()}"
            particle = ""
        else:
            particle = particle[0].upper() + particle[1:]
    if rng.random() < noise * 0.4:
        first = f"{first[0]}."
    last = f"{particle} {surname}".strip()
    if style == "registry":
        text = f"{surname}, {first} {particle}".strip()
    else:
        text = f"{first} {last}"
    return Rendered(name=text, first=first, last=last)


def _married(rng: random.Random, name: PersonName, married: str, *, noise: float) -> Rendered:
    """"Anna Jansen-de Vries" (partner's name first) or just "Anna Jansen"."""
    first = f"{name.first[0]}." if rng.random() < noise else name.first
    last = f"{married}-{name.last}" if rng.random() < 0.75 else married
    return Rendered(name=f"{first} {last}", first=first, last=last)


def render_address(rng: random.Random, text: str, *, noise: float) -> str:
    """An address as a clerk typed it: postcode without space, abbreviations, no postcode."""
    if rng.random() >= noise:
        return text
    roll = rng.random()
    if roll < 0.35:
        return re.sub(r"(\d{4}) ([A-Z]{2})", r"\1\2", text)
    if roll < 0.6:
        return re.sub(r", \d{4} [A-Z]{2} ", ", ", text)
    if roll < 0.8:
        return text.replace("Burgemeester ", "Burg. ").replace("straat", "str.").replace("laan", "ln")
    return text.upper()


def render_birth_date(rng: random.Random, born: date, *, noise: float) -> str | None:
    """The birth date as a source recorded it: sometimes day and month swapped, sometimes absent."""
    if rng.random() < noise * 0.15:
        return None
    if rng.random() < noise * 0.3 and born.day <= 12 and born.day != born.month:
        return date(born.year, born.day, born.month).isoformat()
    return born.isoformat()
