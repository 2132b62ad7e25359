"""The protection register for callers: every read and write goes through the compartment.

Each function takes the :class:`Caller` first. The role gate is :meth:`Caller.allow`
(``protect_read`` / ``protect_write``; a denial is audited and raised); the record gate is
the compartment (:mod:`offensief.protect.compartment`): a record outside it is reported as
"not in your compartment" — the same answer whether or not it exists — and the attempt is
audited as a denial. Every read names the records it showed in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.access import audit
from offensief.casework.caller import Caller
from offensief.casework.protect_view import record_view, subject_row
from offensief.db.protect import ProtectSubject
from offensief.model.errors import PermissionDenied
from offensief.protect import register as reg
from offensief.protect import retention
from offensief.protect.compartment import compartment_rule
from offensief.protect.deadlines import DueItem, due
from offensief.protect.overview import Overview, chart, overview
from offensief.protect.workflow import sides_of


def _all(caller: Caller) -> list[ProtectSubject]:
    return list(caller.session().scalars(select(ProtectSubject).order_by(ProtectSubject.id)))


def visible(caller: Caller) -> list[ProtectSubject]:
    """The records inside the caller's compartment (no audit: callers audit what they show)."""
    return [s for s in _all(caller) if compartment_rule(caller.actor, s) is not None]


def open_subject(caller: Caller, subject_id: int, *, action: str = "protect_read",
                 op: str = "show") -> tuple[ProtectSubject, str]:
    """The record and the compartment rule, after the role gate; audits the access (or the
    denial) as ``action`` with the record id and the operation."""
    caller.allow(action, what={"subject": subject_id, "op": op}, audit_as="")
    subject = caller.session().get(ProtectSubject, subject_id)
    rule = compartment_rule(caller.actor, subject) if subject is not None else None
    if subject is None or rule is None:
        caller.audit("denied", what={"action": action, "subject": subject_id, "op": op,
                                     "rule": "protect compartment"})
        raise PermissionDenied(f"record {subject_id} is not in your compartment",
                               action=action, rule="protect compartment")
    caller.audit(action, what={"subject": subject_id, "op": op, "rule": rule})
    return subject, rule


def list_subjects(caller: Caller) -> list[dict[str, Any]]:
    """The caller's register: one row per record in their compartment."""
    caller.allow("protect_read", what={"view": "list"}, audit_as="")
    rows = visible(caller)
    caller.audit("protect_read", what={"view": "list", "subjects": [s.id for s in rows]})
    today = date.today()
    return [subject_row(s, today=today) for s in rows]


def show_subject(caller: Caller, subject_id: int, *, today: date | None = None) -> dict[str, Any]:
    """One record in full: subject, reports and threateners, the product chain, measures,
    re-evaluations, contacts, workflow (with the moves open to the caller), signals, deadlines."""
    subject, rule = open_subject(caller, subject_id)
    return record_view(caller, subject, rule=rule, today=today or date.today())


def add_subject(caller: Caller, data: reg.SubjectInput) -> dict[str, Any]:
    """Register a subject; the caller's partner must be its unit or its authority."""
    caller.allow("protect_write", what={"op": "subject_add"}, audit_as="")
    if caller.actor.partner not in (data.unit_partner, data.authority_partner):
        caller.audit("denied", what={"action": "protect_write", "op": "subject_add",
                                     "rule": "protect compartment"})
        raise PermissionDenied("you can only register a record for your own unit or authority",
                               action="protect_write", rule="protect compartment")
    subject = reg.add_subject(caller.session(), data, by=caller.actor.username)
    caller.audit("protect_write", what={"subject": subject.id, "op": "subject_add"})
    return subject_row(subject, today=date.today())


def _write(caller: Caller, subject_id: int, op: str) -> ProtectSubject:
    subject, _ = open_subject(caller, subject_id, action="protect_write", op=op)
    return subject


def add_report(caller: Caller, subject_id: int, *, source: str, reported_on: date,
               classification: str, summary: str = "",
               threateners: list[reg.ThreatenerInput] | None = None) -> dict[str, Any]:
    """Record a threat report with the threateners it names."""
    subject = _write(caller, subject_id, "report_add")
    report = reg.add_report(caller.session(), subject, source=source, reported_on=reported_on,
                            classification=classification, summary=summary,
                            threateners=threateners or [], by=caller.actor.username)
    return {"subject": subject.id, "report": report.id,
            "threateners": [t.id for t in subject.threateners if t.report_id == report.id]}


