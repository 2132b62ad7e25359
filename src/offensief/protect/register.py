"""Writing the register: subjects, reports with threateners, products, measures, reviews,
contacts and workflow moves. Plain functions on a session; access is decided by the caller
(:mod:`offensief.casework.protect`), the rules of the record itself are enforced here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.db.actors import Partner
from offensief.db.cases import Case
from offensief.db.protect import (
    ProtectContact,
    ProtectMeasure,
    ProtectMove,
    ProtectProduct,
    ProtectReport,
    ProtectReview,
    ProtectSubject,
    ProtectThreatener,
)
from offensief.model.errors import Conflict, InputError, NotFound
from offensief.protect import vocabulary as v
from offensief.protect.deadlines import NORMS, Norms
from offensief.protect.workflow import Transition, active_measures, check_move, sides_of


@dataclass(frozen=True)
class SubjectInput:
    """What registering a subject needs."""

    name: str
    kind: str
    profession: str
    region: str
    unit_partner: str
    authority_partner: str
    domain: str = "decentral"
    authority: str | None = None
    birth_date: date | None = None
    address: str | None = None
    phone: str | None = None


def _partner(session: Session, name: str, *, field: str) -> str:
    if session.scalar(select(Partner).where(Partner.name == name)) is None:
        raise InputError(f"unknown partner {name!r}", field=field)
    return name


def add_subject(session: Session, data: SubjectInput, *, by: str) -> ProtectSubject:
    """Register a subject; the authority follows from domain and kind unless given (and
    must then agree with them)."""
    if not data.name.strip():
        raise InputError("a subject needs a name", field="name")
    v.check(data.kind, v.SUBJECT_KINDS, field="kind")
    v.check(data.profession, v.PROFESSIONS, field="profession")
    v.check(data.domain, v.DOMAINS, field="domain")
    expected = v.AUTHORITY_FOR[(data.domain, data.kind)]
    authority = data.authority or expected
    v.check(authority, v.AUTHORITIES, field="authority")
    if authority != expected:
        raise InputError(f"in the {data.domain} domain a {data.kind} falls under {expected}, "
                         f"not {authority}", field="authority")
    if not data.region.strip():
        raise InputError("a subject needs a region", field="region")
    subject = ProtectSubject(
        kind=data.kind, name=data.name.strip(), profession=data.profession,
        birth_date=data.birth_date, address=data.address, phone=data.phone,
        region=data.region.strip(), domain=data.domain, authority=authority,
        authority_partner=_partner(session, data.authority_partner, field="authority_partner"),
        unit_partner=_partner(session, data.unit_partner, field="unit_partner"),
        state="registered", created_by=by)
    session.add(subject)
    session.flush()
    return subject


def get_subject(session: Session, subject_id: int) -> ProtectSubject:
    subject = session.get(ProtectSubject, subject_id)
    if subject is None:
        raise NotFound(f"no protection record {subject_id}", subject=subject_id)
    return subject


def _open(subject: ProtectSubject) -> None:
    if subject.state == "closed":
        raise Conflict(f"record {subject.id} is closed; a new threat report reopens it",
                       state="closed")


@dataclass(frozen=True)
class ThreatenerInput:
    """Who threatens, as the report names them; ``entity_id`` links a store entity."""

    name: str
    entity_id: str | None = None
    case_id: int | None = None


def add_report(session: Session, subject: ProtectSubject, *, source: str, reported_on: date,
               classification: str, summary: str = "", threateners: Sequence[ThreatenerInput] = (),
               by: str) -> ProtectReport:
    """Record a threat report (dreigingsmelding) and the threateners it names. A report on a
    closed record is allowed: it is the new threat that reopens it."""
    if not source.strip():
        raise InputError("a report needs its source", field="source")
    if not classification.strip():
        raise InputError("a report needs a classification", field="classification")
    report = ProtectReport(subject=subject, source=source.strip(), reported_on=reported_on,
                           classification=classification.strip(), summary=summary, created_by=by)
    session.add(report)
    session.flush()
    for t in threateners:
        add_threatener(session, subject, t, report=report)
    return report


def add_threatener(session: Session, subject: ProtectSubject, data: ThreatenerInput, *,
                   report: ProtectReport | None = None) -> ProtectThreatener:
    """Link a threatener to the record (their activity is watched from now on)."""
    if not data.name.strip():
        raise InputError("a threatener needs a name (as reported)", field="threatener")
    if data.case_id is not None and session.get(Case, data.case_id) is None:
        raise InputError(f"unknown case {data.case_id}", field="case_id")
    row = ProtectThreatener(subject=subject, report_id=report.id if report else None,
                            name=data.name.strip(), entity_id=data.entity_id or None,
                            case_id=data.case_id)
    session.add(row)
    session.flush()
    return row


def add_product(session: Session, subject: ProtectSubject, *, kind: str, author_org: str,
                issued_on: date, conclusion: str, threat_level: int | None = None,
                decision: str = "", requests: str | None = None,
                requested_due: date | None = None, by: str,
                norms: Norms = NORMS) -> ProtectProduct:
    """Add an information product. The chain is kept: an IRD needs a melding, a DI an IRD,
    a DA a DI, an RA a DA, each dated no later than the new product. ``requests`` asks for a
    later product, due ``requested_due`` (default: the norm for that kind)."""
    _open(subject)
    if kind == "melding":
        raise InputError("a melding is recorded as a threat report (protect report add)",
                         field="kind")
    v.check(kind, v.PRODUCTS, field="kind")
    v.check(conclusion, v.CONCLUSIONS, field="conclusion")
    v.check_level(threat_level, v.THREAT_LEVELS, field="threat_level")
    if not author_org.strip():
        raise InputError("a product needs its author organisation", field="author_org")
    previous = v.PRODUCTS[v.PRODUCTS.index(kind) - 1]
    earlier = ([r.reported_on for r in subject.reports] if previous == "melding"
               else [p.issued_on for p in subject.products if p.kind == previous])
    if not any(d <= issued_on for d in earlier):
        raise Conflict(f"a {kind.upper()} follows a {previous.upper() if previous != 'melding' else 'melding'}"
                       f" dated on or before {issued_on}; the record has none", kind=kind)
    if kind in ("di", "da", "ra") and conclusion == "none":
        raise InputError(f"a {kind.upper()} concludes concrete or conceivable", field="conclusion")
    if requests is not None:
        v.check(requests, v.PRODUCTS, field="requests")
        if v.PRODUCTS.index(requests) <= v.PRODUCTS.index(kind):
            raise InputError(f"a {kind.upper()} can only request a later product", field="requests")
        requested_due = requested_due or issued_on + timedelta(days=norms.product_days[requests])
    elif requested_due is not None:
        raise InputError("a due date needs a requested product", field="requested_due")
    product = ProtectProduct(subject=subject, kind=kind, author_org=author_org.strip(),
                             issued_on=issued_on, conclusion=conclusion, threat_level=threat_level,
                             decision=decision.strip(), requests=requests,
                             requested_due=requested_due, created_by=by)
    session.add(product)
    if threat_level is not None:
        subject.threat_level = threat_level
    session.flush()
    return product


def add_measure(session: Session, subject: ProtectSubject, *, description: str, level: int,
                unit: str, start_on: date, planned_end: date | None = None, by: str,
                norms: Norms = NORMS) -> ProtectMeasure:
    """Add a decided measure. Only after a decision (state decided or protected). When no
    re-evaluation is planned, one is planned at the norm's interval from the start."""
    _open(subject)
    if subject.state not in ("decided", "protected"):
        raise Conflict(f"measures follow the authority's decision; record {subject.id} is "
                       f"{subject.state}", state=subject.state)
    if not description.strip():
        raise InputError("a measure needs a description", field="description")
    v.check_level(level, v.MEASURE_LEVELS, field="level")
    v.check(unit, v.UNITS, field="unit")
    if planned_end is not None and planned_end < start_on:
        raise InputError("a measure cannot end before it starts", field="planned_end")
    measure = ProtectMeasure(subject=subject, description=description.strip(), level=level,
                             unit=unit, start_on=start_on, planned_end=planned_end, created_by=by)
    session.add(measure)
    if not any(r.done_on is None for r in subject.reviews):
        session.add(ProtectReview(subject=subject,
                                  due_on=start_on + timedelta(days=norms.review_days)))
    session.flush()
    return measure


