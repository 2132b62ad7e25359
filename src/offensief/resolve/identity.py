"""Identity conflicts: two person records that cannot be one person, whatever else they share.

A household shares a surname, an address and often a phone; a father and son may share a
name. What tells them apart is who they are: their given name and their birth date. Each of
the two fields *contradicts* when it disagrees beyond every recording variant the comparison
model knows:

- **birth date**: both complete (YYYY-MM-DD) and neither equal, nor day and month swapped,
  nor one typo apart (one character changed or two adjacent characters transposed) — the
  levels "same year" and "other" of the birth-date comparison;
- **given name**: both written out (more than an initial) and neither equal, nor the same
  skeleton (transliteration), nor the same formal name (short form: Lisa / Elisabeth), nor
  Jaro-Winkler similar at :data:`NAME_SIMILARITY` — the level "other" of the first-name
  comparison.

Two records *conflict* when one field contradicts and the other does not agree exactly: a
wrong birth date is tolerated beside an identical given name, a different given name (a
second given name used as roepnaam) beside an identical birth date, but not both, and not one
of them with nothing to set against it (a missing date, an initial, a mere variant).

Clustering refuses any merge that would put two conflicting records into one cluster (see
:mod:`offensief.resolve.clusters`), so a weak record (a phone subscriber with an initial and
no birth date) can no longer chain two family members together.

>>> a = identity("jan", "johannes", "yn", "1998-12-24")
>>> conflict(a, identity("joost", "josephus", "yst", None))
'given name'
>>> conflict(a, identity("j", "j", "y", "1998-12-24")) is None
True
>>> conflict(identity("anna", "anna", "an", "2004-12-05"), identity("anna", "anna", "an", "2004-05-12")) is None
True
>>> conflict(identity("lisa", "elisabeth", "ls", "2007-04-08"), identity("elisabeth", "elisabeth", "elsbt", "1978-10-15"))
'birth date'
"""

from __future__ import annotations

from typing import NamedTuple

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

#: The lowest name similarity the person model still scores as "similar" (its JW ≥ 0.8
#: level); below it two written-out given names are different names.
NAME_SIMILARITY = 0.8


class Identity(NamedTuple):
    """The identifying fields of one person record (normalised as in ``records``)."""

    first: str | None
    alias: str | None
    skeleton: str | None
    birth: str | None


def identity(first: object, alias: object, skeleton: object, birth: object) -> Identity:
    """An :class:`Identity`, keeping only written-out names and complete dates."""
    name = first if isinstance(first, str) and len(first) > 1 else None
    date = birth if isinstance(birth, str) and len(birth) == 10 else None
    return Identity(name, alias if name and isinstance(alias, str) else None,
                    skeleton if name and isinstance(skeleton, str) else None, date)


def dates_conflict(a: str | None, b: str | None) -> bool:
    """Two complete birth dates that no recording error explains."""
    if a is None or b is None or a == b:
        return False
    if a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return False  # day and month swapped
    return DamerauLevenshtein.distance(a, b) > 1


def names_conflict(a: Identity, b: Identity) -> bool:
    """Two written-out given names that are not variants of one name."""
    if a.first is None or b.first is None or a.first == b.first:
        return False
    if (a.alias and a.alias == b.alias) or (a.skeleton and a.skeleton == b.skeleton):
        return False
    return JaroWinkler.similarity(a.first, b.first) < NAME_SIMILARITY


def conflict(a: Identity, b: Identity) -> str | None:
    """Why ``a`` and ``b`` cannot be one person, or None.

    >>> conflict(identity("anna", "anna", "an", "2004-12-05"), identity("anna", "anna", "an", "1968-06-22"))
    >>> conflict(identity("anna", "anna", "an", "2004-12-05"), identity("eva", "eva", "ev", "1968-06-22"))
    'birth date and given name'
    """
    dates = dates_conflict(a.birth, b.birth)
    given = names_conflict(a, b)
    if dates and given:
        return "birth date and given name"
    if dates and not (a.first is not None and a.first == b.first):
        return "birth date"
    if given and not (a.birth is not None and a.birth == b.birth):
        return "given name"
    return None
