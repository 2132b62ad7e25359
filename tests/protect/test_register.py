"""The record's own rules: vocabulary, the product chain, measures after a decision,
closed records, and retention under the Wpg."""

from __future__ import annotations

import doctest
from datetime import date

import pytest

from offensief.db.protect import ProtectContact, ProtectSubject
from offensief.model.errors import Conflict, InputError, NotFound
from offensief.protect import register as reg
from offensief.protect import retention, vocabulary
from tests.protect.conftest import reported, subject, to_state


def test_subject_vocabulary_and_authority(session) -> None:
    base = {"name": "x", "kind": "person", "profession": "lawyer", "region": "R",
            "unit_partner": "politie", "authority_partner": "om"}
    with pytest.raises(InputError, match="unknown profession"):
        reg.add_subject(session, reg.SubjectInput(**{**base, "profession": "plumber"}), by="t")
    with pytest.raises(InputError, match="falls under hovj"):
        reg.add_subject(session, reg.SubjectInput(**base, authority="mayor"), by="t")
    with pytest.raises(InputError, match="unknown partner"):
        reg.add_subject(session, reg.SubjectInput(**{**base, "unit_partner": "nobody"}), by="t")
    town_hall = reg.add_subject(session, reg.SubjectInput(**{**base, "kind": "object",
                                                             "authority_partner": "gemeente"}), by="t")
    assert town_hall.authority == "mayor"
    rijk = reg.add_subject(session, reg.SubjectInput(**{**base, "domain": "rijk"}), by="t")
    assert rijk.authority == "cbb"


def test_the_chain_keeps_its_order(session) -> None:
    s = subject(session)
    with pytest.raises(Conflict, match="IRD follows a melding"):
        reg.add_product(session, s, kind="ird", author_org="politie", issued_on=date(2026, 5, 1),
                        conclusion="concrete", by="t")
    reported(session, s, on=date(2026, 5, 2))
    with pytest.raises(Conflict, match="dated on or before 2026-05-01"):
        reg.add_product(session, s, kind="ird", author_org="politie", issued_on=date(2026, 5, 1),
                        conclusion="concrete", by="t")
    with pytest.raises(Conflict, match="DA follows a DI"):
        reg.add_product(session, s, kind="da", author_org="nctv", issued_on=date(2026, 5, 3),
                        conclusion="concrete", by="t")
    with pytest.raises(InputError, match="recorded as a threat report"):
        reg.add_product(session, s, kind="melding", author_org="x", issued_on=date(2026, 5, 3),
                        conclusion="none", by="t")
    reg.add_product(session, s, kind="ird", author_org="politie", issued_on=date(2026, 5, 3),
                    conclusion="concrete", by="t")
    with pytest.raises(InputError, match="concrete or conceivable"):
        reg.add_product(session, s, kind="di", author_org="politie", issued_on=date(2026, 5, 4),
                        conclusion="none", by="t")
    with pytest.raises(InputError, match="only request a later"):
        reg.add_product(session, s, kind="di", author_org="politie", issued_on=date(2026, 5, 4),
                        conclusion="concrete", requests="ird", by="t")
    with pytest.raises(InputError, match="threat_level"):
        reg.add_product(session, s, kind="di", author_org="politie", issued_on=date(2026, 5, 4),
                        conclusion="concrete", threat_level=7, by="t")
    for kind in ("di", "da", "ra"):
        reg.add_product(session, s, kind=kind, author_org="aivd" if kind != "di" else "politie",
                        issued_on=date(2026, 5, 5), conclusion="concrete", threat_level=3, by="t")
    assert [p.kind for p in s.products] == ["ird", "di", "da", "ra"] and s.threat_level == 3


def test_measures_follow_a_decision(session) -> None:
    s = to_state(session, subject(session), "assessing")
    with pytest.raises(Conflict, match="follow the authority's decision"):
        reg.add_measure(session, s, description="x", level=2, unit="politie",
                        start_on=date(2026, 5, 5), by="t")
    s = to_state(session, subject(session, name="b"), "decided")
    with pytest.raises(InputError, match="unknown unit"):
        reg.add_measure(session, s, description="x", level=2, unit="leger",
                        start_on=date(2026, 5, 5), by="t")
    m = reg.add_measure(session, s, description="x", level=2, unit="kmar",
                        start_on=date(2026, 5, 5), by="t")
    with pytest.raises(InputError, match="before it starts"):
        reg.end_measure(session, s, m.id, end_on=date(2026, 5, 1), reason="r")
    reg.end_measure(session, s, m.id, end_on=date(2026, 5, 6), reason="r")
    with pytest.raises(Conflict, match="ended on"):
        reg.end_measure(session, s, m.id, end_on=date(2026, 5, 7), reason="r")
    with pytest.raises(NotFound):
        reg.end_measure(session, s, 999, end_on=date(2026, 5, 7), reason="r")


def test_closed_records_take_only_a_new_report(session) -> None:
    s = to_state(session, subject(session), "closed")
    with pytest.raises(Conflict, match="closed"):
        reg.add_product(session, s, kind="ird", author_org="p", issued_on=date(2026, 6, 1),
                        conclusion="concrete", by="t")
    reported(session, s, on=date(2026, 6, 1))
    reg.move(session, s, "assessing", partner="om", by="t")
    assert s.state == "assessing"


def test_retention_purges_closed_records_after_five_years(session) -> None:
    keep = to_state(session, subject(session, name="open"), "protected")
    gone = to_state(session, subject(session, name="closed"), "closed")
    reg.add_contact(session, gone, channel="phone", note="n", by="t")
    assert gone.closed_on == date(2026, 5, 21)
    assert retention.purge(session, today=date(2031, 5, 21)) == []
    gone_id = gone.id
    assert retention.purge(session, today=date(2031, 5, 22)) == [gone_id]
    assert session.get(ProtectSubject, gone_id) is None and session.get(ProtectSubject, keep.id)
    assert session.query(ProtectContact).count() == 0


def test_a_refused_re_evaluation_changes_nothing(session) -> None:
    s = subject(session)
    review = reg.plan_review(session, s, due_on=date(2026, 6, 1))
    with pytest.raises(InputError, match="next re-evaluation lies after"):
        reg.hold_review(session, s, review.id, done_on=date(2026, 6, 1), outcome="blijft",
                        next_due=date(2026, 5, 1))
    assert review.done_on is None and review.outcome in (None, "")
    held = reg.hold_review(session, s, review.id, done_on=date(2026, 6, 1), outcome="blijft",
                           next_due=date(2026, 9, 1))
    assert held.done_on == date(2026, 6, 1) and [r.due_on for r in s.reviews][-1] == date(2026, 9, 1)
    with pytest.raises(Conflict, match="was held"):
        reg.hold_review(session, s, review.id, done_on=date(2026, 6, 2), outcome="x")


def test_doctests() -> None:
    assert doctest.testmod(vocabulary).failed == 0
    assert doctest.testmod(retention).failed == 0
