"""No leak: an actor without access gets tokens or a denial from every function the API
and CLI use — never a real name, birth date, IBAN, phone or tax number."""

from __future__ import annotations

import json

import pytest

from offensief.access import audit
from offensief.access.hits import hit
from offensief.access.pseudonym import normalise
from offensief.access.reveal import reveal
from offensief.access.subject import subject_export
from offensief.access.view import case_view
from offensief.model.errors import OffensiefError
from tests.access.world import ALL_PERSONAL, HIDDEN_FROM_GEMEENTE, SECRET


@pytest.fixture
def world(shared_world):
    return shared_world[0]


@pytest.fixture
def session(shared_world):
    return shared_world[1]


def assert_clean(output, protected):
    blob = json.dumps(output, default=str)
    folded = normalise(blob)
    for value in protected:
        assert value not in blob, value
        assert normalise(value) not in folded, value


def outputs(world, session, who):
    """Everything every read function returns to ``who`` (errors count as their message)."""
    actor = world.users[who]
    results = []

    def collect(fn, *args, **kwargs):
        try:
            results.append(fn(*args, **kwargs))
        except OffensiefError as exc:
            results.append(exc.to_dict())

    def with_view(method, *args):
        def run():
            view = case_view(world.store, session, actor=actor, case=world.case, secret=SECRET)
            return getattr(view, method)(*args)
        collect(run)

    with_view("statements")
    with_view("captions", ["p1", "p2", "p3", "acc1", "pay1", "c1", "own1"])
    with_view("transactions")
    with_view("visible_datasets")
    with_view("entity_caption", "p1")
    with_view("search", "Jan de Vries")
    with_view("search", "vries")
    with_view("search", "+31612345678")
    for kind, value, birth in (("iban", "NL91ABNA0417164300", None), ("phone", "+31612345678", None),
                               ("name", "Jan de Vries", "1980-04-02")):
        collect(hit, world.store, session, actor=actor, kind=kind, value=value, birth_date=birth,
                secret=SECRET)
    token = case_view(world.store, session, actor=world.users["pol"], case=world.case,
                      secret=SECRET).pseudonymise("Jan de Vries")
    collect(reveal, world.store, session, actor=actor, case=world.case, token=token,
            reason="probeer", secret=SECRET)
    collect(subject_export, world.store, session, actor=actor, reason="r", name="Jan de Vries")
    collect(audit.entries, session, limit=1000)
    return results


def test_municipal_liaison_sees_police_fiu_and_tax_data_only_as_tokens(world, session):
    out = outputs(world, session, "gem")
    assert_clean(out, HIDDEN_FROM_GEMEENTE)
    blob = json.dumps(out, default=str)
    assert "tok_" in blob and "Karin Smit" in blob  # tokens for the hidden, clear for its own data


def test_actors_without_clear_access_see_nothing_real(world, session):
    for who in ("prot", "outsider", "ctrl", "root"):
        assert_clean(outputs(world, session, who), ALL_PERSONAL)


def test_audit_log_never_holds_protected_values(world, session):
    for who in ("pol", "gem", "fiod", "om"):
        outputs(world, session, who)
    assert_clean(audit.entries(session, limit=10_000), ALL_PERSONAL)
    assert audit.verify(session).ok
