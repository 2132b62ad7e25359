"""Units of the workbench: query kinds, name scores, places, formats (and their doctests)."""

from __future__ import annotations

import doctest
import re
from datetime import date
from pathlib import Path

import pytest

from offensief.casework import formats, places, plausibility, search
from offensief.casework.plausibility import merge_warnings
from offensief.casework.search import MIN_SCORE, classify, name_score, name_tokens
from offensief.store import lookup
from offensief.web import i18n


@pytest.mark.parametrize("module", [formats, places, plausibility, search, lookup, i18n])
def test_doctests(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(("query", "kind"), [
    ("NL16ABNA4266677289", "iban"), ("+31 6 2727 2309", "phone"), ("0031627272309", "phone"),
    ("12345678", "kvk"), ("AB-123-C", "plate"), ("1234AB", "address"),
    ("Kerkstraat 12 Utrecht", "address"), ("ROT00-00004", "identifier"), ("Mohamed el Idrissi", "name"),
])
def test_classify(query: str, kind: str) -> None:
    assert classify(query) == kind


@pytest.mark.parametrize(("query", "name", "match"), [
    ("Mohamed el Idrissi", "Mohammed El Idrisi", True),     # two typos
    ("Idrissi, M.", "Mohamed el Idrissi", True),            # order and an initial
    ("van der Berg", "Jan van den Berg", True),             # particles weigh little
    ("Jansen", "Janssen", True),
    ("Jansen", "Johnson", False),
    ("Fatima Bakker", "Fatima de Vries", False),            # same first name, other surname
    ("M. Bakker", "Sanne Bakker", False),                   # the initial must fit
])
def test_name_scores(query: str, name: str, match: bool) -> None:
    assert (name_score(name_tokens(query), name_tokens(name)) >= MIN_SCORE) is match


def test_workbench_docs_name_every_workflow_and_their_pictures_exist() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs"
    text = (docs / "workbench.md").read_text()
    for needle in ("offensief search", "offensief export", "/api/cases/{id}/search",
                   "/api/cases/{id}/explore", "/api/cases/{id}/export", "graphml", "gexf", "anx",
                   "ftm", "csv", "pdf", "timeline", "map", "Profiles", "offensief note add",
                   "offensief view save", "/api/cases/{id}/notes", "/api/cases/{id}/views",
                   "finance/trace?alert=", "best_caption"):
        assert needle in text, needle
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(pictures) >= 6
    assert all((docs / p).exists() for p in pictures), pictures


def test_merge_warnings_on_a_child_and_other_names() -> None:
    class View:  # the rows a case view would give, one clear and one pseudonymised record
        def statements(self, entity_ids: list[str]) -> list[dict[str, str]]:
            return [
                {"entity_id": "a", "prop": "firstName", "value": "Jan"},
                {"entity_id": "a", "prop": "birthDate", "value": "2024-03-01"},
                {"entity_id": "b", "prop": "firstName", "value": "Mohamed"},
                {"entity_id": "b", "prop": "birthDate", "value": "1980-01-01"},
                {"entity_id": "b", "prop": "gender", "value": "male"},
                {"entity_id": "a", "prop": "gender", "value": "female"},
            ]

    found = merge_warnings(View(), "a", "b", today=date(2026, 12, 5))  # type: ignore[arg-type]
    assert any("first names" in w for w in found)
    assert any("born 2024 and 1980" in w for w in found)
    assert any("a child" in w for w in found)
    assert any("gender" in w for w in found)

    class Same(View):
        def statements(self, entity_ids: list[str]) -> list[dict[str, str]]:
            return [{"entity_id": "a", "prop": "firstName", "value": "Jan"},
                    {"entity_id": "b", "prop": "firstName", "value": "J."},
                    {"entity_id": "a", "prop": "birthDate", "value": "1980-09-01"},
                    {"entity_id": "b", "prop": "birthDate", "value": "1980-01-09"}]

    assert merge_warnings(Same(), "a", "b", today=date(2026, 12, 5)) == []  # type: ignore[arg-type]
