"""Every state transition of an intervention, who may make it, and who may not."""

from __future__ import annotations

from datetime import date

import pytest

from offensief.casework import interventions as work
from offensief.model.errors import Conflict, InputError, NotFound, PermissionDenied

D = date(2020, 9, 1)


def propose(as_user, *, kind="criminal", instrument="arrest", partner="politie",
            subjects=("p1",), who="ana"):
    return work.add_intervention(
        as_user(who), case="Zandloper", kind=kind, instrument=instrument, partner=partner,
        region="Rotterdam", subjects=[work.Subject(s, role="kingpin") for s in subjects], on=D)


def move(as_user, who, item, to, day, **kw):
    return work.move_intervention(as_user(who), case="Zandloper", intervention_id=item.id,
                                  to=to, on=day, **kw)


def test_full_chain_proposed_approved_executed_result(as_user):
    item = propose(as_user)
    assert item.status == "proposed" and item.moves == ["approved", "cancelled"]
    assert item.legal_basis.startswith("art. 53-54 Sv")
    item = move(as_user, "otto", item, "approved", date(2020, 9, 10))  # OM authorises arrests
    assert (item.status, item.approved_by) == ("approved", "otto")
    item = move(as_user, "ivo", item, "executed", date(2020, 10, 1))
    item = move(as_user, "ivo", item, "result", date(2020, 11, 1), outcome="held")
    assert item.status == "result" and item.moves == []
    assert item.subjects[0]["removed"] is True  # an arrest that held removes the person
    assert [h["to"] for h in item.history] == ["proposed", "approved", "executed", "result"]


def test_cancel_from_proposed_and_from_approved(as_user):
    first = propose(as_user)
    assert move(as_user, "ana", first, "cancelled", D).status == "cancelled"  # the proposer
    second = propose(as_user)
    move(as_user, "ivo", second, "approved", date(2020, 9, 2))
    assert move(as_user, "ivo", second, "cancelled", date(2020, 9, 3)).status == "cancelled"


@pytest.mark.parametrize("path,bad", [
    ((), "executed"), ((), "result"),
    (("approved",), "result"), (("approved",), "proposed"),
    (("approved", "executed"), "cancelled"), (("approved", "executed"), "approved"),
    (("approved", "executed", "result"), "cancelled"),
    (("cancelled",), "approved"),
])
def test_moves_the_machine_does_not_have_are_conflicts(as_user, path, bad):
    item = propose(as_user)
    for step in path:
        item = move(as_user, "ivo", item, step, D,
                    **({"outcome": "x"} if step == "result" else {}))
    with pytest.raises(Conflict):
        move(as_user, "ivo", item, bad, D, **({"outcome": "x"} if bad == "result" else {}))


def test_four_eyes_the_proposer_never_approves(as_user):
    item = propose(as_user, who="ivo")
    with pytest.raises(PermissionDenied, match="four eyes"):
        move(as_user, "ivo", item, "approved", D)


def test_only_the_responsible_partner_approves_and_executes(as_user):
    closure = propose(as_user, kind="administrative", instrument="closure-13b", partner="gemeente")
    for who in ("ivo", "otto", "bel"):
        with pytest.raises(PermissionDenied):
            move(as_user, who, closure, "approved", D)
    closure = move(as_user, "gem", closure, "approved", D)
    with pytest.raises(PermissionDenied):
        move(as_user, "ivo", closure, "executed", D)
    closure = move(as_user, "gem", closure, "executed", D)
    with pytest.raises(PermissionDenied):
        move(as_user, "ana", closure, "result", D, outcome="closed")
    closure = move(as_user, "gem", closure, "result", D, outcome="premises closed for 6 months")
    assert closure.subjects[0]["removed"] is False  # a closure removes nobody by default


def test_cancel_by_someone_else_is_denied(as_user):
    item = propose(as_user, kind="fiscal", instrument="assessment", partner="belastingdienst")
    with pytest.raises(PermissionDenied):
        move(as_user, "gem", item, "cancelled", D)


def test_liaisons_cannot_propose_and_outsiders_cannot_see(as_user):
    with pytest.raises(PermissionDenied):
        propose(as_user, who="gem")  # liaison: no judge right
    for who in ("outsider", "cora"):  # non-members: the case looks like it does not exist
        with pytest.raises(NotFound, match="that you are a member of"):
            propose(as_user, who=who)
        with pytest.raises(NotFound):
            work.list_interventions(as_user(who), case="Zandloper")


def test_dates_may_not_go_back_and_a_result_needs_an_outcome(as_user):
    item = propose(as_user)
    with pytest.raises(InputError, match="approved_on"):
        move(as_user, "otto", item, "approved", date(2020, 8, 1))
    item = move(as_user, "otto", item, "approved", D)
    item = move(as_user, "ivo", item, "executed", D)
    with pytest.raises(InputError, match="outcome"):
        move(as_user, "ivo", item, "result", D, outcome=" ")


def test_bad_kind_instrument_partner_region(as_user):
    with pytest.raises(InputError, match="kind"):
        propose(as_user, kind="magic")
    with pytest.raises(InputError, match="instrument"):
        propose(as_user, instrument="closure-13b")
    with pytest.raises(InputError, match="partner"):
        propose(as_user, partner="gemeente")


def test_denials_are_audited(as_user, session):
    from offensief.access import audit
    item = propose(as_user)
    with pytest.raises(PermissionDenied):
        move(as_user, "gem", item, "approved", D)
    assert audit.entries(session, action="denied", limit=5)
