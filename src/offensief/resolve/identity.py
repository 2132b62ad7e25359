"""Identity conflicts: two person records that cannot be one person, whatever else they share.

A household shares a surname, an address and often a phone; a father and son may share a
name. What tells them apart is who they are: their given name and their birth date. Each of
the two fields *contradicts* when it disagrees beyond every recording variant the comparison
model knows:

- **birth date**: neither equal, nor day and month swapped, nor one typo apart (one
  character changed or two adjacent characters transposed) — the levels "same year" and
  "other" of the birth-date comparison. An incomplete date (the UBO register publishes month
  and year only; some sources the year) is compared with the same part of the other date:
  "1988-07" fits "1988-07-03" and "1988", not "1988-09-03";
- **given name**: both written out and neither equal, nor the same skeleton
  (transliteration), nor the same formal name (short form: Lisa / Elisabeth), nor
  Jaro-Winkler similar at :data:`NAME_SIMILARITY` — the level "other" of the first-name
  comparison; or initials that fit neither the other's initials nor its given name: "M.H."
  fits "Marco Hendrik", "Marco", "Hendrik" (a second given name as roepnaam) and "M.", but not
  "Peter" or "P.J." (:func:`initials_conflict`).

Two records *conflict* when one field contradicts and the other does not agree exactly: a
wrong birth date in the same year is tolerated beside an identical given name, a different
given name (a second given name used as roepnaam) beside an identical birth date, but not both,
and not one of them with nothing to set against it (a missing date, an initial, a mere
variant). A **different birth year** beyond a typo conflicts, the same given name
notwithstanding: a father and son who share a name (namesakes, often at one address) differ in
the year; only the same identifier (BSN) on both records outweighs it. So does a different **generational suffix** (sr. / jr. / II, see
:data:`offensief.resolve.names.GENERATIONS`): it is how the register itself tells namesakes
apart; a suffix on one record only is no conflict (most sources leave it out).

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
>>> conflict(identity("jan", "johannes", "yn", "1961-03-02"), identity("jan", "johannes", "yn", "1988-11-30"))
'birth year'
>>> conflict(identity("jan", "johannes", "yn", None, generation="sr"), identity("jan", "johannes", "yn", None, generation="jr"))
'generation'
>>> conflict(identity("m", "m", "m", "1988-07", initials="mh"), identity("marco", "marco", "mrk", "1988-07-03", initials="mh")) is None
True
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
    #: the initials of all given names in order ("mh" for "Marco Hendrik" and for "M.H.")
    initials: str | None = None
    #: a generational suffix ("sr", "jr", "ii", "iii")
    generation: str | None = None
    #: an identifier of the person (BSN, passport or tax number), normalised
    ident: str | None = None


_DATE_LENGTHS = (4, 7, 10)  # YYYY, YYYY-MM, YYYY-MM-DD


def identity(first: object, alias: object, skeleton: object, birth: object,
             initials: object = None, generation: object = None,
             ident: object = None) -> Identity:
    """An :class:`Identity`, keeping written-out names and (complete or partial) dates; the
    initials default to the given name's first letter."""
    name = first if isinstance(first, str) and len(first) > 1 else None
    date = birth if isinstance(birth, str) and len(birth) in _DATE_LENGTHS else None
    if not isinstance(initials, str) or not initials:
        initials = first[:1] if isinstance(first, str) and first else None
    return Identity(name, alias if name and isinstance(alias, str) else None,
                    skeleton if name and isinstance(skeleton, str) else None, date,
                    initials, generation if isinstance(generation, str) and generation else None,
                    ident if isinstance(ident, str) and ident else None)


def dates_conflict(a: str | None, b: str | None) -> bool:
    """Two birth dates that no recording error explains (an incomplete date is compared
    with the same part of the other)."""
    if a is None or b is None or a == b:
        return False
    if len(a) != len(b):
        short, full = (a, b) if len(a) < len(b) else (b, a)
        if len(short) == 7 and short[:4] == full[:4] and short[5:7] == full[8:10]:
            return False  # the full date has day and month swapped
        return DamerauLevenshtein.distance(short, full[: len(short)]) > 1
    if len(a) == 10 and a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return False  # day and month swapped
    return DamerauLevenshtein.distance(a, b) > 1


def initials_conflict(a: Identity, b: Identity) -> bool:
    """Initials that fit neither the other record's initials nor its given name.

    Initials of the given names in order ("M.H.") fit initials they start or that start them
    ("M.", "M.H.J."), and a written-out name whose initial, or whose formal name's initial
    (Hans / Johannes: "J."), is among them (a roepnaam may be a second given name).
    """
    if a.initials is None or b.initials is None or (a.first is not None and b.first is not None):
        return False
    if a.initials.startswith(b.initials) or b.initials.startswith(a.initials):
        return False
    short, full = (a, b) if a.first is None else (b, a)
    if full.first is None:
        return True
    letters = {full.first[0], (full.alias or full.first)[0]}
    return not letters & set(short.initials)


def names_conflict(a: Identity, b: Identity) -> bool:
    """Two given names that are not variants of one name (written out, or as initials)."""
    if a.first is None or b.first is None:
        return initials_conflict(a, b)
    if a.first == b.first:
        return False
    if (a.alias and a.alias == b.alias) or (a.skeleton and a.skeleton == b.skeleton):
        return False
    return JaroWinkler.similarity(a.first, b.first) < NAME_SIMILARITY


def conflict(a: Identity, b: Identity, *, named: bool = False) -> str | None:
    """Why ``a`` and ``b`` cannot be one person, or None. ``named``: the given name of one
    of them is known to fit a name of the other's person (another record of the same
    cluster, see :func:`offensief.resolve.clusters.names_fit`), so the given names do not
    contradict; the birth dates, birth years and suffixes still count.

    >>> conflict(identity("anna", "anna", "an", "2004-12-05"), identity("anna", "anna", "an", "2004-06-22"))
    >>> conflict(identity("anna", "anna", "an", "2004-12-05"), identity("eva", "eva", "ev", "1968-06-22"))
    'birth date and given name'
    """
    if a.generation and b.generation and a.generation != b.generation:
        return "generation"
    dates = dates_conflict(a.birth, b.birth)
    given = not named and names_conflict(a, b)
    if dates and given:
        return "birth date and given name"
    if dates and not (a.first is not None and a.first == b.first):
        return "birth date"
    if (dates and a.birth is not None and b.birth is not None and a.birth[:4] != b.birth[:4]
            and not (a.ident is not None and a.ident == b.ident)):
        return "birth year"
    if given and not (a.birth is not None and a.birth == b.birth):
        return "given name"
    return None
