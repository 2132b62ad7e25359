"""The PDF case report: the network as a picture, roles with their reasons, laundering
alerts, and the intervention plan — the findings the pages and the API show, from the same
application-layer functions: the case pipeline's roles (:mod:`offensief.casework.pipeline`,
shown through :func:`offensief.casework.findings.roles`), the viewer's alerts
(:func:`offensief.casework.finance.alerts_now`, shown through
:func:`offensief.casework.finance.shown_alerts`) and a plan on the person network named for
the viewer (:func:`offensief.casework.findings.name_people`). So the report follows the
derived-data rule (:mod:`offensief.casework.disclosure`) by itself: a finding resting on a
dataset the reader may not read in clear names subject tokens, without amounts or reasons.
An export gives it the datasets the reader may export (:mod:`offensief.casework.casegraph`).

Everything in it is a signal or advice for a person to weigh, and the report says so.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import igraph as ig
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from fpdf import FPDF

from offensief.casework import findings
from offensief.casework.caller import Caller
from offensief.casework.casegraph import CaseGraph
from offensief.casework.cases import CallerView
from offensief.casework.finance import alerts_now, labels, shown_alerts
from offensief.casework.formats import day, money
from offensief.casework.pipeline import base_analysis, people_graph
from offensief.disrupt.plan import PlanOptions, make_plan
from offensief.network.seeded import fruchterman_reingold

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
ROLE_COLOURS = {"kingpin": "#b3261e", "lieutenant": "#9a6700", "broker": "#1e7d3c",
                "financial_facilitator": "#1f5fa8", "digital_facilitator": "#6a3d9a",
                "logistics_facilitator": "#8c564b", "money_mule": "#e377c2", "straw_man": "#7f7f7f"}
#: A smaller plan than the what-if tab's (fewer Monte Carlo runs): the report says so.
REPORT_PLAN = PlanOptions(size=5, runs=40, shortlist=10, pool=6)
#: Candidates per role in the report (the roles page lists the pipeline's whole ranking).
REPORT_TOP = 5
#: Alerts in the report, highest score first.
REPORT_ALERTS = 30
ADVICE = ("Dit rapport bevat signalen en advies, geen besluiten: elke rol, elk alert en elk "
          "voorstel vraagt om beoordeling door een mens.")
WITHHELD = ("{n} bevinding(en) rusten op gegevens die u niet in clear mag lezen: daarin staan "
            "personen als token, zonder bedragen en zonder redenen.")

Row = tuple[str, ...]


@dataclass
class ReportContent:
    """What the report prints, already shown for its reader: table rows as text, the person
    network named for the reader (``name``: entity id or subject token, ``label``: the name
    shown) and the plan on it."""

    people: ig.Graph
    roles: list[Row] = field(default_factory=list)
    alerts: list[Row] = field(default_factory=list)
    plan: dict[str, Any] | None = None
    targets: list[Row] = field(default_factory=list)
    withheld: int = 0


def _alert_row(view: CallerView, alert: dict[str, Any], *, locale: str) -> Row:
    """One shown alert (:func:`offensief.casework.finance.shown_alerts`) as a table row; a
    disclosed one with the accounts in its explanation named."""
    explanation = alert.get("explanation") or ""
    if alert["inputs"]["disclosed"]:
        ids = list(alert.get("account_ids", [])) + list(alert.get("entity_ids", []))
        explanation = _named(explanation, ids, labels(view, ids))
    amount = money(alert.get("amount"), locale=locale) if alert.get("amount") is not None else "—"
    return (alert["typology"], ", ".join(p["name"] for p in alert.get("entities", [])[:4]), amount,
            f"{day(alert.get('start'), locale=locale)} – {day(alert.get('end'), locale=locale)}",
            explanation)


def report_content(caller: Caller, view: CallerView, *, progress: Callable[[str], None] | None = None,
                   locale: str = "nl") -> ReportContent:
    """The report's findings for the reader of ``view``, through the functions the pages and
    the API use (see the module docstring)."""
    step = progress or (lambda _msg: None)
    datasets = sorted(view.visible_datasets())
    step("persoonsnetwerk en rollen")
    result = base_analysis(caller, view.store, view.case, datasets)
    roles = [r for r in findings.roles(view, result) if r.rank <= REPORT_TOP]
    people = people_graph(result)
    findings.name_people(view, result, people)
    content = ReportContent(people=people, roles=[
        (r.subject.name, r.role.replace("_", " "), f"{r.score:.2f}", r.explanation.text) for r in roles])
    if people.vcount() >= 3 and people.ecount() > 0:
        step("interventieplan")
        content.plan = make_plan(people.copy(), options=REPORT_PLAN)
        content.targets = [(str(t["rank"]), t["name"], (t["role"] or "").replace("_", " "), t["partner"],
                            t["instrument"], "; ".join(t["reasons"])) for t in content.plan["targets"]]
    step("witwasalerts")
    alerts = shown_alerts(view, alerts_now(caller, view), limit=REPORT_ALERTS)
    content.alerts = [_alert_row(view, a, locale=locale) for a in alerts]
    content.withheld = (sum(1 for r in roles if not r.basis.disclosed)
                        + sum(1 for a in alerts if not a["inputs"]["disclosed"]))
    return content


def network_picture(people: ig.Graph, names: dict[str, str], *, limit: int = 160) -> bytes:
    """A PNG of the person network: role holders and their contacts, role holders named."""
    role = _roles(people)
    keep = {v for v in range(people.vcount()) if role[v]}
    for v in list(keep):
        keep.update(people.neighbors(v))
    if len(keep) < 10:
        keep.update(sorted(range(people.vcount()), key=lambda v: -people.degree(v))[:limit])
    chosen = sorted(keep, key=lambda v: (not role[v], -people.degree(v)))[:limit]
    sub = people.induced_subgraph(chosen)
    xy = fruchterman_reingold(sub, niter=300) if sub.vcount() else []
    fig, ax = plt.subplots(figsize=(9, 6.2), dpi=150)
    for a, b in (e.tuple for e in sub.es):
        ax.plot([xy[a][0], xy[b][0]], [xy[a][1], xy[b][1]], color="#c7cfd8", lw=0.6, zorder=1)
    sub_role = _roles(sub)
    for v in range(sub.vcount()):
        r = sub_role[v]
        ax.scatter(xy[v][0], xy[v][1], s=90 if r else 18, color=ROLE_COLOURS.get(r or "", "#9aa5b1"), zorder=2)
        if r:
            ax.annotate(names.get(sub.vs[v]["name"], sub.vs[v]["name"]), xy[v], fontsize=7,
                        xytext=(4, 4), textcoords="offset points",
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    shown = [r for r in ROLE_COLOURS if r in sub_role]
    for r in shown:
        ax.scatter([], [], color=ROLE_COLOURS[r], label=r.replace("_", " "))
    if shown:
        ax.legend(loc="lower left", fontsize=7, frameon=False)
    ax.set_axis_off()
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


def _named(text: str, ids: list[str], names: dict[str, str]) -> str:
    """``text`` with raw ids replaced by their captions (an account by its IBAN), each id
    whole (``acc-1`` is not the start of ``acc-11``).

    >>> _named("from acc-1 and acc-11", ["acc-1", "acc-11"], {"acc-1": "A", "acc-11": "B"})
    'from A and B'
    """
    wanted = sorted({i for i in ids if i}, key=len, reverse=True)
    if not wanted:
        return text
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, wanted)) + r")(?![\w-])")
    return pattern.sub(lambda m: names.get(m.group(1), m.group(1)), text)


def _roles(people: ig.Graph) -> list[str | None]:
    """The role of each person as :func:`offensief.disrupt.case.apply_roles` set it
    (``None`` for the background; facilitators by their kind)."""
    attrs = people.vs.attributes()
    if "role" not in attrs:
        return [None] * people.vcount()
    kinds = people.vs["facilitator_type"] if "facilitator_type" in attrs else [None] * people.vcount()
    return [None if r in (None, "background") else (f"{k}_facilitator" if r == "facilitator" and k else r)
            for r, k in zip(people.vs["role"], kinds)]


class _Report(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.title_text = title
        self.add_font("DejaVu", "", str(FONT / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=15)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 7)
        self.cell(0, 5, f"{self.title_text} · pagina {self.page_no()}", align="C")

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("DejaVu", "B", 13)
        self.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 9)

    def text(self, body: str) -> None:  # type: ignore[override]
        self.multi_cell(0, 5, body, new_x="LMARGIN", new_y="NEXT")

    def rows(self, header: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[int, ...]) -> None:
        self.set_font("DejaVu", "", 8)
        with self.table(col_widths=widths, text_align="LEFT", line_height=4.2) as table:
            table.row(header)
            for row in rows:
                table.row(row)
        self.set_font("DejaVu", "", 9)


def pdf_report(caller: Caller, view: CallerView, graph: CaseGraph, *,
               progress: Callable[[str], None] | None = None, locale: str = "nl") -> bytes:
    """The case report as PDF bytes (its findings: :func:`report_content`)."""
    step = progress or (lambda _msg: None)
    found = report_content(caller, view, progress=step, locale=locale)
    people, plan = found.people, found.plan
    names = dict(zip(people.vs["name"], people.vs["label"])) if people.vcount() else {}
    step("rapport opmaken")
    pdf = _Report(f"Zaakrapport {graph.case}")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 10, f"Zaakrapport — {graph.case}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.text(f"Opgesteld {day(date.today(), locale=locale)} voor {caller.actor.username} "
             f"({caller.actor.partner}). Bronnen in dit rapport: {', '.join(graph.datasets)}. "
             f"Weggelaten (niet exporteerbaar voor u): {', '.join(graph.left_out) or 'geen'}.")
    pdf.text(ADVICE)
    if found.withheld:
        pdf.text(WITHHELD.format(n=found.withheld))
    pdf.text(f"Netwerk: {len(graph.nodes)} entiteiten, {len(graph.edges)} verbindingen; "
             f"persoonsnetwerk {people.vcount()} personen, {people.ecount()} banden.")
    pdf.heading("Het netwerk")
    pdf.image(io.BytesIO(network_picture(people, names)), w=180)
    pdf.text("Personen met een rol en hun directe contacten; kleur = rol (legenda linksonder).")
    pdf.heading("Rollen en redenen")
    pdf.text(f"De {REPORT_TOP} sterkste kandidaten per rol.")
    pdf.rows(("Wie", "Rol", "Score", "Waarom"), found.roles or [("—", "", "", "geen persoonsnetwerk")],
             (40, 28, 14, 98))
    pdf.heading("Witwasalerts")
    pdf.rows(("Typologie", "Wie", "Bedrag", "Periode", "Toelichting"),
             found.alerts or [("—", "", "", "", "geen alerts")], (24, 40, 22, 30, 64))
    pdf.heading("Interventieplan (advies)")
    if plan is None:
        pdf.text("Geen persoonsnetwerk om een plan op te maken.")
    else:
        pdf.text(f"Doel: {plan['objective']}; {REPORT_PLAN.runs} Monte-Carlo-runs per pakket "
                 "(het What-if-tabblad rekent met meer).")
        pdf.rows(("#", "Wie", "Rol", "Partner", "Interventie", "Redenen"), found.targets,
                 (8, 36, 24, 24, 38, 50))
    return bytes(pdf.output())
