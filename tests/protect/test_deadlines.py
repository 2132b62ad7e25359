"""Every deadline rule: overdue, coming within the horizon, silent beyond it and once met."""

from __future__ import annotations

from datetime import date, timedelta

from offensief.protect import register as reg
from offensief.protect.deadlines import NORMS, Norms, due, due_items
from tests.protect.conftest import reported, subject, to_state

D = date(2026, 5, 1)


def rules(s, today):
    return [(i.rule, i.status) for i in due_items(s, today=today)]


def test_ird_after_report(session) -> None:
    s = subject(session)
    reported(session, s, on=D)
    assert rules(s, D + timedelta(days=3)) == [("ird_after_report", "due")]
    assert rules(s, D + timedelta(days=4)) == [("ird_after_report", "overdue")]
    assert due_items(s, today=D + timedelta(days=4))[0].days == 1
    assert rules(s, D - timedelta(days=30)) == []  # beyond the horizon
    reg.add_product(session, s, kind="ird", author_org="politie", issued_on=D + timedelta(days=5),
                    conclusion="concrete", by="t")
    assert rules(s, D + timedelta(days=6)) == []


def test_requested_product(session) -> None:
    s = subject(session)
    reported(session, s, on=D)
    p = reg.add_product(session, s, kind="ird", author_org="politie", issued_on=D,
                        conclusion="concrete", requests="di", by="t")
    assert p.requested_due == D + timedelta(days=NORMS.product_days["di"])
    assert rules(s, D + timedelta(days=8)) == [("requested_product", "overdue")]
    reg.add_product(session, s, kind="di", author_org="politie", issued_on=D + timedelta(days=9),
                    conclusion="conceivable", by="t")
    assert rules(s, D + timedelta(days=10)) == []


def test_review_due_overdue_and_missing(session) -> None:
    s = to_state(session, subject(session), "protected")
    review = s.reviews[0]
    assert review.due_on == date(2026, 5, 4) + timedelta(days=NORMS.review_days)
    assert rules(s, review.due_on - timedelta(days=14)) == [("review", "due")]
    assert rules(s, review.due_on - timedelta(days=15)) == []
    assert rules(s, review.due_on + timedelta(days=1)) == [("review", "overdue")]
    reg.hold_review(session, s, review.id, done_on=review.due_on, outcome="continue")
    assert rules(s, review.due_on + timedelta(days=1)) == [("review_missing", "overdue")]
    reg.plan_review(session, s, due_on=review.due_on + timedelta(days=60))
    assert rules(s, review.due_on + timedelta(days=1)) == []


def test_measure_past_its_planned_end(session) -> None:
    s = to_state(session, subject(session), "protected")
    m = reg.add_measure(session, s, description="escort", level=4, unit="dkdb",
                        start_on=date(2026, 5, 10), planned_end=date(2026, 5, 20), by="t")
    assert ("measure_past_end", "overdue") in rules(s, date(2026, 5, 21))
    assert ("measure_past_end", "overdue") not in rules(s, date(2026, 5, 19))  # not flagged early
    reg.end_measure(session, s, m.id, end_on=date(2026, 5, 20), reason="ended as planned")
    assert ("measure_past_end", "overdue") not in rules(s, date(2026, 5, 21))


def test_closed_records_have_no_deadlines_and_order(session) -> None:
    closed = to_state(session, subject(session, name="a"), "closed")
    assert rules(closed, date(2027, 1, 1)) == []
    late = subject(session, name="b")
    reported(session, late, on=D)
    soon = subject(session, name="c")
    reported(session, soon, on=D + timedelta(days=10))
    items = due([closed, soon, late], today=D + timedelta(days=12))
    assert [(i.subject, i.status) for i in items] == [("b", "overdue"), ("c", "due")]


def test_norms_are_parameters(session) -> None:
    s = subject(session)
    reported(session, s, on=D)
    strict = Norms(product_days={"ird": 1, "di": 7, "da": 14, "ra": 28})
    assert [i.status for i in due_items(s, today=D + timedelta(days=2), norms=strict)] == ["overdue"]
