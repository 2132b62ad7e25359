"""A small world for interventions and programme control: one case, one user per partner."""

from __future__ import annotations

import pytest

from offensief.access import actors
from offensief.cases import service
from offensief.casework.caller import Caller
from tests.operational import db  # noqa: F401  (a fixture: the session below adds the world)

#: username, partner kind, roles, member of the case
USERS = (
    ("ana", "politie", ("analyst",), True),
    ("ivo", "politie", ("investigator",), True),
    ("otto", "om", ("investigator",), True),
    ("gem", "gemeente", ("liaison",), True),
    ("bel", "belastingdienst", ("liaison",), True),
    ("fio", "fiod", ("investigator",), True),
    ("cora", "ministerie", ("controller",), False),
    ("outsider", "politie", ("analyst",), False),
)


@pytest.fixture
def session(db):  # noqa: F811
    with db.session() as s:
        for kind in sorted({u[1] for u in USERS}):
            actors.add_partner(s, name=kind, kind=kind, title=kind)
        for name, partner, roles, _ in USERS:
            actors.add_user(s, username=name, partner=partner, roles=list(roles),
                            password="correct horse battery staple")
        case = service.create_case(s, name="Zandloper", level="regional", phenomenon="cocaïne",
                                   owner="politie", purpose="oprollen", legal_basis="Wpg art. 9")
        for name, _, _, member in USERS:
            if member:
                service.add_member(s, case=case, username=name)
        case2 = service.create_case(s, name="Kompas", level="regional", phenomenon="wapens",
                                    owner="politie", purpose="oprollen", legal_basis="Wpg art. 9")
        for name in ("ana", "otto", "gem"):
            service.add_member(s, case=case2, username=name)
        s.commit()
        yield s


@pytest.fixture
def as_user(session):
    def make(name: str) -> Caller:
        return Caller(actor=actors.get_actor(session, name), db=session, purpose="test")
    return make
