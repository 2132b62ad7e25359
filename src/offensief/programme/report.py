"""The quarterly progress report (voortgangsrapportage): Markdown and PDF, tables and charts.

The report holds aggregates only — per measure, organisation, region and year — never a
case name, an entity id or a person. Charts are drawn with matplotlib (Agg) and the PDF is
laid out with ReportLab; both run offline.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import matplotlib

from offensief.model.errors import InputError

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

MONEY_COLUMNS = (("measure", "Measure"), ("budget_eur", "Budget"),
                 ("committed_eur", "Committed"), ("spent_eur", "Spent"),
                 ("spent_in_period_eur", "Spent in quarter"), ("uncommitted_eur", "Uncommitted"))
RESULT_COLUMNS = (("measure", "Measure"), ("barriers", "Barriers"),
                  ("persons_removed", "Persons removed"), ("seized", "Seized"),
                  ("collected", "Collected"), ("cost_per_barrier", "Spent per barrier"))
AFPAK_COLUMNS = (("year", "Year"), ("seized_eur", "Seized (beslag)"),
                 ("ordered_eur", "Ordered (ontneming)"), ("collected_eur", "Collected"),
                 ("gap_eur", "Gap seized-collected"), ("fiscal_collected_eur", "Fiscal collected"))
REGION_COLUMNS = (("region", "Region"), ("barriers", "Barriers"),
                  ("persons_removed", "Persons removed"), ("administrative", "Admin. measures"),
                  ("seized_eur", "Seized"), ("collected_eur", "Collected"))


def money(text: Any) -> str:
    """``1234567.80`` as ``€ 1.234.567,80`` (Dutch notation)."""
    if text is None:
        return "–"
    value = Decimal(str(text))
    whole, cents = f"{value:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "–"
    if key.endswith("_eur") or key in ("seized", "collected", "cost_per_barrier"):
        return money(value)
    return str(value)


def tables(data: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """The report's tables: title, header, rows (strings)."""
    def make(rows: list[dict[str, Any]], columns: tuple[tuple[str, str], ...]) -> tuple[
            list[str], list[list[str]]]:
        return [title for _, title in columns], [[_cell(k, r.get(k)) for k, _ in columns]
                                                 for r in rows]

    out = []
    for title, rows, columns in (
        ("Budget, commitments and spending per measure", data["money"], MONEY_COLUMNS),
        ("Results linked to the money, per measure", data["results"], RESULT_COLUMNS),
        ("Afpakken: seized, ordered and collected per year of seizure", data["afpakken"],
         AFPAK_COLUMNS),
        ("Results per region", data["regions"], REGION_COLUMNS),
    ):
        header, body = make(rows, columns)
        out.append((title, header, body))
    return out


