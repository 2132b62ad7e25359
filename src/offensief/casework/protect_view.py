"""The shapes of the register the front ends show: a row per record and a full record with
its product chain. Built only after the compartment check (:mod:`offensief.casework.protect`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from offensief.cases.service import case_ref
from offensief.casework.caller import Caller
from offensief.db.cases import Case
from offensief.db.protect import ProtectSubject, ProtectThreatener
from offensief.protect.deadlines import due_items
from offensief.protect.overview import level_label
from offensief.protect.retention import retain_until
from offensief.protect.vocabulary import MEASURE_LEVELS, PRODUCT_TITLES, PRODUCTS
from offensief.protect.workflow import allowed_moves, sides_of


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def subject_row(s: ProtectSubject, *, today: date) -> dict[str, Any]:
    """One line of the register."""
    items = due_items(s, today=today)
    return {"id": s.id, "name": s.name, "kind": s.kind, "profession": s.profession,
            "region": s.region, "domain": s.domain, "authority": s.authority,
            "unit_partner": s.unit_partner, "authority_partner": s.authority_partner,
            "state": s.state, "threat_level": s.threat_level, "level": level_label(s.threat_level),
            "active_measures": sum(1 for m in s.measures if m.end_on is None),
            "overdue": sum(1 for i in items if i.status == "overdue"),
            "due": sum(1 for i in items if i.status == "due"),
            "unseen_signals": sum(1 for g in s.signals if g.seen_at is None)}


def _threatener(caller: Caller, t: ProtectThreatener) -> dict[str, Any]:
    """A threatener; the linked case is named only to its members."""
    case_label = None
    if t.case_id is not None:
        case = caller.session().get(Case, t.case_id)
        member = case is not None and caller.can("read_pseudonymised", case=case_ref(case)).allowed
        case_label = case.name if member and case is not None else f"case {t.case_id} (not yours)"
    return {"id": t.id, "name": t.name, "entity_id": t.entity_id, "case_id": t.case_id,
            "case": case_label, "report_id": t.report_id, "checked_at": _iso(t.checked_at)}


def chain(s: ProtectSubject) -> list[dict[str, Any]]:
    """The product chain in date order (reports are its meldingen), each link with its rank
    in the circulaire's order."""
    links = [{"kind": "melding", "title": PRODUCT_TITLES["melding"], "rank": 0, "id": r.id,
              "date": r.reported_on.isoformat(), "author_org": r.source,
              "conclusion": r.classification, "threat_level": None, "decision": r.summary,
              "requests": "ird"} for r in s.reports]
    links += [{"kind": p.kind, "title": PRODUCT_TITLES[p.kind], "rank": PRODUCTS.index(p.kind),
               "id": p.id, "date": p.issued_on.isoformat(), "author_org": p.author_org,
               "conclusion": p.conclusion, "threat_level": p.threat_level,
               "decision": p.decision, "requests": p.requests,
               "requested_due": _iso(p.requested_due)} for p in s.products]
    return sorted(links, key=lambda link: (link["date"], link["rank"], link["id"]))


def record_view(caller: Caller, s: ProtectSubject, *, rule: str, today: date) -> dict[str, Any]:
    """The whole record as the caller may see it."""
    partner = caller.actor.partner
    return {
        **subject_row(s, today=today),
        "birth_date": _iso(s.birth_date), "address": s.address, "phone": s.phone,
        "created_at": _iso(s.created_at), "created_by": s.created_by,
        "closed_on": _iso(s.closed_on), "closure_reason": s.closure_reason,
        "retain_until": _iso(retain_until(s.closed_on)) if s.closed_on else None,
        "access": rule, "sides": sorted(sides_of(partner, s)),
        "moves_allowed": allowed_moves(s, partner),
        "reports": [{"id": r.id, "source": r.source, "reported_on": r.reported_on.isoformat(),
                     "classification": r.classification, "summary": r.summary} for r in s.reports],
        "threateners": [_threatener(caller, t) for t in s.threateners],
        "chain": chain(s),
        "measures": [{"id": m.id, "description": m.description, "level": m.level,
                      "level_label": MEASURE_LEVELS.get(m.level, ""), "unit": m.unit,
                      "start_on": m.start_on.isoformat(), "planned_end": _iso(m.planned_end),
                      "end_on": _iso(m.end_on), "end_reason": m.end_reason} for m in s.measures],
        "reviews": [{"id": r.id, "due_on": r.due_on.isoformat(), "done_on": _iso(r.done_on),
                     "outcome": r.outcome} for r in s.reviews],
        "contacts": [{"id": c.id, "at": _iso(c.at), "channel": c.channel, "note": c.note,
                      "by": c.by} for c in s.contacts],
        "history": [{"at": _iso(m.at), "from": m.from_state, "to": m.to_state, "by": m.by,
                     "side": m.side, "reason": m.reason} for m in s.moves],
        "signals": [{"id": g.id, "kind": g.kind, "at": _iso(g.at), "threatener_id": g.threatener_id,
                     "what": g.what, "seen": g.seen_at is not None} for g in s.signals],
        "deadlines": [i.to_dict() for i in due_items(s, today=today)],
    }
