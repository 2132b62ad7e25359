"""The caller: one door to the policy for every front end, audited on yes and on no."""

from __future__ import annotations

import doctest

import pytest

from offensief.access.audit import Entry
from offensief.access.policy import Actor, CaseRef
from offensief.casework import caller as caller_module
from offensief.casework.caller import Caller
from offensief.model.errors import PermissionDenied


def officer() -> Actor:
    return Actor(id=7, username="olga", partner="politie", partner_kind="politie",
                 roles=frozenset({"protection_officer"}))


def test_allow_audits_the_decision_and_the_denial() -> None:
    seen: list[Entry] = []
    c = Caller(actor=officer(), db=None, sink=seen.append, purpose="test")
    assert c.allow("protect_write", what={"subject": 3}).allowed
    with pytest.raises(PermissionDenied):
        c.allow("prevent_read")
    assert [e.action for e in seen] == ["protect_write", "denied"]
    assert '"subject":3' in seen[0].what and '"action":"prevent_read"' in seen[1].what
    assert c.audited == ["protect_write", "denied"]


def test_case_actions_need_membership() -> None:
    seen: list[Entry] = []
    case = CaseRef(id=1, name="zandloper", status="open", owner="politie", member_ids=frozenset())
    c = Caller(actor=officer(), db=None, sink=seen.append)
    assert not c.can("hit", case=case).allowed
    assert seen == []  # can() never audits
    with pytest.raises(PermissionDenied):
        c.allow("hit", case=case)
    assert seen[0].case_id == 1


def test_a_caller_without_session_or_sink_refuses_to_drop_audit() -> None:
    with pytest.raises(RuntimeError):
        Caller(actor=officer(), db=None).audit("read")


def test_doctests() -> None:
    assert doctest.testmod(caller_module).failed == 0
