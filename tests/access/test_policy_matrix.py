"""The permission matrix: every role x action x regime (x partner kind), denials included.

The expectations are written out here from the issue's rules, independently of
``offensief.access.rules``, so a change to the rules tables shows up as a failing test.
"""

from __future__ import annotations

import itertools

import pytest

from offensief.access.policy import Actor, CaseRef, DatasetRef, Resource, can, require
from offensief.access.rules import ACTIONS, ROLES
from offensief.model.dataset import REGIMES
from offensief.model.errors import InputError, PermissionDenied

PARTNERS = ("politie", "om", "fiod", "belastingdienst", "douane", "kmar", "gemeente", "fiu")
CASEWORK = {"read", "read_pseudonymised", "reveal", "export", "search", "hit", "judge", "case_manage"}
EXPECTED_ROLE_ACTIONS = {
    "admin": {"admin", "case_manage"},
    "analyst": CASEWORK | {"load", "request_correction"},
    "investigator": CASEWORK | {"load", "request_correction"},
    "liaison": {"read", "read_pseudonymised", "search", "hit"},
    "protection_officer": {"read_pseudonymised", "hit", "protect_read", "protect_write"},
    "prevention_officer": {"prevent_read", "prevent_write"},
    "controller": {"programme_read", "programme_write"},
    "auditor": {"audit_read", "subject_export"},
}
ALL = set(PARTNERS)
EXPECTED_CLEAR = {
    "awr": {"belastingdienst", "fiod"},            # tax secrecy
    "wwft": {"fiu", "politie", "fiod"},            # FIU data
    "wpg-8": {"politie", "om", "kmar"},
    "wpg-9": {"politie", "om", "kmar"},
    "wpg-10": {"politie", "om", "kmar"},
    "wpg-20": ALL,                                 # all case partners under the covenant
    "avg": ALL,                                    # municipality + case partners by covenant
    "open": ALL,
}
EXPECTED_REVEAL = {
    "wpg-8": {"fiod", "douane"}, "wpg-9": {"fiod", "douane"}, "wpg-10": {"fiod", "douane"},
    "wwft": {"om", "kmar", "douane"}, "awr": set(), "wpg-20": set(), "avg": set(), "open": set(),
}
GLOBAL = {"admin", "audit_read", "subject_export", "protect_read", "protect_write", "prevent_read",
          "prevent_write", "programme_read", "programme_write"}


def make_case(*, member_ids=frozenset({1}), status="open", released=False) -> CaseRef:
    datasets = {r: DatasetRef(f"ds-{r}", "leverancier", r, released) for r in REGIMES}
    return CaseRef(id=9, name="zaak", status=status, owner="politie", member_ids=member_ids,
                   datasets={d.name: d for d in datasets.values()})


def expected(role: str, action: str, regime: str, partner: str) -> bool:
    if action not in EXPECTED_ROLE_ACTIONS[role]:
        return False
    if action in ("load", "request_correction"):
        return False  # a dataset write needs the dataset's supplier (tested below)
    if action in GLOBAL | {"judge", "case_manage", "hit", "read_pseudonymised", "search"}:
        return True
    clear = partner in EXPECTED_CLEAR[regime]
    if action in ("read", "export"):
        return clear
    assert action == "reveal"
    return clear or partner in EXPECTED_REVEAL[regime]


def test_tables_cover_everything():
    assert set(ROLES) == set(EXPECTED_ROLE_ACTIONS)
    assert set(ACTIONS) == set().union(*EXPECTED_ROLE_ACTIONS.values())
    assert set(REGIMES) == set(EXPECTED_CLEAR)


@pytest.mark.parametrize("role", ROLES)
def test_matrix_member_of_open_case(role):
    case = make_case()
    allowed = denied = 0
    for action, regime, partner in itertools.product(ACTIONS, REGIMES, PARTNERS):
        actor = Actor(1, "u", partner, partner, frozenset({role}))
        decision = can(actor, action, Resource(case=case, dataset=f"ds-{regime}"))
        assert decision.allowed == expected(role, action, regime, partner), (
            role, action, regime, partner, decision.rule)
        allowed += decision.allowed
        denied += not decision.allowed
    assert denied > 0  # every role is denied something


@pytest.mark.parametrize("role", ROLES)
def test_non_member_gets_no_case_data(role):
    case = make_case(member_ids=frozenset({2}))
    for action, regime, partner in itertools.product(ACTIONS, REGIMES, PARTNERS):
        actor = Actor(1, "u", partner, partner, frozenset({role}))
        decision = can(actor, action, Resource(case=case, dataset=f"ds-{regime}"))
        if action in GLOBAL and action in EXPECTED_ROLE_ACTIONS[role]:
            assert decision.allowed
        elif action == "case_manage" and role == "admin":
            assert decision.allowed, "admins manage every case"
        else:
            assert not decision.allowed, (role, action, regime, partner)


@pytest.mark.parametrize("status", ["closed", "archived"])
def test_closed_case_blocks_data_actions(status):
    actor = Actor(1, "u", "politie", "politie", frozenset({"analyst"}))
    case = make_case(status=status)
    for action in ("read", "read_pseudonymised", "reveal", "export", "search"):
        assert not can(actor, action, Resource(case=case, dataset="ds-open"))
    assert can(actor, "judge", Resource(case=case))


def test_release_opens_tax_data_to_the_case():
    actor = Actor(1, "u", "gemeente-rotterdam", "gemeente", frozenset({"liaison"}))
    assert not can(actor, "read", Resource(case=make_case(), dataset="ds-awr"))
    assert can(actor, "read", Resource(case=make_case(released=True), dataset="ds-awr"))


def test_supplier_sees_its_own_data():
    actor = Actor(1, "u", "leverancier", "other", frozenset({"analyst"}))
    assert can(actor, "read", Resource(case=make_case(), dataset="ds-awr")).rule == "supplying partner"


def test_dataset_not_attached_and_no_case():
    actor = Actor(1, "u", "politie", "politie", frozenset({"analyst"}))
    assert not can(actor, "read", Resource(case=make_case(), dataset="elders"))
    assert not can(actor, "read", Resource())
    assert not can(actor, "read", Resource(case=make_case()))
    assert can(actor, "read_pseudonymised", Resource(case=make_case()))


def test_disabled_actor_may_do_nothing():
    actor = Actor(1, "u", "politie", "politie", frozenset(ROLES), disabled=True)
    for action in ACTIONS:
        assert not can(actor, action, Resource(case=make_case(), dataset="ds-open"))


def test_require_names_the_rule_and_unknown_action_is_an_error():
    actor = Actor(1, "u", "gemeente", "gemeente", frozenset({"liaison"}))
    with pytest.raises(PermissionDenied, match="awr"):
        require(actor, "read", Resource(case=make_case(), dataset="ds-awr"))
    with pytest.raises(InputError):
        can(actor, "steal", Resource())


@pytest.mark.parametrize("role", ROLES)
def test_only_the_supplier_loads_and_only_others_request_corrections(role):
    for partner, owner in itertools.product(PARTNERS, PARTNERS):
        actor = Actor(1, "u", f"{partner}-x", partner, frozenset({role}))
        where = Resource(dataset="ds", owner=owner)
        writes = role in ("analyst", "investigator")
        assert can(actor, "load", where).allowed == (writes and partner == owner), (role, partner, owner)
        assert can(actor, "request_correction", where).allowed == (writes and partner != owner)
        assert not can(actor, "load", Resource(dataset="ds")).allowed  # no supplier given: no
