"""Deadline rules: overdue and coming products, re-evaluations and measures.

The norms are parameters with a meaning in the work (lead times a unit agrees with its
authority), not fitted numbers: an IRD within 3 days of a threat report, a requested DI
within 7 days, a DA within 14, an RA within 28; measures are re-evaluated at least every
90 days; "coming" means due within 14 days.

Rules (each item names its rule):

* ``ird_after_report`` — a threat report without an IRD issued on or after its date;
* ``requested_product`` — a product a DI/IRD/DA requested that has not been delivered;
* ``review`` — a planned re-evaluation not yet held;
* ``review_missing`` — measures run but no re-evaluation is planned;
* ``measure_past_end`` — a measure whose planned end has passed but that was not ended.

Closed records have no deadlines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from offensief.db.protect import ProtectSubject


@dataclass(frozen=True)
class Norms:
    """Lead times in days."""

    product_days: dict[str, int] = field(default_factory=lambda: {
        "ird": 3, "di": 7, "da": 14, "ra": 28})
    review_days: int = 90
    horizon_days: int = 14


NORMS = Norms()


@dataclass(frozen=True)
class DueItem:
    """One deadline of one record: ``status`` is ``overdue`` or ``due`` (within the horizon)."""

    subject_id: int
    subject: str
    unit_partner: str
    rule: str
    what: str
    due_on: date | None
    status: str
    days: int | None  # days overdue (positive) or left (negative); None when undated

    def to_dict(self) -> dict[str, Any]:
        row = asdict(self)
        row["due_on"] = self.due_on.isoformat() if self.due_on else None
        return row


def _item(s: ProtectSubject, rule: str, what: str, due_on: date | None, today: date,
          horizon: int) -> DueItem | None:
    if due_on is None:
        return DueItem(s.id, s.name, s.unit_partner, rule, what, None, "overdue", None)
    late = (today - due_on).days
    if late > 0:
        return DueItem(s.id, s.name, s.unit_partner, rule, what, due_on, "overdue", late)
    if -late <= horizon:
        return DueItem(s.id, s.name, s.unit_partner, rule, what, due_on, "due", late)
    return None


def due_items(subject: ProtectSubject, *, today: date, norms: Norms = NORMS) -> list[DueItem]:
    """The deadlines of one record that are overdue or coming within the horizon."""
    if subject.state == "closed":
        return []
    found: list[DueItem | None] = []
    horizon = norms.horizon_days
    irds = [p.issued_on for p in subject.products if p.kind == "ird"]
    for report in subject.reports:
        if not any(d >= report.reported_on for d in irds):
            due = report.reported_on + timedelta(days=norms.product_days["ird"])
            found.append(_item(subject, "ird_after_report",
                               f"IRD on the report of {report.reported_on} ({report.source})",
                               due, today, horizon))
    for product in subject.products:
        if product.requests is None:
            continue
        delivered = any(p.kind == product.requests and p.issued_on >= product.issued_on
                        for p in subject.products)
        if not delivered:
            found.append(_item(subject, "requested_product",
                               f"{product.requests.upper()} requested by the {product.kind.upper()} "
                               f"of {product.issued_on}", product.requested_due, today, horizon))
    open_reviews = [r for r in subject.reviews if r.done_on is None]
    for review in open_reviews:
        found.append(_item(subject, "review", "re-evaluation", review.due_on, today, horizon))
    running = [m for m in subject.measures if m.end_on is None]
    if running and not open_reviews:
        found.append(_item(subject, "review_missing",
                           f"{len(running)} measure(s) run without a planned re-evaluation",
                           None, today, horizon))
    for m in running:
        if m.planned_end is not None:
            item = _item(subject, "measure_past_end", f"measure {m.id} ({m.description}) planned "
                         f"to end", m.planned_end, today, horizon)
            if item is not None and item.status == "overdue":
                found.append(item)
    return [i for i in found if i is not None]


def due(subjects: Iterable[ProtectSubject], *, today: date, norms: Norms = NORMS) -> list[DueItem]:
    """Every record's deadlines, overdue first (most late first), then coming (soonest first)."""
    items = [i for s in subjects for i in due_items(s, today=today, norms=norms)]
    return sorted(items, key=lambda i: (i.status != "overdue", -(i.days if i.days is not None
                                                                  else 10**6), i.subject_id))
