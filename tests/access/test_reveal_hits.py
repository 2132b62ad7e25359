"""Reveal with reason and permission; hit/no-hit answers yes/no and whom to contact."""

from __future__ import annotations

import pytest

from offensief.access import audit
from offensief.access.hits import hit
from offensief.access.reveal import reveal
from offensief.access.view import case_view
from offensief.cases import service
from offensief.model.dataset import Dataset
from offensief.model.errors import InputError, NotFound, PermissionDenied
from tests.access.world import SECRET, build


@pytest.fixture
def world(session):
    w = build(session)
    yield w
    w.store.close()


def token_of(world, session, who, value):
    return case_view(world.store, session, actor=world.users[who], case=world.case,
                     secret=SECRET).pseudonymise(value)


def test_reveal_needs_reason_and_right(world, session):
    token = token_of(world, session, "fiod", "+31612345678")   # wpg-9: FIOD may reveal
    with pytest.raises(InputError, match="reason"):
        reveal(world.store, session, actor=world.users["fiod"], case=world.case, token=token,
               reason=" ", secret=SECRET)
    rows = reveal(world.store, session, actor=world.users["fiod"], case=world.case, token=token,
                  reason="verdenking witwassen, zaak 12", secret=SECRET)
    assert rows == [{"token": token, "value": "+31612345678", "entity_id": "p1", "prop": "phone",
                     "dataset": "politie-bvh"}]
    entry = audit.entries(session, action="reveal")[0]
    assert entry["purpose"] == "verdenking witwassen, zaak 12" and entry["actor"] == "fiod"
    assert "+31612345678" not in str(entry)


def test_reveal_denied_is_logged(db, world):
    with db.session() as session:
        token = token_of(world, session, "gem", "987654321")      # awr: nobody reveals
        with pytest.raises(NotFound) as refused:
            reveal(world.store, session, actor=world.users["gem"], case=world.case, token=token,
                   reason="nieuwsgierig", secret=SECRET)
        with pytest.raises(NotFound) as unknown:
            reveal(world.store, session, actor=world.users["gem"], case=world.case,
                   token="tok_" + "0" * 16, reason="nieuwsgierig", secret=SECRET)
        # the same answer: a refusal does not name the datasets the value is in
        assert str(refused.value).replace(token, "T") == str(unknown.value).replace("tok_" + "0" * 16, "T")
        assert refused.value.details == unknown.value.details
    with db.session() as session:
        assert audit.entries(session, action="reveal_denied")[0]["actor"] == "gem"
        assert audit.verify(session).ok


def test_reveal_unknown_token(world, session):
    with pytest.raises(NotFound):
        reveal(world.store, session, actor=world.users["fiod"], case=world.case,
               token="tok_0000000000000000", reason="r", secret=SECRET)
    with pytest.raises(InputError):
        reveal(world.store, session, actor=world.users["fiod"], case=world.case,
               token="Jan", reason="r", secret=SECRET)


def second_case(world, session):
    other = service.create_case(session, name="Eb", level="local", phenomenon="hennep",
                                owner="fiod", purpose="p", legal_basis="l", actor=world.users["fiod"])
    service.attach_dataset(session, case=other, actor=world.users["fiod"],
                           dataset=Dataset.create(name="bd-aangifte", partner="belastingdienst",
                                                  regime="awr", purpose="x", collected_at="2024-01-01"))
    return other


QUESTIONS = [("iban", "nl91 abna 0417 1643 00", None), ("phone", "06-12345678", None),
             ("name", "Jan de Vries", "1980-04-02"), ("kvk", "12345678", None),
             ("plate", "gh 123 k", None)]


def test_hit_in_other_case(world, session):
    for kind, value, birth in QUESTIONS:
        answer = hit(world.store, session, actor=world.users["om"], kind=kind, value=value,
                     birth_date=birth, secret=SECRET)
        assert answer["hit"] is True and answer["contacts"] == ["politie"], kind
        assert set(answer) == {"hit", "contacts", "reference"}
        received = audit.entries(session, action="hit_received")[0]
        assert received["case_id"] == world.case.id
        assert received["what"]["reference"] == answer["reference"]
        assert value not in str(audit.entries(session, limit=5))


def test_no_hit_and_own_case_excluded(world, session):
    assert hit(world.store, session, actor=world.users["om"], kind="name", value="Jan de Vries",
               birth_date="1999-01-01", secret=SECRET)["hit"] is False
    assert hit(world.store, session, actor=world.users["om"], kind="iban", value="NL91ABNA0417164300",
               case=world.case, secret=SECRET)["hit"] is False
    other = second_case(world, session)
    # from inside Zandloper, only case Eb counts: its tax record has the name but no birth date
    answer = hit(world.store, session, actor=world.users["pol"], kind="name", value="Johannes de Vries",
                 birth_date="1980-04-02", case=world.case, secret=SECRET)
    assert answer["hit"] is False
    answer = hit(world.store, session, actor=world.users["pol"], kind="iban",
                 value="NL91ABNA0417164300", case=world.case, secret=SECRET)
    assert answer["hit"] is False
    # a name + birth date known in Zandloper is a hit for someone outside it, contact: politie;
    # and the tax record in case Eb gives fiod as second contact for the same entity
    answer = hit(world.store, session, actor=world.users["om"], kind="name",
                 value="Johannes de Vries", birth_date="1980-04-02", secret=SECRET)
    assert answer == {"hit": True, "contacts": ["fiod", "politie"], "reference": answer["reference"]}
    assert other.owner.name == "fiod"


def test_hit_needs_role_and_valid_kind(world, session):
    with pytest.raises(PermissionDenied):
        hit(world.store, session, actor=world.users["ctrl"], kind="iban", value="x", secret=SECRET)
    with pytest.raises(InputError):
        hit(world.store, session, actor=world.users["om"], kind="bsn", value="x", secret=SECRET)
    with pytest.raises(InputError):
        hit(world.store, session, actor=world.users["om"], kind="name", value="Jan", secret=SECRET)
