"""A migrated operational store with the partners of a protection compartment."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy.orm import Session

from offensief.access.actors import add_partner
from offensief.db.protect import ProtectSubject
from offensief.db.testing import temporary_database
from offensief.protect import register as reg
from tests.operational import BACKENDS

TODAY = date(2026, 6, 1)


@pytest.fixture(params=BACKENDS)
def session(request: pytest.FixtureRequest, tmp_path) -> Iterator[Session]:
    with temporary_database(request.param, directory=str(tmp_path)) as db, db.session() as s:
        for name, kind in (("politie", "politie"), ("om", "om"), ("kmar", "kmar"),
                           ("gemeente", "gemeente")):
            add_partner(s, name=name, kind=kind)
        yield s


def subject(session: Session, *, unit: str = "politie", authority: str = "om",
            name: str = "Sara de Advocaat") -> ProtectSubject:
    return reg.add_subject(session, reg.SubjectInput(
        name=name, kind="person", profession="lawyer", region="Rotterdam",
        unit_partner=unit, authority_partner=authority, birth_date=date(1975, 4, 2),
        address="Coolsingel 12, 3011 AD Rotterdam", phone="+31 6 1234 5678"), by="t")


def reported(session: Session, s: ProtectSubject, on: date = date(2026, 5, 1)) -> None:
    reg.add_report(session, s, source="CIE", reported_on=on, classification="concrete", by="t")


def to_state(session: Session, s: ProtectSubject, state: str) -> ProtectSubject:
    """Walk ``s`` from registered to ``state`` through the workflow's own rules."""
    path = {"registered": [], "assessing": ["assessing"], "decided": ["assessing", "decided"],
            "protected": ["assessing", "decided", "protected"],
            "closed": ["assessing", "decided", "protected", "closed"]}[state]
    for step in path:
        if step == "assessing" and not s.reports:
            reported(session, s)
        if step == "decided":
            reg.add_product(session, s, kind="ird", author_org="politie", issued_on=date(2026, 5, 2),
                            conclusion="concrete", by="t")
            reg.add_product(session, s, kind="di", author_org="politie", issued_on=date(2026, 5, 3),
                            conclusion="concrete", threat_level=3, decision="beveiligen", by="t")
        if step == "protected":
            reg.add_measure(session, s, description="surveillance", level=2, unit="politie",
                            start_on=date(2026, 5, 4), by="t")
        if step == "closed":
            for m in list(s.measures):
                reg.end_measure(session, s, m.id, end_on=date(2026, 5, 20), reason="threat gone")
        side = "om" if step in ("decided", "closed") else "politie"
        reg.move(session, s, step, partner=side, by="t", reason="done", today=date(2026, 5, 21))
    return s
