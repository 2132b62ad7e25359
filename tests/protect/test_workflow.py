"""Every state transition: the right side moves it, the other side cannot, its condition
must hold, and every move not in the table is refused."""

from __future__ import annotations

import doctest
from datetime import date

import pytest

from offensief.model.errors import Conflict, InputError, PermissionDenied
from offensief.protect import register as reg
from offensief.protect import workflow
from offensief.protect.workflow import STATES, TRANSITIONS, allowed_moves, check_move
from tests.protect.conftest import reported, subject, to_state

SIDE_PARTNER = {"unit": "politie", "authority": "om"}


@pytest.mark.parametrize(("frm", "to"), sorted(TRANSITIONS))
def test_each_transition_by_each_side(session, frm: str, to: str) -> None:
    t = TRANSITIONS[(frm, to)]
    for side, partner in SIDE_PARTNER.items():
        s = to_state(session, subject(session, name=f"{frm}-{to}-{side}"), frm)
        if to == "closed":  # closing needs every measure ended
            for m in list(s.measures):
                reg.end_measure(session, s, m.id, end_on=date(2026, 5, 30), reason="over")
        if (frm, to) == ("decided", "protected"):
            reg.add_measure(session, s, description="camera", level=1, unit="own",
                            start_on=date(2026, 5, 30), by="t")
        if to == "assessing" and not s.reports:
            reported(session, s)
        if (frm, to) == ("assessing", "decided"):
            reg.add_product(session, s, kind="ird", author_org="politie",
                            issued_on=date(2026, 5, 2), conclusion="concrete", by="t")
            reg.add_product(session, s, kind="di", author_org="politie",
                            issued_on=date(2026, 5, 3), conclusion="concrete", decision="ok", by="t")
        if side in t.sides:
            reg.move(session, s, to, partner=partner, by="t", reason="why")
            assert s.state == to
            assert s.moves[-1].from_state == frm and s.moves[-1].side == side
        else:
            with pytest.raises(PermissionDenied, match=f"for the {' or '.join(sorted(t.sides))}"):
                reg.move(session, s, to, partner=partner, by="t", reason="why")
            assert s.state == frm


@pytest.mark.parametrize(("frm", "to"), [(a, b) for a in STATES for b in STATES
                                         if (a, b) not in TRANSITIONS])
def test_moves_outside_the_table_are_refused(session, frm: str, to: str) -> None:
    s = to_state(session, subject(session), frm)
    with pytest.raises(Conflict, match="cannot move"):
        check_move(s, to, partner="politie")


def test_conditions(session) -> None:
    s = subject(session)
    with pytest.raises(Conflict, match="threat report"):
        reg.move(session, s, "assessing", partner="politie", by="t")
    to_state(session, s, "assessing")
    with pytest.raises(Conflict, match="DI, DA or RA"):
        reg.move(session, s, "decided", partner="om", by="t")
    reg.add_product(session, s, kind="ird", author_org="politie", issued_on=date(2026, 5, 2),
                    conclusion="concrete", by="t")
    reg.add_product(session, s, kind="di", author_org="politie", issued_on=date(2026, 5, 3),
                    conclusion="conceivable", by="t")  # no decision yet
    with pytest.raises(Conflict, match="DI, DA or RA"):
        reg.move(session, s, "decided", partner="om", by="t")
    reg.add_product(session, s, kind="di", author_org="politie", issued_on=date(2026, 5, 4),
                    conclusion="concrete", decision="maatregelen", by="t")
    reg.move(session, s, "decided", partner="om", by="t")
    with pytest.raises(Conflict, match="no measure has started"):
        reg.move(session, s, "protected", partner="politie", by="t")
    reg.add_measure(session, s, description="x", level=2, unit="politie",
                    start_on=date(2026, 5, 5), by="t")
    reg.move(session, s, "protected", partner="politie", by="t")
    with pytest.raises(Conflict, match="still run"):
        reg.move(session, s, "closed", partner="om", by="t", reason="gone")
    reg.end_measure(session, s, s.measures[0].id, end_on=date(2026, 5, 9), reason="gone")
    with pytest.raises(InputError, match="why the record closes"):
        reg.move(session, s, "closed", partner="om", by="t")
    reg.move(session, s, "closed", partner="om", by="t", reason="gone", today=date(2026, 5, 10))
    assert s.closed_on == date(2026, 5, 10)
    reg.move(session, s, "assessing", partner="politie", by="t")  # reopened: clock stops
    assert s.closed_on is None


def test_outsiders_hold_no_side_and_unknown_states(session) -> None:
    s = to_state(session, subject(session), "assessing")
    assert allowed_moves(s, "kmar") == []
    with pytest.raises(PermissionDenied, match="holds no side"):
        reg.move(session, s, "decided", partner="kmar", by="t")
    with pytest.raises(InputError, match="unknown state"):
        check_move(s, "archived", partner="om")


def test_a_partner_that_is_unit_and_authority_holds_both(session) -> None:
    s = subject(session, unit="gemeente", authority="gemeente")
    to_state_by = lambda to: reg.move(session, s, to, partner="gemeente", by="t")
    reg.add_report(session, s, source="x", reported_on=date(2026, 5, 1), classification="c", by="t")
    to_state_by("assessing")
    assert set(workflow.sides_of("gemeente", s)) == {"unit", "authority"}


def test_doctests() -> None:
    assert doctest.testmod(workflow).failed == 0
