"""Normalisation of Dutch names, dates, addresses and identifiers for comparison.

Partner sources spell the same person differently: "M. el Idrissi" at the police,
"Mohammed El-Idrissi" at the chamber of commerce. These functions bring such values to
comparable forms; the comparisons themselves live in :mod:`offensief.resolve.settings`.

>>> split_name("Mohammed El-Idrissi")
('mohammed', 'el idrissi')
>>> surname_core("van der Berg")
'berg'
>>> skeleton("Mohammed") == skeleton("Muhammad")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Surname particles (tussenvoegsels) and common Arabic articles, ignored in the core surname.
PARTICLES = frozenset(
    ["van", "de", "der", "den", "het", "t", "te", "ten", "ter", "in", "op", "aan", "bij", "uit", "von", "vd", "v", "d", "el", "al", "ben", "bin", "da", "di", "du", "la", "le"]
)

#: Legal forms dropped from organisation names before comparison.
LEGAL_FORMS = frozenset(
    ["bv", "nv", "vof", "cv", "stichting", "vereniging", "holding", "ltd", "limited", "gmbh", "sarl", "sa", "bvba", "cvba", "eenmanszaak", "coop", "cooperatie", "ua"]
)

_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
_SKELETON_RULES = (
    ("ij", "y"), ("ei", "y"), ("ou", "u"), ("oe", "u"), ("ph", "f"), ("ck", "k"),
    ("th", "t"), ("kh", "k"), ("gh", "g"), ("dt", "t"), ("q", "k"), ("c", "k"),
    ("z", "s"), ("j", "y"), ("x", "ks"), ("w", "v"),
)
_DUTCH_POSTCODE = re.compile(r"\b(\d{4})\s?([a-z]{2})\b")
_BARE_POSTCODE = re.compile(r"\b(\d{4,5})\b")
_HOUSE_NUMBER = re.compile(r"\b(\d{1,5})\s?([a-z])?\b")
_DIGITS = re.compile(r"\D+")
#: Names and addresses repeat a lot; normalising each distinct value once is much faster.
_memo = lru_cache(maxsize=500_000)


@_memo
def clean(text: str | None) -> str | None:
    """Lower case, accents folded, punctuation to spaces; ``None`` when nothing is left."""
    if not text:
        return None
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = _SPACES.sub(" ", _NON_ALNUM.sub(" ", folded)).strip()
    return folded or None


#: Generational suffixes (namesakes in one family: father and son with the same name), each
#: to its meaning: "sr." / "senior" is the elder, "jr." / "junior" the younger, "II" / "III"
#: the second and third of the name. "de oude" / "de jonge" are not read: De Jonge and De Oude
#: are common surnames ("Pieter de Jonge"), so the words cannot tell a suffix from a name.
GENERATIONS = {"sr": "sr", "senior": "sr", "jr": "jr", "junior": "jr", "ii": "ii", "iii": "iii"}
_GENERATION = re.compile(r"(?<=\S)[\s,]+(sr|senior|jr|junior|ii|iii)\b\.?(?=[\s,]|$)",
                         re.IGNORECASE)


@_memo
def generation(text: str | None) -> tuple[str | None, str | None]:
    """(``text`` without its generational suffix, the suffix as in :data:`GENERATIONS`).

    >>> generation("Jan de Vries Jr.")
    ('Jan de Vries', 'jr')
    >>> generation("VRIES, JAN SR")
    ('VRIES, JAN', 'sr')
    >>> generation("Jan de Vries")
    ('Jan de Vries', None)
    """
    if not text:
        return text, None
    match = _GENERATION.search(text)
    if not match:
        return text, None
    rest = (text[: match.start()] + text[match.end():]).strip(" ,")
    return rest, GENERATIONS[match.group(1).lower()]


@_memo
def given_names(full: str | None) -> tuple[str, ...]:
    """The given names (or initials) of a full name, in order, as :func:`split_name` splits it.

    >>> given_names("Vries, J.P. de")
    ('j', 'p')
    >>> given_names("Marco Hendrik Smeets")
    ('marco', 'hendrik')
    """
    return _split(full)[0]


@_memo
def split_name(full: str | None) -> tuple[str | None, str | None]:
    """Split a full name into (first name, surname with particles).

    "Last, First" and "Berg, van der Jan" are honoured, also with the particles after the given
    names ("Dam, Emma Linda Iris van"); so are trailing initials ("Smeets M.H."); otherwise the
    surname starts at the first particle after the first token, or is the last token.

    >>> split_name("Dam, Emma Linda Iris van")
    ('emma', 'van dam')
    >>> split_name("Smeets M.H.")
    ('m', 'smeets')
    """
    given, surname = _split(full)
    return (given[0] if given else None), surname


def _split(full: str | None) -> tuple[tuple[str, ...], str | None]:
    """(given names, surname with particles) of a full name; see :func:`split_name`."""
    if not full:
        return (), None
    if "," in full:
        last, _, first = full.partition(",")
        tokens = (clean(first) or "").split(" ")
        tokens = [t for t in tokens if t]
        # A lone letter is an initial ("Leeuwen, T.J. van"), not the particle 't or d'
        # ("Hof, van 't Jan", "Hof, J. van 't"), unless it goes with a written-out particle.
        particles: list[str] = []
        while len(tokens) > 1 and tokens[0] in PARTICLES and (len(tokens[0]) > 1 or particles):
            particles.append(tokens.pop(0))
        trailing: list[str] = []
        while len(tokens) > 1 and tokens[-1] in PARTICLES and (
                len(tokens[-1]) > 1 or (tokens[-2] in PARTICLES and len(tokens[-2]) > 1)):
            trailing.insert(0, tokens.pop())
        particles += trailing
        surname = " ".join(p for p in (*particles, clean(last)) if p) or None
        return tuple(tokens), surname
    tokens = (clean(full) or "").split(" ")
    tokens = [t for t in tokens if t]
    if not tokens:
        return (), None
    if len(tokens) == 1:
        return (), tokens[0]
    initials = 0
    while initials < len(tokens) - 1 and len(tokens[-1 - initials]) == 1:
        initials += 1
    if initials and len(tokens[0]) > 1:  # "Smeets M.H.", "de Vries J"
        cut = len(tokens) - initials
        return tuple(tokens[cut:]), " ".join(tokens[:cut])
    start = len(tokens) - 1
    for i in range(1, len(tokens) - 1):
        if tokens[i] in PARTICLES:
            start = i
            break
    return tuple(tokens[:start]), " ".join(tokens[start:])


@_memo
def surname_core(surname: str | None) -> str | None:
    """The surname without particles: "van der Berg" -> "berg", "El-Idrissi" -> "idrissi"."""
    cleaned = clean(surname)
    if not cleaned:
        return None
    tokens = cleaned.split(" ")
    core = [t for t in tokens if t not in PARTICLES]
    return " ".join(core) if core else cleaned


@_memo
def skeleton(name: str | None) -> str | None:
    """A consonant skeleton robust to transliteration: Mohamed, Mohammed, Muhammad -> 'mhmd'."""
    cleaned = clean(name)
    if not cleaned:
        return None
    text = cleaned.replace(" ", "")
    for old, new in _SKELETON_RULES:
        text = text.replace(old, new)
    out: list[str] = []
    for i, ch in enumerate(text):
        if i > 0 and ch in "aeiouy":
            continue
        if out and out[-1] == ch:
            continue
        out.append(ch)
    return "".join(out) or None


@_memo
def organisation_name(name: str | None) -> str | None:
    """An organisation name without legal form: "Bakkerij De Vries B.V." -> "bakkerij de vries"."""
    cleaned = clean(name.replace(".", "") if name else None)
    if not cleaned:
        return None
    tokens = [t for t in cleaned.split(" ") if t not in LEGAL_FORMS]
    return " ".join(tokens) if tokens else cleaned


def iso_date(value: str | None) -> str | None:
    """An ISO date prefix (YYYY-MM-DD, YYYY-MM or YYYY) from ISO or compact YYYYMMDD input."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    match = re.match(r"(\d{4})(-\d{2})?(-\d{2})?", value)
    return match.group(0) if match else None


