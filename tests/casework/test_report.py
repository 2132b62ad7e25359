"""The PDF case report follows the derived-data rule (DESIGN.md §5) like the pages and the API:
a role, alert or plan target is printed with names, amounts and reasons only when the reader
may read every dataset it rests on in clear.

Two paths: :func:`~offensief.casework.export.export_case` (the report holds only the datasets
the reader may export), and :func:`~offensief.casework.report.pdf_report` given the reader's
whole case view (clear and pseudonymised datasets), which must mask by itself.

The world (tests/api/world.py): police persons and calls (wpg-9), a KvK company with its
director and owner (open), bank accounts and payments (wwft). The municipality (``gem``)
reads only the register in clear; FIOD (``fio``) the bank data and the register.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from offensief.access.actors import get_actor
from offensief.access.pseudonym import is_token
from offensief.casework.caller import Caller
from offensief.casework.casegraph import CaseGraph
from offensief.casework.cases import CallerView, open_view
from offensief.casework.export import export_case
from offensief.casework.finance import compute_alerts
from offensief.casework.formats import money
from offensief.casework.pipeline import compute_case
from offensief.casework.report import REPORT_TOP, pdf_report, report_content
from offensief.db import open_workspace_database
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.access.test_noleak_derived import IDENTIFIERS, NAMES
from tests.api.conftest import CASE
from tests.api.world import DATASETS, KINGPIN

pdfium = pytest.importorskip("pypdfium2")


def squeezed(text: str) -> str:
    """Text without whitespace: a table cell wraps a name or a sentence anywhere."""
    return "".join(text.split())


def pdf_text(content: bytes) -> str:
    document = pdfium.PdfDocument(content)
    return squeezed("".join(document[i].get_textpage().get_text_range() for i in range(len(document))))


@contextmanager
def acting(ws: Workspace, who: str) -> Iterator[Caller]:
    db = open_workspace_database(ws)
    try:
        with db.session() as session, Store.open(ws) as store:
            yield Caller(actor=get_actor(session, who), db=session, workspace=ws, store=store,
                         sink=lambda _entry: None)
    finally:
        db.dispose()


def whole_view_report(caller: Caller) -> tuple[CallerView, str]:
    """The report rendered on the reader's whole view (clear and pseudonymised datasets)."""
    view = open_view(caller, CASE)
    graph = CaseGraph(case=CASE, datasets=sorted(view.levels), left_out=[])
    return view, pdf_text(pdf_report(caller, view, graph))


@pytest.fixture(scope="module")
def clear_findings(world_workspace: Workspace) -> dict[str, list[str]]:
    """What a reader of every dataset sees: alert amounts (as the report writes them) and the
    reasons given for roles — values no other reader may get from the report."""
    everything = sorted(d.name for d in DATASETS)
    with Store.open(world_workspace) as store:
        alerts = compute_alerts(store, everything)
        roles = compute_case(store, everything)["roles"]
    amounts = sorted({squeezed(money(a["amount"])) for a in alerts if a.get("amount")})
    reasons = sorted({squeezed(r["explanation"]["text"]) for r in roles if r["rank"] <= REPORT_TOP})
    assert amounts and reasons  # the world has findings to leak
    return {"amounts": amounts, "reasons": reasons}


def assert_clean(text: str, protected: list[str], where: str) -> None:
    for value in protected:
        assert squeezed(value) not in text, (where, value)


@pytest.mark.parametrize("who", ["gem", "fio"])
def test_report_on_a_pseudonymised_view_prints_no_clear_finding(
        world_workspace: Workspace, clear_findings: dict[str, list[str]], who: str) -> None:
    """Every role rests on the police data, which neither reader may read in clear; every
    alert of gem rests on bank data it reads only as tokens; FIOD's structuring alert groups
    accounts through police calls."""
    with acting(world_workspace, who) as caller:
        view, text = whole_view_report(caller)
        content = report_content(caller, view)
    assert_clean(text, NAMES + IDENTIFIERS + clear_findings["reasons"], f"{who} whole view")
    if who == "gem":
        assert_clean(text, clear_findings["amounts"], "gem whole view")
    assert "tok_" in text and squeezed("may not read in clear") in text  # said, not hidden
    # the rows the report prints: every role holder and plan target a subject token
    assert content.roles and all(is_token(name) for name, *_ in content.roles)
    assert content.targets and all(is_token(name) for _, name, *_ in content.targets)
    withheld = [row for row in content.alerts if row[0] == "structuring" or who == "gem"]
    assert withheld and all(row[2] == "—" for row in withheld)
    assert content.withheld >= len(content.roles) + len(withheld)


def test_report_on_a_clear_view_prints_names_amounts_and_reasons(
        world_workspace: Workspace, clear_findings: dict[str, list[str]]) -> None:
    with acting(world_workspace, "ana") as caller:
        _view, text = whole_view_report(caller)
    assert squeezed(KINGPIN) in text
    assert any(a in text for a in clear_findings["amounts"])
    assert any(r in text for r in clear_findings["reasons"])


@pytest.mark.parametrize("who", ["gem", "fio"])
def test_exported_report_holds_no_finding_on_data_left_out(
        world_workspace: Workspace, clear_findings: dict[str, list[str]], who: str) -> None:
    with acting(world_workspace, who) as caller:
        done = export_case(caller, CASE, "pdf")
    text = pdf_text(done.content)
    assert "politie-bvh" in done.left_out
    assert_clean(text, NAMES + IDENTIFIERS + clear_findings["reasons"], f"{who} export")
    if who == "gem":
        assert_clean(text, clear_findings["amounts"], "gem export")


def test_exported_report_of_a_clear_reader_has_the_findings(
        world_workspace: Workspace, clear_findings: dict[str, list[str]]) -> None:
    with acting(world_workspace, "ana") as caller:
        done = export_case(caller, CASE, "pdf")
    text = pdf_text(done.content)
    assert not done.left_out and squeezed(KINGPIN) in text
    assert any(a in text for a in clear_findings["amounts"])
    assert any(r in text for r in clear_findings["reasons"])