def charts(data: dict[str, Any], stem: Path) -> list[Path]:
    """Two PNG charts next to ``stem``: money per measure, and the afpakken funnel."""
    paths = []
    measures = [r["measure"] for r in data["money"]]
    fig, ax = plt.subplots(figsize=(9, 3.6), dpi=110)
    width = 0.27
    for i, (key, label, colour) in enumerate((("budget_eur", "budget", "#9bb7d4"),
                                              ("committed_eur", "committed", "#1f5fa8"),
                                              ("spent_eur", "spent", "#d62728"))):
        ax.bar([x + (i - 1) * width for x in range(len(measures))],
               [float(r[key]) / 1e6 for r in data["money"]], width, label=label, color=colour)
    ax.set_xticks(range(len(measures)), measures, rotation=20, ha="right", fontsize=8)
    ax.set_ylabel("EUR million")
    ax.set_title(f"Budget against commitments and spending to {data['period_end']}")
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = stem.with_name(f"{stem.name}-money.png")
    fig.savefig(path)
    plt.close(fig)
    paths.append(path)
    fig, ax = plt.subplots(figsize=(9, 3.2), dpi=110)
    years = [str(r["year"]) for r in data["afpakken"]]
    for i, (key, label, colour) in enumerate((("seized_eur", "seized", "#9bb7d4"),
                                              ("ordered_eur", "ordered", "#1f5fa8"),
                                              ("collected_eur", "collected", "#2ca02c"))):
        ax.bar([x + (i - 1) * width for x in range(len(years))],
               [float(r[key]) / 1e6 for r in data["afpakken"]], width, label=label, color=colour)
    ax.set_xticks(range(len(years)), years)
    ax.set_ylabel("EUR million")
    ax.set_title("Afpakken: seized → confiscation ordered → collected (by year of seizure)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = stem.with_name(f"{stem.name}-afpakken.png")
    fig.savefig(path)
    plt.close(fig)
    paths.append(path)
    return paths


def _summary(data: dict[str, Any]) -> list[str]:
    t, k = data["totals"], data["kpi"]
    return [
        (f"Budget {money(t.get('budget_eur'))}, committed {money(t.get('committed_eur'))}, "
         f"spent {money(t.get('spent_eur'))} up to {data['period_end']} "
         f"({money(t.get('spent_in_period_eur'))} in {data['period']})."),
        (f"Barriers raised: {k['barriers_raised']['total']}; persons removed from networks: "
         f"{k['persons_removed']['total']}; administrative measures: "
         f"{sum(k['administrative_measures'].values())}."),
        (f"Networks re-analysed at least {data['months']} months after intervening: "
         f"{k['networks_measured']}, of which capacity stayed down (≥ {data['drop']:.0%} below "
         f"before): {k['networks_down']}."),
        (f"Afpakken: seized {money(k['afpakken']['seized_eur'])}, confiscation ordered "
         f"{money(k['afpakken']['ordered_eur'])}, collected {money(k['afpakken']['collected_eur'])}"
         f" (gap {money(k['afpakken']['gap_eur'])})."),
    ]


def markdown(data: dict[str, Any], chart_paths: list[Path]) -> str:
    """The report as Markdown (charts referenced by file name)."""
    lines = [f"# Voortgangsrapportage {data['period']}", "",
             (f"Aanpak ondermijnende criminaliteit — programme report, generated "
              f"{data['generated']}. Aggregates only: no case, person or entity is named."), "",
             "## Summary", ""]
    lines += [f"- {text}" for text in _summary(data)]
    lines.append("")
    for path in chart_paths:
        lines += [f"![{path.stem}]({path.name})", ""]
    for title, header, body in tables(data):
        lines += [f"## {title}", "", "| " + " | ".join(header) + " |",
                  "|" + "|".join("---" for _ in header) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        lines.append("")
    lines += ["## Definitions", ""]
    lines += [f"- **{name}**: {text}" for name, text in data["definitions"].items()]
    return "\n".join(lines) + "\n"


def pdf(data: dict[str, Any], chart_paths: list[Path], path: Path) -> Path:
    """The report as a PDF (A4 landscape)."""
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=1.5 * cm,
                            rightMargin=1.5 * cm, topMargin=1.2 * cm, bottomMargin=1.2 * cm,
                            title=f"Voortgangsrapportage {data['period']}")
    story: list[Any] = [Paragraph(f"Voortgangsrapportage {data['period']}", styles["Title"]),
                        Paragraph(f"Aanpak ondermijnende criminaliteit — generated "
                                  f"{data['generated']}. Aggregates only.", styles["Normal"]),
                        Spacer(1, 8)]
    story += [Paragraph("• " + text, styles["Normal"]) for text in _summary(data)]
    story.append(Spacer(1, 8))
    for chart in chart_paths:
        image = Image(str(chart))
        ratio = image.imageHeight / image.imageWidth
        story.append(Image(str(chart), width=18 * cm, height=18 * cm * ratio))
    story.append(PageBreak())
    for title, header, body in tables(data):
        story.append(Paragraph(title, styles["Heading2"]))
        table = Table([header, *body] if body else [header, ["(none)"] + [""] * (len(header) - 1)],
                      repeatRows=1)
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f5fa8")),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ]))
        story += [table, Spacer(1, 10)]
    story.append(Paragraph("Definitions", styles["Heading2"]))
    story += [Paragraph(f"<b>{name}</b>: {text}", styles["Normal"])
              for name, text in data["definitions"].items()]
    doc.build(story)
    return path


def write(data: dict[str, Any], out: Path) -> list[Path]:
    """Write ``out`` (``.pdf`` or ``.md``) and its sibling in the other format, with charts."""
    out = Path(out)
    if out.suffix.lower() not in (".pdf", ".md"):
        raise InputError(f"the report is written as .pdf or .md, not {out.name!r}", field="out")
    out.parent.mkdir(parents=True, exist_ok=True)
    stem = out.with_suffix("")
    chart_paths = charts(data, stem)
    md_path, pdf_path = stem.with_suffix(".md"), stem.with_suffix(".pdf")
    md_path.write_text(markdown(data, chart_paths), encoding="utf-8")
    pdf(data, chart_paths, pdf_path)
    return [pdf_path, md_path, *chart_paths]
