"""Cases: creation, membership, datasets, releases, closing; permission changes audited."""

from __future__ import annotations

from datetime import date

import pytest

from offensief.access import actors, audit
from offensief.access.judgements import active_judgements, add_judgement, revoke_judgement
from offensief.cases import service
from offensief.model.dataset import Dataset
from offensief.model.errors import Conflict, InputError, NotFound, PermissionDenied

BD = Dataset.create(name="bd-aangifte", partner="belastingdienst", regime="awr",
                    purpose="heffing", collected_at=date(2025, 1, 1))


@pytest.fixture
def world(session):
    for name, kind in (("politie", "politie"), ("belastingdienst", "belastingdienst"),
                       ("gemeente", "gemeente")):
        actors.add_partner(session, name=name, kind=kind)
    users = {}
    for name, partner, role in (("pol", "politie", "investigator"), ("bd", "belastingdienst", "analyst"),
                                ("gem", "gemeente", "liaison"), ("root", "politie", "admin")):
        user, _ = actors.add_user(session, username=name, partner=partner, roles=[role], password="x")
        users[name] = actors.as_actor(user)
    case = service.create_case(session, name="Zandloper", level="regional", phenomenon="drugs",
                               owner="politie", purpose="oprollen netwerk", legal_basis="Wpg art. 9",
                               actor=users["pol"])
    session.commit()
    return users, case


def test_creator_is_member_and_case_is_audited(session, world):
    users, case = world
    assert case.status == "open" and [m.user_id for m in case.members] == [users["pol"].id]
    entry = audit.entries(session, action="case_create")[0]
    assert entry["case_id"] == case.id and entry["actor"] == "pol"


def test_members_datasets_release(session, world):
    users, case = world
    service.add_member(session, case=case, username="bd", actor=users["pol"])
    service.add_member(session, case=case, username="gem", actor=users["pol"])
    service.attach_dataset(session, case=case, dataset=BD, actor=users["pol"])
    ref = service.case_ref(case)
    assert ref.member_ids == {users["pol"].id, users["bd"].id, users["gem"].id}
    assert not ref.datasets["bd-aangifte"].released
    with pytest.raises(Conflict, match="supplying partner"):
        service.release_dataset(session, case=case, dataset="bd-aangifte", reason="x", actor=users["pol"])
    service.release_dataset(session, case=case, dataset="bd-aangifte", reason="art. 43c UR",
                            actor=users["bd"])
    assert service.case_ref(case).datasets["bd-aangifte"].released
    actions = [e["action"] for e in audit.entries(session, case_id=case.id)]
    assert actions[:4] == ["case_release", "case_attach", "case_member_add", "case_member_add"]


def test_non_members_cannot_manage_but_admin_can(session, world):
    users, case = world
    with pytest.raises(PermissionDenied):
        service.add_member(session, case=case, username="bd", actor=users["gem"])
    service.add_member(session, case=case, username="bd", actor=users["root"])
    with pytest.raises(Conflict):
        service.add_member(session, case=case, username="bd", actor=users["root"])
    assert [c.name for c in service.list_cases(session, actor=users["gem"])] == []
    assert [c.name for c in service.list_cases(session, actor=users["bd"])] == ["Zandloper"]


def test_close_and_archive(session, world):
    users, case = world
    service.close_case(session, case=case, actor=users["pol"])
    assert case.status == "closed" and case.closed_at is not None
    with pytest.raises(Conflict):
        service.close_case(session, case=case, actor=users["pol"])
    service.close_case(session, case=case, actor=users["pol"], archive=True)
    assert service.get_case(session, "Zandloper").status == "archived"
    assert service.get_case(session, case.id).name == "Zandloper"
    with pytest.raises(NotFound):
        service.get_case(session, "Nergens")


def test_case_validation(session, world):
    users, _ = world
    with pytest.raises(InputError):
        service.create_case(session, name="X", level="galactic", phenomenon="d", owner="politie",
                            purpose="p", legal_basis="l")
    with pytest.raises(InputError):
        service.create_case(session, name="X", level="local", phenomenon="d", owner="politie",
                            purpose=" ", legal_basis="l")
    with pytest.raises(PermissionDenied):
        service.create_case(session, name="X", level="local", phenomenon="d", owner="politie",
                            purpose="p", legal_basis="l", actor=users["gem"])


def test_judgements_add_revoke_active(session, world):
    users, case = world
    j = add_judgement(session, left_id="b", right_id="a", verdict="same", actor=users["pol"],
                      reason="zelfde BSN", case=case)
    assert (j.left_id, j.right_id) == ("a", "b")
    with pytest.raises(PermissionDenied):
        add_judgement(session, left_id="a", right_id="c", verdict="same", actor=users["gem"],
                      reason="r", case=case)
    with pytest.raises(InputError):
        add_judgement(session, left_id="a", right_id="c", verdict="maybe", actor=users["pol"], reason="r")
    add_judgement(session, left_id="a", right_id="c", verdict="not_same", actor=users["bd"], reason="r")
    assert len(active_judgements(session)) == 2
    revoke_judgement(session, judgement_id=j.id, actor=users["pol"], reason="fout")
    assert [x.verdict for x in active_judgements(session)] == ["not_same"]
    assert [e["action"] for e in audit.entries(session, limit=3)] == ["judge_revoke", "judge", "judge"]
    assert audit.verify(session).ok
