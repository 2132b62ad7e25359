"""Budget and spending loads (errors with file, line and field; atomic; re-runnable), the
controller's overview by hand, and the progress report as PDF rendered to PNG pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from offensief.casework import interventions as work
from offensief.casework.programme import load_budget, load_entries, overview, write_report
from offensief.casework.scenario import DATA
from offensief.model.errors import InputError, PermissionDenied

BUDGET = DATA / "budget-2020.csv"
SPENDING = DATA / "spending-2020.csv"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_demo_budget_is_the_110_million(as_user):
    loaded = load_budget(as_user("cora"), path=BUDGET)
    assert (loaded.rows, loaded.total_eur) == (18, "110000000.00")


def test_only_the_controller_loads_and_reads(as_user):
    for who in ("ana", "gem"):
        with pytest.raises(PermissionDenied):
            load_budget(as_user(who), path=BUDGET)
        with pytest.raises(PermissionDenied):
            overview(as_user(who), period="2020Q4")


@pytest.mark.parametrize("text,line,field", [
    ("funding,measure,organisation,year\nx,mit,politie,2020\n", 1, "amount_eur"),
    (("funding,measure,organisation,year,amount_eur\nnn,mit,politie,2020,1.00\n"
      "nn,mit,om,20x0,1.00\n"), 3, "year"),
    ("funding,measure,organisation,year,amount_eur\nnn,mit,politie,2020,1.234\n", 2, "amount_eur"),
    ("funding,measure,organisation,year,amount_eur\nnn,MIT!,politie,2020,1\n", 2, "measure"),
    ("funding,measure,organisation,year,amount_eur,colour\nnn,mit,politie,2020,1,red\n", 1,
     "colour"),
])
def test_budget_errors_name_file_line_field(tmp_path, as_user, text, line, field):
    path = write(tmp_path, "budget.csv", text)
    with pytest.raises(InputError) as caught:
        load_budget(as_user("cora"), path=path)
    assert (caught.value.file, caught.value.line, caught.value.field) == (str(path), line, field)
    assert "budget.csv" in str(caught.value)


def test_spending_errors_and_atomic_reload(tmp_path, as_user):
    cora = as_user("cora")
    load_budget(cora, path=BUDGET)
    load_entries(cora, path=SPENDING)
    before = overview(cora, period="2020Q4")["totals"]
    bad = write(tmp_path, SPENDING.name, SPENDING.read_text() +
                "spending,mit,politie,2021-02-30,1.00,R-X,bad date\n")
    with pytest.raises(InputError) as caught:
        load_entries(cora, path=bad)
    assert (caught.value.line, caught.value.field) == (27, "date")
    unknown = write(tmp_path, "other.csv", "kind,measure,organisation,date,amount_eur,reference\n"
                    "spending,ruimtevaart,politie,2020-01-01,1.00,R-1\n")
    with pytest.raises(InputError, match="unknown measure") as caught:
        load_entries(cora, path=unknown)
    assert (caught.value.line, caught.value.field) == (2, "measure")
    assert overview(cora, period="2020Q4")["totals"] == before  # nothing of a bad load kept
    again = load_entries(cora, path=SPENDING)  # the same file again: replaced, not doubled
    assert again.replaced == again.rows == 25
    assert overview(cora, period="2020Q4")["totals"] == before


def test_overview_by_hand(as_user):
    cora = as_user("cora")
    load_budget(cora, path=BUDGET)
    load_entries(cora, path=SPENDING)
    data = overview(cora, period="2020Q4")
    mit = next(r for r in data["money"] if r["measure"] == "mit")
    # commitments 9.5M + 3.2M + 2.8M; spending 1.85+2.1+2.35+2.6+0.9+1.25+0.7+1.15 (2021 excluded)
    assert mit["budget_eur"] == "40000000.00"
    assert mit["committed_eur"] == "15500000.00"
    assert mit["spent_eur"] == "12900000.00"
    assert mit["spent_in_period_eur"] == "5000000.00"  # 2.6 + 1.25 + 1.15 in Q4
    assert mit["uncommitted_eur"] == "24500000.00"
    assert data["totals"]["budget_eur"] == "110000000.00"
    q1 = overview(cora, period="2021Q1")
    assert next(r for r in q1["money"] if r["measure"] == "mit")["spent_eur"] == "15650000.00"


def test_report_pdf_renders_with_tables_and_no_person_data(tmp_path, as_user):
    cora = as_user("cora")
    load_budget(cora, path=BUDGET)
    load_entries(cora, path=SPENDING)
    item = work.add_intervention(as_user("ana"), case="Zandloper", kind="criminal",
                                 instrument="arrest", partner="politie", region="Rotterdam",
                                 subjects=[work.Subject("person-secret-42", role="kingpin")],
                                 measure="mit", on=date(2020, 9, 1))
    for who, to in (("otto", "approved"), ("ivo", "executed"), ("ivo", "result")):
        work.move_intervention(as_user(who), case="Zandloper", intervention_id=item.id, to=to,
                               on=date(2020, 10, 1), outcome="outcome-secret-7" if to == "result" else None)
    work.record_item(as_user("ivo"), case="Zandloper", intervention_id=item.id, kind="cash",
                     value="48250.00", entity_id="person-secret-42")
    paths = write_report(cora, period="2020Q4", out=tmp_path / "vr-2020Q4.pdf")
    pdf_path, md_path = paths[0], paths[1]
    document = pdfium.PdfDocument(str(pdf_path))
    assert len(document) >= 2
    text = ""
    for index in range(len(document)):
        page = document[index]
        image = page.render(scale=1).to_pil()
        assert image.size[0] > 500 and image.getextrema() != ((255, 255),) * 3
        png = tmp_path / f"page-{index}.png"
        image.save(png)
        assert png.stat().st_size > 5_000
        text += page.get_textpage().get_text_range()
    document.close()
    for heading in ("Budget, commitments and spending per measure", "Results per region",
                    "Afpakken", "Measure", "Spent in quarter", "mit", "Rotterdam"):
        assert heading in text
    assert "48.250,00" in text  # the seizure in the afpakken table
    markdown = md_path.read_text()
    for secret in ("person-secret-42", "Zandloper", "outcome-secret-7"):
        assert secret not in text and secret not in markdown
    assert "| mit | € 40.000.000,00 |" in markdown
