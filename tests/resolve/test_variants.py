"""Name and date variants as partner data write them: initials before or after the surname,
"Last, Given names particle", short forms (roepnamen) and typos, day and month swapped, and
records without a birth date that share a phone number."""

from __future__ import annotations

from dataclasses import replace

import pytest

from offensief.resolve import canonical, evaluation
from offensief.resolve.given import formal
from offensief.resolve.names import split_name, surname_core
from offensief.resolve.resolution import resolve
from tests.resolve.conftest import FAST, dutch_store

SOURCES = ("politie", "kvk", "bank", "gemeente")


@pytest.mark.parametrize(("raw", "first", "core"), [
    ("M.H. SMEETS", "m", "smeets"), ("Smeets M.H.", "m", "smeets"), ("SMEETS, M.H.", "m", "smeets"),
    ("Dam, Emma Linda Iris van", "emma", "dam"), ("Emma van Daam", "emma", "daam"),
    ("Vries, J. de", "j", "vries"), ("Jan de Vries", "jan", "vries"),
])
def test_split_name_variants(raw: str, first: str, core: str) -> None:
    got_first, surname = split_name(raw)
    assert got_first == first and surname_core(surname) == core


def test_short_forms_share_the_formal_name() -> None:
    assert formal("Kees") == formal("Cornelis") == "cornelis"
    assert formal("Bob") == formal("Robert") and formal("Liesbeth") == formal("Elisabeth")
    assert formal("Emma") == "emma" and formal("Piet") != formal("Kees")


PLANTED = {
    "smeets": [("politie", "Marcel Hendrik Smeets", "1975-04-12", None),
               ("kvk", "Smeets M.H.", "1975-04-12", None),
               ("bank", "M.H. SMEETS", "1975-04-12", None)],
    "van-dam": [("politie", "Emma Linda Iris van Dam", "1990-03-05", None),
                ("kvk", "Dam, Emma Linda Iris van", "1990-05-03", None),   # day and month swapped
                ("gemeente", "Emma van Daam", "1990-03-05", None)],          # typo
    "bakhuizen": [("politie", "Cornelis Bakhuizen", None, "+31 6 12345678"),  # no birth date
                  ("bank", "Kees Bakhuizen", None, "06-12345678")],
}


def test_variants_resolve_together_and_precision_holds() -> None:
    store, truth = dutch_store(1500)
    for person, rows in PLANTED.items():
        entities = []
        for i, (source, name, birth, phone) in enumerate(rows):
            props = {"name": [name]} | ({"birthDate": [birth]} if birth else {}) | ({"phone": [phone]} if phone else {})
            entities.append({"id": f"x-{person}-{i}", "schema": "Person", "properties": props, "dataset": source})
            truth[f"x-{person}-{i}"] = f"x-{person}"
        for source in SOURCES:
            evaluation.load_entities(store, dataset=source, entities=[e for e in entities if e["dataset"] == source],
                                     file=f"planted-{person}")
    resolve(store, options=replace(FAST, unique_datasets=SOURCES))
    mapping = canonical.load_mapping(store)
    for person, rows in PLANTED.items():
        assert len({mapping[f"x-{person}-{i}"] for i in range(len(rows))}) == 1, person
    scores = evaluation.bcubed({i: mapping[i] for i in truth}, truth)
    assert scores["precision"] >= 0.99 and scores["f1"] >= 0.95, scores
    store.close()