def end_measure(session: Session, subject: ProtectSubject, measure_id: int, *, end_on: date,
                reason: str) -> ProtectMeasure:
    """End a running measure."""
    measure = next((m for m in subject.measures if m.id == measure_id), None)
    if measure is None:
        raise NotFound(f"record {subject.id} has no measure {measure_id}", measure=measure_id)
    if measure.end_on is not None:
        raise Conflict(f"measure {measure_id} ended on {measure.end_on}", measure=measure_id)
    if end_on < measure.start_on:
        raise InputError("a measure cannot end before it starts", field="end_on")
    if not reason.strip():
        raise InputError("say why the measure ends", field="reason")
    measure.end_on, measure.end_reason = end_on, reason.strip()
    session.flush()
    return measure


def plan_review(session: Session, subject: ProtectSubject, *, due_on: date) -> ProtectReview:
    """Plan a re-evaluation."""
    _open(subject)
    review = ProtectReview(subject=subject, due_on=due_on)
    session.add(review)
    session.flush()
    return review


def hold_review(session: Session, subject: ProtectSubject, review_id: int, *, done_on: date,
                outcome: str, next_due: date | None = None) -> ProtectReview:
    """Record a held re-evaluation; ``next_due`` plans the next one."""
    review = next((r for r in subject.reviews if r.id == review_id), None)
    if review is None:
        raise NotFound(f"record {subject.id} has no review {review_id}", review=review_id)
    if review.done_on is not None:
        raise Conflict(f"review {review_id} was held on {review.done_on}", review=review_id)
    if not outcome.strip():
        raise InputError("a re-evaluation needs its outcome", field="outcome")
    if next_due is not None and next_due <= done_on:
        raise InputError("the next re-evaluation lies after this one", field="next_due")
    review.done_on, review.outcome = done_on, outcome.strip()
    if next_due is not None:
        session.add(ProtectReview(subject=subject, due_on=next_due))
    session.flush()
    return review