def add_product(caller: Caller, subject_id: int, **options: Any) -> dict[str, Any]:
    """Add an information product (see :func:`offensief.protect.register.add_product`)."""
    subject = _write(caller, subject_id, "product_add")
    product = reg.add_product(caller.session(), subject, by=caller.actor.username, **options)
    return {"subject": subject.id, "product": product.id, "kind": product.kind,
            "requested_due": product.requested_due.isoformat() if product.requested_due else None}


def add_measure(caller: Caller, subject_id: int, **options: Any) -> dict[str, Any]:
    """Add a decided measure (plans a re-evaluation when none is planned)."""
    subject = _write(caller, subject_id, "measure_add")
    measure = reg.add_measure(caller.session(), subject, by=caller.actor.username, **options)
    return {"subject": subject.id, "measure": measure.id,
            "reviews": [r.due_on.isoformat() for r in subject.reviews if r.done_on is None]}


def end_measure(caller: Caller, subject_id: int, measure_id: int, *, end_on: date,
                reason: str) -> dict[str, Any]:
    subject = _write(caller, subject_id, "measure_end")
    m = reg.end_measure(caller.session(), subject, measure_id, end_on=end_on, reason=reason)
    return {"subject": subject.id, "measure": m.id, "end_on": m.end_on.isoformat() if m.end_on else None}


def add_contact(caller: Caller, subject_id: int, *, channel: str, note: str) -> dict[str, Any]:
    subject = _write(caller, subject_id, "contact_add")
    c = reg.add_contact(caller.session(), subject, channel=channel, note=note,
                        by=caller.actor.username)
    return {"subject": subject.id, "contact": c.id}


def plan_review(caller: Caller, subject_id: int, *, due_on: date) -> dict[str, Any]:
    subject = _write(caller, subject_id, "review_plan")
    r = reg.plan_review(caller.session(), subject, due_on=due_on)
    return {"subject": subject.id, "review": r.id, "due_on": r.due_on.isoformat()}


def hold_review(caller: Caller, subject_id: int, review_id: int, *, done_on: date, outcome: str,
                next_due: date | None = None) -> dict[str, Any]:
    subject = _write(caller, subject_id, "review_hold")
    r = reg.hold_review(caller.session(), subject, review_id, done_on=done_on, outcome=outcome,
                        next_due=next_due)
    return {"subject": subject.id, "review": r.id}


def move(caller: Caller, subject_id: int, to: str, *, reason: str = "",
         today: date | None = None) -> dict[str, Any]:
    """Move the record's workflow state (the side the caller holds must be allowed)."""
    subject = _write(caller, subject_id, f"move:{to}")
    before = subject.state
    try:
        reg.move(caller.session(), subject, to, partner=caller.actor.partner,
                 by=caller.actor.username, reason=reason, today=today)
    except PermissionDenied as exc:
        caller.audit("denied", what={"action": "protect_write", "subject": subject_id,
                                     "op": f"move:{to}", "rule": exc.details.get("rule")})
        raise
    return {"subject": subject.id, "from": before, "to": subject.state,
            "sides": sorted(sides_of(caller.actor.partner, subject))}


@dataclass(frozen=True)
class DueList:
    """Deadlines of the caller's records."""

    today: date
    items: list[DueItem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"today": self.today.isoformat(), "overdue": sum(i.status == "overdue" for i in self.items),
                "due": sum(i.status == "due" for i in self.items),
                "items": [i.to_dict() for i in self.items]}


def due_list(caller: Caller, *, today: date | None = None) -> DueList:
    """Overdue and coming products, re-evaluations and measures of the caller's records."""
    caller.allow("protect_read", what={"view": "due"}, audit_as="")
    rows = visible(caller)
    day = today or date.today()
    items = due(rows, today=day)
    caller.audit("protect_read", what={"view": "due", "subjects": sorted({i.subject_id for i in items})})
    return DueList(day, items)


def caseload(caller: Caller) -> tuple[Overview, dict[str, Any]]:
    """The national caseload overview (aggregates of every record, no names or ids; small
    cells from other compartments suppressed) and its chart. Any protection officer may see
    it; no other role."""
    caller.allow("protect_read", what={"view": "overview"})
    everything = _all(caller)
    own = {s.id for s in everything if compartment_rule(caller.actor, s) is not None}
    data = overview(everything, own=own)
    return data, chart(data)


def purge_expired(session: Session, *, today: date | None = None) -> list[int]:
    """Remove the records whose retention ended (see :mod:`offensief.protect.retention`),
    as the ``system`` actor; the audit entry names the removed ids, never their content."""
    gone = retention.purge(session, today=today or date.today())
    audit.record(session, actor=None, action="protect_purge",
                 what={"subjects": gone, "rule": f"Wpg: {retention.RETENTION_YEARS} years "
                                                 "after closure"})
    return gone
