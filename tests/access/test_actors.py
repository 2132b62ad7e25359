"""Partners, users, passwords (argon2id), tokens (hashed) and rate-limited login."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from offensief.access import actors, audit
from offensief.access.actors import MAX_FAILED_LOGINS
from offensief.db.actors import ApiToken, User
from offensief.db.base import utcnow
from offensief.model.errors import (
    AuthenticationError,
    Conflict,
    InputError,
    NotFound,
    PermissionDenied,
)


@pytest.fixture
def people(session):
    actors.add_partner(session, name="politie", kind="politie")
    actors.add_partner(session, name="gemeente-rdam", kind="gemeente")
    admin, _ = actors.add_user(session, username="root", partner="politie", roles=["admin"],
                               password="root-pw")
    actors.add_user(session, username="ann", partner="politie", roles=["analyst"], password="ann-pw")
    session.commit()
    return actors.as_actor(admin)


def test_password_is_argon2id_and_login_works(session, people):
    user = actors.get_user(session, "ann")
    assert user.password_hash.startswith("$argon2id$") and "ann-pw" not in user.password_hash
    actor = actors.authenticate(session, username="ann", password="ann-pw")
    assert actor.username == "ann" and actor.partner_kind == "politie"
    assert audit.entries(session, action="login")[0]["actor"] == "ann"


def test_wrong_password_and_unknown_user_same_message(session, people):
    with pytest.raises(AuthenticationError) as a:
        actors.authenticate(session, username="ann", password="nope")
    with pytest.raises(AuthenticationError) as b:
        actors.authenticate(session, username="ghost", password="nope")
    assert str(a.value) == str(b.value)
    assert len(audit.entries(session, action="login_failed")) == 2


def test_login_backs_off_the_source(session, people):
    """Failures from one source slow that source down (see tests/access/test_lockout.py)."""
    now = utcnow()
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationError):
            actors.authenticate(session, username="ann", password="bad", source="10.0.0.9", now=now)
    with pytest.raises(AuthenticationError, match="too many"):
        actors.authenticate(session, username="ann", password="ann-pw", source="10.0.0.9", now=now)
    # another source is not affected; after the back-off the right password works again
    assert actors.authenticate(session, username="ann", password="ann-pw", source="10.0.0.1", now=now)
    later = now + timedelta(seconds=2)
    assert actors.authenticate(session, username="ann", password="ann-pw", source="10.0.0.9", now=later)


def test_tokens_are_hashed_shown_once_and_revoked_on_disable(session, people):
    token = actors.issue_token(session, username="ann", label="cli")
    session.commit()
    stored = session.scalars(select(ApiToken.token_hash)).all()
    assert token not in stored and len(stored[0]) == 64
    assert actors.authenticate_token(session, token=token).username == "ann"
    actors.disable_user(session, username="ann", actor=people)
    session.commit()
    with pytest.raises(AuthenticationError):
        actors.authenticate_token(session, token=token)
    with pytest.raises(AuthenticationError):
        actors.authenticate(session, username="ann", password="ann-pw")


def test_only_admins_manage_users(session, people):
    ann = actors.get_actor(session, "ann")
    with pytest.raises(PermissionDenied):
        actors.add_user(session, username="eve", partner="politie", roles=["admin"], actor=ann)
    with pytest.raises(PermissionDenied):
        actors.set_roles(session, username="ann", roles=["admin"], actor=ann)
    user = actors.set_roles(session, username="ann", roles=["analyst", "liaison"], actor=people)
    assert user.roles == ["analyst", "liaison"]
    change = audit.entries(session, action="roles_set")[0]
    assert change["what"] == {"user": "ann", "before": ["analyst"], "after": ["analyst", "liaison"]}


def test_validation_errors(session, people):
    with pytest.raises(InputError):
        actors.add_partner(session, name="x", kind="mafia")
    with pytest.raises(Conflict):
        actors.add_partner(session, name="politie", kind="politie")
    with pytest.raises(InputError):
        actors.add_user(session, username="bob", partner="politie", roles=["king"])
    with pytest.raises(NotFound):
        actors.add_user(session, username="bob", partner="nergens", roles=["analyst"])
    with pytest.raises(Conflict):
        actors.add_user(session, username="ann", partner="politie", roles=["analyst"])
    user, password = actors.add_user(session, username="gen", partner="gemeente-rdam",
                                      roles=["liaison"])
    assert len(password) >= 12 and session.get(User, user.id).partner.kind == "gemeente"
