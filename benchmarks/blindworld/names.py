"""Dutch names and how different registers write them.

The BRP (population register) writes "Achternaam, Voornamen tussenvoegsel"; the KvK prints
"Voornaam tussenvoegsel Achternaam" or initials; banks print what the customer typed; the
police write what a witness or an officer heard, with typos. Only the true form is held by
the world; the ``render_*`` functions give the variant a source writes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

MALE = (
    "Jan", "Pieter", "Kees", "Henk", "Willem", "Johannes", "Gerrit", "Dirk", "Bram", "Thijs",
    "Ruud", "Mark", "Dennis", "Kevin", "Sander", "Bas", "Stefan", "Martijn", "Jeroen", "Niels",
    "Joost", "Rik", "Tim", "Luuk", "Daan", "Sem", "Milan", "Jesse", "Mohamed", "Youssef", "Ahmed",
    "Mustafa", "Bilal", "Hamza", "Ayoub", "Soufiane", "Mehmet", "Emre", "Burak", "Kerem",
    "Ricardo", "Jayden", "Dylan", "Gino", "Marco", "Rachid", "Anouar", "Nordin", "Ilias", "Ferdi",
    "Erik", "Frank", "Hans", "Marcel", "Patrick", "Roy", "Rob", "Wesley",
)
FEMALE = (
    "Maria", "Johanna", "Anna", "Cornelia", "Wilhelmina", "Elisabeth", "Emma", "Sophie", "Julia",
    "Lotte", "Sanne", "Femke", "Iris", "Eva", "Lisa", "Anouk", "Fleur", "Noor", "Lieke", "Marloes",
    "Esther", "Monique", "Sandra", "Linda", "Priscilla", "Naima", "Fatima", "Khadija", "Samira",
    "Latifa", "Yasmina", "Ayse", "Elif", "Zeynep", "Fenna", "Manon", "Ilse", "Kim", "Chantal",
    "Mirjam", "Petra",
)
SURNAMES = (
    "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters", "Hendriks",
    "Dekker", "Brouwer", "Dijkstra", "Smeets", "Willems", "Kramer", "Verhoeven", "Schouten",
    "Maas", "Huisman", "Timmermans", "Kuipers", "Postma", "Verbeek", "Koster", "Prins", "Boer",
    "Wouters", "Gerritsen", "Scholten", "Claassen", "Sluiter", "Hermans", "Lammers", "Evers",
    "Ramdin", "Ramsaran", "Pinas", "Martina", "Doornbos", "Ouali", "Boukhari", "Aydin", "Yilmaz",
    "Kaya", "Demir", "Ozturk", "Azzouzi", "Benali", "Tahiri", "Amrani", "Haddou", "Ziani",
    "Nijhuis", "Wijnands", "Brink", "Hoekstra", "Veenstra", "Zwart", "Hofman", "Groen", "Roos",
    "Vermeulen", "Blom", "Koning", "Vink", "Stam", "Schipper", "Terpstra", "Kok", "Pronk",
)
PARTICLE_SURNAMES = (
    ("van", "Dam"), ("van", "Dijk"), ("de", "Vries"), ("de", "Jong"), ("van der", "Meer"),
    ("van den", "Berg"), ("de", "Graaf"), ("van", "Leeuwen"), ("van der", "Linden"),
    ("de", "Wit"), ("van", "Beek"), ("ter", "Horst"), ("van 't", "Hof"), ("de", "Bruin"),
    ("van", "Vliet"), ("el", "Khatib"), ("ten", "Cate"),
)
# Short forms people use and that end up in police and telecom records.
SHORT = {
    "Johannes": "Hans", "Cornelis": "Kees", "Wilhelmina": "Willy", "Johanna": "Joke",
    "Elisabeth": "Lisa", "Willem": "Wim", "Hendrik": "Henk", "Abraham": "Bram",
    "Mohamed": "Mo", "Youssef": "Yusuf", "Maria": "Marja", "Pieter": "Piet",
    "Gerrit": "Gert", "Matthijs": "Thijs", "Stefan": "Steef", "Alexander": "Lex",
}


@dataclass(frozen=True)
class Name:
    """A person's true name: given names, particle (tussenvoegsel), surname."""

    given: tuple[str, ...]
    particle: str
    surname: str

    @property
    def first(self) -> str:
        return self.given[0]

    def full(self) -> str:
        parts = [*self.given, self.particle, self.surname]
        return " ".join(p for p in parts if p)

    def usual(self) -> str:
        """Roepnaam + surname, as people introduce themselves."""
        return " ".join(p for p in (self.first, self.particle, self.surname) if p)


def draw_name(rng: random.Random, female: bool) -> Name:
    """A Dutch-looking name with one to three given names."""
    pool = FEMALE if female else MALE
    given = tuple(dict.fromkeys(rng.choice(pool) for _ in range(rng.choice((1, 1, 2, 2, 3)))))
    if rng.random() < 0.28:
        particle, surname = rng.choice(PARTICLE_SURNAMES)
    else:
        particle, surname = "", rng.choice(SURNAMES)
    return Name(given, particle, surname)


def initials(name: Name) -> str:
    return "".join(g[0] + "." for g in name.given)


def registry_style(name: Name) -> str:
    """BRP style: "Dam, Emma Linda Iris van"."""
    tail = " ".join(name.given) + (" " + name.particle if name.particle else "")
    return f"{name.surname}, {tail}"


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a doubled, dropped, swapped or replaced letter."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:])
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + text[i] + text[i:]
    if kind == 1:
        return text[:i] + text[i + 1:]
    if kind == 2 and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    vowels = "aeiou"
    c = text[i]
    rep = rng.choice([v for v in vowels if v != c.lower()]) if c.lower() in vowels else c
    return text[:i] + rep + text[i + 1:]


def render(rng: random.Random, name: Name, style: str) -> str:
    """Write ``name`` the way a source does. Styles: full, usual, registry, initials,
    initials_reversed, upper_initials, short, typo, reversed_particle."""
    if style == "full":
        return name.full()
    if style == "usual":
        return name.usual()
    if style == "registry":
        return registry_style(name)
    if style == "initials":
        return " ".join(p for p in (initials(name), name.particle, name.surname) if p)
    if style == "initials_reversed":
        sur = f"{name.particle.capitalize()} {name.surname}" if name.particle else name.surname
        return f"{sur} {initials(name)}"
    if style == "upper_initials":
        return " ".join(p for p in (initials(name), name.particle, name.surname) if p).upper()
    if style == "short":
        first = SHORT.get(name.first, name.first)
        return " ".join(p for p in (first, name.particle, name.surname) if p)
    if style == "typo":
        return typo(rng, name.usual())
    if style == "reversed_particle":
        return f"{name.surname}, {' '.join(name.given)} {name.particle}".strip()
    raise ValueError(f"unknown name style {style!r}")


def company_name(rng: random.Random, surname: str, kind: str) -> str:
    """A trade name as the KvK shows it."""
    return kind.format(s=surname, S=surname.upper(), r=rng.choice(("Noord", "West", "Zuid", "Oost")))