def add_contact(session: Session, subject: ProtectSubject, *, channel: str, note: str,
                by: str) -> ProtectContact:
    """Log a contact with the protected person."""
    if not note.strip():
        raise InputError("a contact needs a note", field="note")
    contact = ProtectContact(subject=subject, channel=channel.strip() or "other", note=note.strip(),
                             by=by)
    session.add(contact)
    session.flush()
    return contact


def move(session: Session, subject: ProtectSubject, to: str, *, partner: str, by: str,
         reason: str = "", today: date | None = None) -> Transition:
    """Move the record to ``to`` (see :mod:`offensief.protect.workflow`); closing records the
    closure date (the start of the retention clock) and reason."""
    transition = check_move(subject, to, partner=partner)
    if to == "closed" and not reason.strip():
        raise InputError("say why the record closes", field="reason")
    sides = "+".join(sorted(transition.sides & sides_of(partner, subject)))
    session.add(ProtectMove(subject=subject, from_state=subject.state, to_state=to, by=by,
                            side=sides, reason=reason.strip()))
    subject.state = to
    if to == "closed":
        subject.closed_on, subject.closure_reason = today or date.today(), reason.strip()
    elif subject.closed_on is not None:
        subject.closed_on = subject.closure_reason = None
    session.flush()
    return transition


__all__ = ["SubjectInput", "ThreatenerInput", "active_measures", "add_contact", "add_measure",
           "add_product", "add_report", "add_subject", "add_threatener", "end_measure",
           "get_subject", "hold_review", "move", "plan_review"]
