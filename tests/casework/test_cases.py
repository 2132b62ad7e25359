"""Opening a case and the "what you see" panel: the truth per dataset, for every role."""

from __future__ import annotations

import pytest

from offensief.casework.caller import Caller
from offensief.casework.cases import dataset_rows, open_case
from offensief.model.errors import NotFound
from tests.access.world import build


@pytest.fixture
def world(session):
    built = build(session)
    yield built
    built.store.close()


def test_the_panel_says_tokens_where_the_role_reads_no_data(world, session) -> None:
    """A police protection officer's role reads no case data in clear (only pseudonymised):
    the panel must not call the police datasets 'clear' because the partner kind could."""
    prot = Caller(actor=world.users["prot"], db=session, store=world.store, sink=lambda e: None)
    case, ref = open_case(prot, world.case.id)
    seen = {row.name: row.visibility for row in dataset_rows(prot, case, ref)}
    assert set(seen.values()) == {"tokens"}
    pol = Caller(actor=world.users["pol"], db=session, store=world.store, sink=lambda e: None)
    police = {row.name: row.visibility for row in dataset_rows(pol, case, ref)}
    assert police["politie-bvh"] == "clear" and police["bd-aangifte"] == "tokens"


def test_non_members_cannot_tell_a_case_exists(world, session) -> None:
    seen = []
    outsider = Caller(actor=world.users["outsider"], db=session, store=world.store, sink=seen.append)
    with pytest.raises(NotFound):
        open_case(outsider, world.case.id)
    with pytest.raises(NotFound):
        open_case(outsider, 999_999)
    assert [e.action for e in seen] == ["denied"]
