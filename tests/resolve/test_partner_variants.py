"""Partner variants of Dutch person data (issue 13 item 5): the UBO register's month-and-year
birth dates, the Kadaster's initials, the police's capitals and generational suffixes, and
namesakes (father and son with one name) at one address. Each variant must resolve with its
person, and no variant may merge two people."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from offensief.resolve import canonical, evaluation, names
from offensief.resolve.clusters import cluster
from offensief.resolve.identity import conflict, dates_conflict, identity
from offensief.resolve.records import _person
from offensief.resolve.resolution import resolve
from offensief.store.duckstore import Store
from tests.resolve.conftest import FAST, dutch_store


@pytest.mark.parametrize(("partial", "full", "fits"), [
    ("1988-07", "1988-07-03", True),     # UBO register: month and year
    ("1988", "1988-07-03", True),        # the year only
    ("1988-07", "1988-03-07", True),     # the full date has day and month swapped
    ("1988-07", "1988-11-03", False),    # another month
    ("1988-07", "1961-07-03", False),    # another year
    ("1988", "1961-07-03", False),
])
def test_an_incomplete_birth_date_fits_only_its_month_and_year(partial: str, full: str,
                                                               fits: bool) -> None:
    assert dates_conflict(partial, full) is not fits
    ubo = identity("j", None, None, partial, "j")
    assert (conflict(ubo, identity("jan", "johannes", "yn", full)) is None) is fits


def test_namesakes_with_another_birth_year_conflict() -> None:
    """Father and son both 'Jan': the same given name no longer excuses another birth year;
    a wrong day in the same year still is."""
    father, son = identity("jan", "johannes", "yn", "1961-03-02"), identity("jan", "johannes", "yn", "1988-11-30")
    assert conflict(father, son) == "birth year"
    assert conflict(father, identity("jan", "johannes", "yn", "1961-08-19")) is None


@pytest.mark.parametrize(("raw", "rest", "suffix"), [
    ("Jan de Vries Jr.", "Jan de Vries", "jr"),
    ("JAN DE VRIES SR", "JAN DE VRIES", "sr"),
    ("Vries, Jan de, senior", "Vries, Jan de", "sr"),
    ("J.P. de Vries II", "J.P. de Vries", "ii"),
    ("Pieter de Jonge", "Pieter de Jonge", None),   # De Jonge is a surname, not a suffix
    ("Srebrenka Jansen", "Srebrenka Jansen", None),
])
def test_generational_suffix_is_read_off_the_name(raw: str, rest: str, suffix: str | None) -> None:
    assert names.generation(raw) == (rest, suffix)


def test_a_suffix_is_kept_apart_from_the_surname() -> None:
    row = _person({"name": "JAN DE VRIES JR.", "birthDate": "1988-11-30"})
    assert row["surname_core"] == "vries" and row["generation"] == "jr"
    assert _person({"firstName": "Jan", "lastName": "de Vries sr."})["generation"] == "sr"


def test_different_suffixes_conflict_even_without_dates() -> None:
    sr = identity("jan", "johannes", "yn", None, generation="sr")
    assert conflict(sr, identity("jan", "johannes", "yn", None, generation="jr")) == "generation"
    assert conflict(sr, identity("jan", "johannes", "yn", None)) is None  # one side only


@pytest.mark.parametrize(("written", "other", "fits"), [
    ("Marco Hendrik Smit", "M.H. Smit", True),
    ("Marco Smit", "M.H. Smit", True),
    ("Hendrik Smit", "M.H. Smit", True),      # a second given name as roepnaam
    ("Hans Post", "J. Post", True),           # short form of Johannes
    ("Smit, M.", "M.H. Smit", True),
    ("Peter Smit", "M.H. Smit", False),
    ("Marco Hendrik Smit", "P.J. Smit", False),
    ("Smit, P.", "M.H. Smit", False),
])
def test_initials_fit_only_their_given_names(written: str, other: str, fits: bool) -> None:
    def who(name: str) -> object:
        row = _person({"name": name})
        return identity(row["first_name"], row["first_alias"], row["first_skeleton"], None,
                        row["initials"], row["generation"])
    assert (conflict(who(written), who(other)) is None) is fits


def test_a_dateless_record_cannot_chain_namesakes() -> None:
    """'J. de Vries' at the Kadaster (no date) scores high with father and son, who share
    the given name 'Jan'; nothing in it says which, so it joins neither."""
    ids = {"father": identity("jan", "johannes", "yn", "1961-03-02", "j"),
           "son": identity("jan", "johannes", "yn", "1988-11-30", "j"),
           "kadaster": identity("j", None, None, None, "j")}
    edges = [("father", "kadaster", 0.99), ("kadaster", "son", 0.98)]
    found = cluster(edges, {k: k for k in ids}, threshold=0.9, identities=ids)
    assert sorted(found.members.values()) == [["father"], ["kadaster"], ["son"]]
    assert found.refused["ambiguous"] >= 1


ADDRESS = "Lindelaan 7, 3011 AB Rotterdam"
PHONE = "+31 6 22334455"
#: true person -> [(source, properties)]: namesakes at one address, UBO month-year dates,
#: Kadaster initials, police capitals and a double police registration (the fixture store has
#: four datasets; "kvk" stands in for the UBO register, "gemeente" for the Kadaster).
HOUSE = {
    "father": [("gemeente", {"name": ["Jan de Vries"], "birthDate": ["1961-03-02"], "address": [ADDRESS]}),
               ("politie", {"name": ["JAN DE VRIES SR"], "birthDate": ["1961-03-02"], "phone": [PHONE]}),
               ("politie", {"name": ["JAN DE VRIES SR."], "address": [ADDRESS], "phone": [PHONE]}),
               ("kvk", {"name": ["Jan de Vries"], "birthDate": ["1961-03"], "address": [ADDRESS]})],
    "son": [("gemeente", {"name": ["Jan de Vries"], "birthDate": ["1988-11-30"], "address": [ADDRESS]}),
            ("politie", {"name": ["JAN DE VRIES JR."], "birthDate": ["1988-11-30"], "address": [ADDRESS]}),
            ("bank", {"name": ["Jan de Vries jr."], "birthDate": ["1988-11-30"], "address": [ADDRESS], "phone": [PHONE]})],
    "smit": [("gemeente", {"name": ["Marco Hendrik Smit"], "birthDate": ["1975-04-12"], "address": ["Dorpsstraat 8, 3456 EF Breda"]}),
             ("gemeente", {"name": ["M.H. Smit"], "address": ["Dorpsstraat 8, 3456 EF Breda"]}),
             ("kvk", {"name": ["Marco Smit"], "birthDate": ["1975-04"], "address": ["Dorpsstraat 8, 3456 EF Breda"]})],
    "brother": [("gemeente", {"name": ["Peter Smit"], "birthDate": ["1975-04-30"], "address": ["Dorpsstraat 8, 3456 EF Breda"]}),
                ("gemeente", {"name": ["P.J. Smit"], "address": ["Dorpsstraat 8, 3456 EF Breda"]})],
}


@pytest.fixture(scope="module")
def resolved() -> Iterator[tuple[Store, dict[str, str]]]:
    store, truth = dutch_store(1500, seed=13)
    for person, rows in HOUSE.items():
        for i, (source, props) in enumerate(rows):
            ident = f"v-{person}-{i}"
            truth[ident] = f"v-{person}"
            evaluation.load_entities(store, dataset=source, file=f"variant-{ident}",
                                     entities=[{"id": ident, "schema": "Person", "properties": props}])
    resolve(store, options=replace(FAST, unique_datasets=()))
    yield store, truth
    store.close()


def test_namesakes_and_brothers_stay_apart(resolved: tuple[Store, dict[str, str]]) -> None:
    store, _ = resolved
    mapping = canonical.load_mapping(store)
    owner: dict[str, str] = {}
    for person, rows in HOUSE.items():
        for i in range(len(rows)):
            cid = mapping[f"v-{person}-{i}"]
            assert owner.setdefault(cid, person) == person, f"{person} merged with {owner[cid]}"


def test_each_variant_resolves_with_its_person(resolved: tuple[Store, dict[str, str]]) -> None:
    store, truth = resolved
    mapping = canonical.load_mapping(store)
    for person, rows in HOUSE.items():
        assert len({mapping[f"v-{person}-{i}"] for i in range(len(rows))}) == 1, person
    scores = evaluation.bcubed({i: mapping[i] for i in truth}, truth)
    assert scores["precision"] >= 0.99 and scores["f1"] >= 0.95, scores


def test_two_ambiguous_records_do_not_merge_with_each_other() -> None:
    """Two dateless subscriptions 'Jan de Vries' at the namesakes' address: each fits father
    and son, so neither carries a merge — not even with the other (it may be the other man)."""
    jan = identity("jan", "johannes", "yn", None, "j")
    ids = {"father": identity("jan", "johannes", "yn", "1961-03-02", "j"),
           "son": identity("jan", "johannes", "yn", "1988-11-30", "j"), "tel-1": jan, "tel-2": jan}
    edges = [("tel-1", "tel-2", 0.999), ("father", "tel-1", 0.99), ("tel-1", "son", 0.99),
             ("father", "tel-2", 0.98), ("tel-2", "son", 0.98)]
    found = cluster(edges, {k: k for k in ids}, threshold=0.9, identities=ids)
    assert all(len(m) == 1 for m in found.members.values())