@_memo
def parse_address(text: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    """(street, house number, postcode, city) from a free-text address.

    Dutch postcodes (1234 AB) are recognised first, then bare 4–5 digit postcodes.

    >>> parse_address("Kerkstraat 12a, 1234 AB Amsterdam")
    ('kerkstraat', '12a', '1234AB', 'amsterdam')
    """
    segments = [clean(p) for p in (text or "").split(",")]
    cleaned = " , ".join(p for p in segments if p)
    if not cleaned:
        return None, None, None, None
    postcode = None
    rest = cleaned
    match = _DUTCH_POSTCODE.search(cleaned)
    if match:
        postcode = (match.group(1) + match.group(2)).upper()
        rest = cleaned[: match.start()] + " , " + cleaned[match.end():]
    else:
        bare = list(_BARE_POSTCODE.finditer(cleaned))
        if len(bare) > 1 or (bare and "," in cleaned[: bare[-1].start()]):
            postcode = bare[-1].group(1)
            rest = cleaned[: bare[-1].start()] + " , " + cleaned[bare[-1].end():]
    parts = [p.strip() for p in rest.split(",") if p.strip()]
    street = house = city = None
    if parts:
        first = parts[0]
        number = _HOUSE_NUMBER.search(first)
        if number:
            house = number.group(1) + (number.group(2) or "")
            first = (first[: number.start()] + first[number.end():]).strip()
        street = _SPACES.sub(" ", first).strip() or None
    if len(parts) > 1:
        city = parts[-1]
    return street, house, postcode, city


def identifier(value: str | None) -> str | None:
    """An identifier (KvK, IBAN, plate, id number) upper-cased without spaces or dashes."""
    if not value:
        return None
    ident = re.sub(r"[^0-9A-Za-z]", "", value).upper()
    return ident or None


def phone(value: str | None) -> str | None:
    """A phone number as digits with the Dutch country code: 06-12345678 -> 31612345678."""
    if not value:
        return None
    digits = _DIGITS.sub("", value)
    if value.strip().startswith("00"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = "31" + digits[1:]
    return digits if len(digits) >= 8 else None
