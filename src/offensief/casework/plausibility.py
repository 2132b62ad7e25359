"""Warnings before an analyst merges two records: is this merge plausible at all?

A "same" verdict merges transitively, so a wrong one drags two people's data together. Before
it is recorded the analyst is warned when the records disagree on what a person does not
change: first names that are not spellings or initials of each other, birth years two or more
apart, a gender, or a birth date that makes one of them a child (under 12 on the day of the
check). Only values the viewer may see are compared; a pseudonymised value can still show a
difference (equal values have equal tokens) without revealing either value.

>>> first_names_differ("Jan", "J."), first_names_differ("Jan", "Jaan"), first_names_differ("Jan", "Piet")
(False, False, True)
"""

from __future__ import annotations

from datetime import date

from offensief.access.pseudonym import is_token
from offensief.access.view import CaseView
from offensief.casework.search import TOKEN_FLOOR, _token_similarity, name_tokens

#: A person younger than this (years) is no plausible subject of a merge without a second look.
CHILD_AGE = 12
#: Birth years this far apart are not a typo of one date.
YEARS_APART = 2


def first_names_differ(a: str, b: str) -> bool:
    """True when no token of ``a`` is a spelling or an initial of a token of ``b``."""
    left, right = name_tokens(a), name_tokens(b)
    if not left or not right:
        return False
    return max(_token_similarity(x, y) for x in left for y in right) < TOKEN_FLOOR


def given_name(full: str) -> str:
    """The given name of a clear full name: after the comma in ``Jong, Jan de``, else the
    first word.

    >>> given_name("Jong, Jan de"), given_name("Jan de Jong")
    ('Jan', 'Jan')
    """
    if "," in full:
        rest = full.split(",", 1)[1].split()
        return rest[0] if rest else full
    words = full.split()
    return words[0] if words else full


def merge_warnings(view: CaseView, left: str, right: str, *, today: date | None = None) -> list[str]:
    """Reasons to doubt that ``left`` and ``right`` are one person (empty: none found)."""
    today = today or date.today()
    values: dict[str, dict[str, set[str]]] = {left: {}, right: {}}
    for row in view.statements(entity_ids=[left, right]):
        if row["prop"] in ("firstName", "birthDate", "gender", "name"):
            values[row["entity_id"]].setdefault(row["prop"], set()).add(row["value"])
    for side in values.values():  # without a firstName, the given name of a clear full name
        given = {given_name(n) for n in side.get("name", ()) if not is_token(n)}
        if "firstName" not in side and given:
            side["firstName"] = given
    a, b = values[left], values[right]
    warnings: list[str] = []
    names_a, names_b = a.get("firstName", set()), b.get("firstName", set())
    clear_a = {n for n in names_a if not is_token(n)}
    clear_b = {n for n in names_b if not is_token(n)}
    if clear_a and clear_b and all(first_names_differ(x, y) for x in clear_a for y in clear_b):
        warnings.append(f"different first names: {', '.join(sorted(clear_a))} / {', '.join(sorted(clear_b))}")
    elif names_a and names_b and not (names_a & names_b) and (names_a - clear_a or names_b - clear_b):
        warnings.append("the first names differ (pseudonymised)")
    births_a, births_b = a.get("birthDate", set()), b.get("birthDate", set())
    years_a = {int(d[:4]) for d in births_a if not is_token(d) and d[:4].isdigit()}
    years_b = {int(d[:4]) for d in births_b if not is_token(d) and d[:4].isdigit()}
    if years_a and years_b and min(abs(x - y) for x in years_a for y in years_b) >= YEARS_APART:
        warnings.append(f"born {', '.join(map(str, sorted(years_a)))} and {', '.join(map(str, sorted(years_b)))}")
    elif births_a and births_b and not (births_a & births_b) and not (years_a and years_b):
        warnings.append("the birth dates differ (pseudonymised)")
    for year in sorted(years_a | years_b):
        if today.year - year < CHILD_AGE:
            warnings.append(f"born in {year}: a child")
    genders_a, genders_b = a.get("gender", set()), b.get("gender", set())
    if genders_a and genders_b and not (genders_a & genders_b):
        warnings.append(f"gender {', '.join(sorted(genders_a))} / {', '.join(sorted(genders_b))}")
    return warnings
