"""The PDF case report: the network as a picture, roles with their reasons, laundering
alerts, and the intervention plan — all computed from the datasets the reader may export
(see :mod:`offensief.casework.casegraph`), names through the same captions as the UI.

Everything in it is a signal or advice for a person to weigh, and the report says so.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import igraph as ig
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from fpdf import FPDF

from offensief.casework.caller import Caller
from offensief.casework.casegraph import CaseGraph
from offensief.casework.cases import CallerView
from offensief.casework.formats import day, money
from offensief.casework.naming import describe
from offensief.disrupt.case import apply_roles
from offensief.disrupt.plan import PlanOptions, make_plan
from offensief.finance.alerts import detect_alerts
from offensief.network.graph import entity_graph, person_projection
from offensief.network.roles import analyse_roles
from offensief.resolve.canonical import load_mapping
from offensief.store.reads import visible_copy

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
ROLE_COLOURS = {"kingpin": "#b3261e", "lieutenant": "#9a6700", "broker": "#1e7d3c",
                "financial_facilitator": "#1f5fa8", "digital_facilitator": "#6a3d9a",
                "logistics_facilitator": "#8c564b", "money_mule": "#e377c2", "straw_man": "#7f7f7f"}
#: A smaller plan than the what-if tab's (fewer Monte Carlo runs): the report says so.
REPORT_PLAN = PlanOptions(size=5, runs=40, shortlist=10, pool=6)
ADVICE = ("Dit rapport bevat signalen en advies, geen besluiten: elke rol, elk alert en elk "
          "voorstel vraagt om beoordeling door een mens.")


def _analyses(view: CallerView, progress: Callable[[str], None]) -> dict[str, Any]:
    store, datasets = view.store, sorted(view.levels)
    canonical = load_mapping(store) or None
    progress("persoonsnetwerk")
    entities = entity_graph(store, canonical=canonical, datasets=datasets)
    people = person_projection(entities)
    roles: list[dict[str, Any]] = []
    plan: dict[str, Any] | None = None
    if people.vcount() >= 3 and people.ecount() > 0:
        progress("rollen")
        analysis = analyse_roles(people, entity_graph=entities, seeds=1, top=10)
        roles = analysis["roles"]
        apply_roles(people, analysis)
        progress("interventieplan")
        plan = make_plan(people, options=REPORT_PLAN)
    progress("witwasalerts")
    con = visible_copy(store, list(datasets))
    try:
        alerts = detect_alerts(con, canonical=canonical)
    finally:
        con.close()
    return {"people": people, "roles": roles, "plan": plan, "alerts": alerts}


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
    xy = sub.layout_fruchterman_reingold(niter=300).coords if sub.vcount() else []
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
    """``text`` with raw ids replaced by their captions (an account by its IBAN)."""
    for ident in ids:
        text = text.replace(ident, names.get(ident, ident))
    return text


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
    """The case report as PDF bytes."""
    step = progress or (lambda _msg: None)
    found = _analyses(view, step)
    people, roles, plan, alerts = found["people"], found["roles"], found["plan"], found["alerts"]
    ids = {r["id"] for r in roles} | {e for a in alerts for e in a.get("entity_ids", [])}
    ids |= {e for a in alerts for e in a.get("account_ids", [])}
    ids |= {t["id"] for t in (plan or {}).get("targets", [])} | set(people.vs["name"])
    names = {i: d["caption"] for i, d in describe(view, sorted(ids)).items()}
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
    pdf.text(f"Netwerk: {len(graph.nodes)} entiteiten, {len(graph.edges)} verbindingen; "
             f"persoonsnetwerk {people.vcount()} personen, {people.ecount()} banden.")
    pdf.heading("Het netwerk")
    pdf.image(io.BytesIO(network_picture(people, names)), w=180)
    pdf.text("Personen met een rol en hun directe contacten; kleur = rol (legenda linksonder).")
    pdf.heading("Rollen en redenen")
    pdf.rows(("Wie", "Rol", "Score", "Waarom"),
             [(names.get(r["id"], r["id"]), r["role"].replace("_", " "), f"{r['score']:.2f}",
               r["explanation"]["text"]) for r in roles[:40]] or [("—", "", "", "geen persoonsnetwerk")],
             (40, 28, 14, 98))
    pdf.heading("Witwasalerts")
    pdf.rows(("Typologie", "Wie", "Bedrag", "Periode", "Toelichting"),
             [(a["typology"], ", ".join(names.get(e, e) for e in a.get("entity_ids", [])[:4]),
               money(a.get("amount"), locale=locale),
               f"{day(a.get('start'), locale=locale)} – {day(a.get('end'), locale=locale)}",
               _named(a.get("explanation", ""), a.get("account_ids", []), names))
              for a in alerts[:30]] or [("—", "", "", "", "geen alerts")],
             (24, 40, 22, 30, 64))
    pdf.heading("Interventieplan (advies)")
    if plan is None:
        pdf.text("Geen persoonsnetwerk om een plan op te maken.")
    else:
        pdf.text(f"Doel: {plan['objective']}; {REPORT_PLAN.runs} Monte-Carlo-runs per pakket "
                 "(het What-if-tabblad rekent met meer).")
        pdf.rows(("#", "Wie", "Rol", "Partner", "Interventie", "Redenen"),
                 [(str(t["rank"]), names.get(t["id"], t["id"]), (t["role"] or "").replace("_", " "),
                   t["partner"], t["instrument"], "; ".join(t["reasons"])) for t in plan["targets"]],
                 (8, 36, 24, 24, 38, 50))
    return bytes(pdf.output())
