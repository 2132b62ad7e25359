"""The words of the protection system as data (Circulaire bewaken en beveiligen 2015 §3).

>>> PRODUCTS.index("di") > PRODUCTS.index("ird")
True
>>> AUTHORITY_FOR[("decentral", "person")]
'hovj'
"""

from __future__ import annotations

from offensief.model.errors import InputError

#: What is protected.
SUBJECT_KINDS: tuple[str, ...] = ("person", "object", "service")

#: Vulnerable professions ("hoeders van de rechtsstaat") and the other usual subjects.
PROFESSIONS: tuple[str, ...] = (
    "lawyer", "judge", "prosecutor", "journalist", "politician", "mayor", "alderman",
    "witness", "crown_witness", "relative", "civil_servant", "other",
)

#: Decentral (the default) or the rijksdomein (a limited list decided by the CBB).
DOMAINS: tuple[str, ...] = ("decentral", "rijk")

#: Competent authorities: the mayor (objects, services), the chief public prosecutor
#: (hoofdofficier van justitie: persons) and the Coördinator Bewaken en Beveiligen (rijksdomein).
AUTHORITIES: tuple[str, ...] = ("mayor", "hovj", "cbb")

#: Who is competent for what (domain, subject kind).
AUTHORITY_FOR: dict[tuple[str, str], str] = {
    ("decentral", "person"): "hovj",
    ("decentral", "object"): "mayor",
    ("decentral", "service"): "mayor",
    ("rijk", "person"): "cbb",
    ("rijk", "object"): "cbb",
    ("rijk", "service"): "cbb",
}

#: The information products in the order of the circulaire.
PRODUCTS: tuple[str, ...] = ("melding", "ird", "di", "da", "ra")
PRODUCT_TITLES: dict[str, str] = {
    "melding": "dreigingsmelding", "ird": "informatierapport dreiging (IRD)",
    "di": "dreigingsinschatting (DI)", "da": "dreigingsanalyse (DA)", "ra": "risicoanalyse (RA)",
}

#: A threat is judged concrete or conceivable ("voorstelbaar"); a melding may not judge yet.
CONCLUSIONS: tuple[str, ...] = ("concrete", "conceivable", "none")

#: Threat levels: an ordinal scale 1 (low) … 4 (very high). The circulaire defines threat
#: levels (§3.1.1) whose texts were not retrievable here; the register keeps the number the
#: author organisation gives.
THREAT_LEVELS: dict[int, str] = {1: "low", 2: "elevated", 3: "high", 4: "very high"}

#: Measure levels: 1 own / awareness, 2 alerting and surveillance, 3 object or area
#: protection, 4 personal protection (persoonsbeveiliging).
MEASURE_LEVELS: dict[int, str] = {1: "awareness", 2: "surveillance", 3: "object protection",
                                  4: "personal protection"}

#: Who carries a measure out: police, the Dienst Koninklijke en Diplomatieke Beveiliging,
#: the Royal Marechaussee, the employer, or the person themselves.
UNITS: tuple[str, ...] = ("politie", "dkdb", "kmar", "employer", "own")


def check(value: str, allowed: tuple[str, ...] | dict[str, str] | dict[int, str], *,
          field: str) -> str:
    """``value`` if it is one of ``allowed``, else an :class:`InputError` naming the field."""
    if value not in allowed:
        raise InputError(f"unknown {field} {value!r}; known: {', '.join(map(str, allowed))}",
                         field=field)
    return value


def check_level(value: int | None, scale: dict[int, str], *, field: str) -> int | None:
    """A level on ``scale`` (or ``None``)."""
    if value is not None and value not in scale:
        raise InputError(f"{field} must be one of {', '.join(map(str, scale))}, not {value}",
                         field=field)
    return value
