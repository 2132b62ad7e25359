"""Partners and users: create, list, disable, tokens, and rate-limited login.

Every change to who may do what is written to the audit log.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.access import audit, lockout, sessions
from offensief.access.credentials import (
    check_password,
    dummy_hash,
    hash_password,
    new_password,
    new_token,
    token_hash,
)
from offensief.access.policy import Actor, require
from offensief.access.rules import PARTNER_KINDS, ROLES
from offensief.db.actors import ApiToken, Partner, User
from offensief.db.base import utcnow
from offensief.model.errors import (
    AuthenticationError,
    Conflict,
    InputError,
    NotFound,
    TooManyAttempts,
)

#: Failed logins from one source before it backs off (see :mod:`offensief.access.lockout`).
MAX_FAILED_LOGINS = lockout.SOURCE_FREE
#: The shortest password a user may set.
MIN_PASSWORD = 10

_NAME = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,62}$")


def _check_name(name: str, what: str) -> None:
    if not _NAME.match(name or ""):
        raise InputError(f"invalid {what} {name!r}: lower-case letters, digits, '.', '-', '_'",
                         field=what)


def as_actor(user: User) -> Actor:
    """The policy's view of a user."""
    return Actor(id=user.id, username=user.username, partner=user.partner.name,
                 partner_kind=user.partner.kind, roles=frozenset(user.roles),
                 disabled=user.disabled)


def add_partner(
    session: Session, *, name: str, kind: str, title: str = "", actor: Actor | None = None
) -> Partner:
    """Register a partner organisation; ``kind`` is one of :data:`PARTNER_KINDS`."""
    _check_name(name, "partner")
    if kind not in PARTNER_KINDS:
        raise InputError(f"unknown partner kind {kind!r}; known: {', '.join(PARTNER_KINDS)}",
                         field="kind")
    if actor is not None:
        require(actor, "admin")
    if session.scalar(select(Partner).where(Partner.name == name)) is not None:
        raise Conflict(f"partner {name!r} already exists")
    partner = Partner(name=name, kind=kind, title=title or name)
    session.add(partner)
    session.flush()
    audit.record(session, actor=actor, action="partner_add", what={"partner": name, "kind": kind})
    return partner


def get_partner(session: Session, name: str) -> Partner:
    partner = session.scalar(select(Partner).where(Partner.name == name))
    if partner is None:
        raise NotFound(f"unknown partner {name!r}; add it with `offensief partner add`")
    return partner


def list_partners(session: Session) -> list[Partner]:
    return list(session.scalars(select(Partner).order_by(Partner.name)))


def add_user(
    session: Session,
    *,
    username: str,
    partner: str,
    roles: list[str],
    password: str | None = None,
    password_hash: str | None = None,
    actor: Actor | None = None,
) -> tuple[User, str]:
    """Create a user; returns the user and the password (generated when not given).

    ``password_hash`` imports an existing argon2id hash instead (the password returned is
    then empty).
    """
    _check_name(username, "username")
    if password_hash is not None and not password_hash.startswith("$argon2id$"):
        raise InputError("only argon2id password hashes can be imported", field="password_hash")
    _check_roles(roles)
    if actor is not None:
        require(actor, "admin")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise Conflict(f"user {username!r} already exists")
    org = get_partner(session, partner)
    if password_hash is None:
        password = password or new_password()
        password_hash = hash_password(password)
    user = User(username=username, partner=org, roles=sorted(set(roles)),
                password_hash=password_hash)
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, action="user_add",
                 what={"user": username, "partner": partner, "roles": user.roles})
    return user, password or ""


def _check_roles(roles: list[str]) -> None:
    unknown = sorted(set(roles) - set(ROLES))
    if unknown or not roles:
        raise InputError(f"unknown or missing roles {unknown}; known: {', '.join(ROLES)}",
                         field="roles")


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"unknown user {username!r}")
    return user


def get_actor(session: Session, username: str) -> Actor:
    """The actor for a username (for the CLI's ``--as USER``)."""
    return as_actor(get_user(session, username))


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def set_roles(session: Session, *, username: str, roles: list[str], actor: Actor | None = None) -> User:
    """Replace a user's roles (a permission change: audited)."""
    _check_roles(roles)
    if actor is not None:
        require(actor, "admin")
    user = get_user(session, username)
    before = list(user.roles)
    user.roles = sorted(set(roles))
    audit.record(session, actor=actor, action="roles_set",
                 what={"user": username, "before": before, "after": user.roles})
    return user


def _revoke_tokens(session: Session, user: User, now: datetime) -> int:
    tokens = list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                         ApiToken.revoked_at.is_(None))))
    for token in tokens:
        token.revoked_at = now
    return len(tokens)


def disable_user(session: Session, *, username: str, actor: Actor | None = None) -> User:
    """Disable an account, revoke its tokens and end its sessions."""
    if actor is not None:
        require(actor, "admin")
    user = get_user(session, username)
    user.disabled = True
    now = utcnow()
    tokens = _revoke_tokens(session, user, now)
    ended = sessions.end_all(session, user_id=user.id, reason="disabled", now=now)
    audit.record(session, actor=actor, action="user_disable",
                 what={"user": username, "tokens_revoked": tokens, "sessions_ended": ended})
    return user


def change_password(session: Session, *, username: str, new: str, actor: Actor | None = None,
                    old: str | None = None) -> dict[str, int]:
    """Set a new password: the user themself (with the old password) or an admin. Every
    session and API token of the user ends; returns how many."""
    user = get_user(session, username)
    if actor is not None and actor.username == username:
        if old is None or not check_password(user.password_hash, old):
            raise AuthenticationError("the current password is wrong")
    elif actor is not None:
        require(actor, "admin")
    if len(new) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters", field="password")
    user.password_hash = hash_password(new)
    now = utcnow()
    counts = {"tokens_revoked": _revoke_tokens(session, user, now),
              "sessions_ended": sessions.end_all(session, user_id=user.id, reason="password", now=now)}
    audit.record(session, actor=actor, action="password_change", what={"user": username, **counts})
    return counts


def issue_token(session: Session, *, username: str, label: str = "",
                actor: Actor | None = None) -> str:
    """Create an API token for a user; the plain token is returned once, only its hash kept."""
    if actor is not None and actor.username != username:
        require(actor, "admin")
    user = get_user(session, username)
    if user.disabled:
        raise Conflict(f"user {username!r} is disabled")
    token = new_token()
    session.add(ApiToken(user_id=user.id, token_hash=token_hash(token), label=label))
    audit.record(session, actor=actor, action="token_issue", what={"user": username, "label": label})
    return token


def authenticate(session: Session, *, username: str, password: str, source: str = "",
                 now: datetime | None = None) -> Actor:
    """Check a password login with back-off per source and account; commits the attempt.

    Every attempt costs one argon2 check, against a dummy hash when the user is unknown or
    disabled, so timing does not tell whether an account exists. Raises
    :class:`AuthenticationError` (one message for unknown user, wrong password and disabled
    account) or :class:`TooManyAttempts` while a back-off is in force.
    """
    now = now or utcnow()
    dummy = dummy_hash()
    user = session.scalar(select(User).where(User.username == username))
    who = as_actor(user) if user is not None else Actor(0, username[:64], "unknown", "other")
    held = lockout.wait(session, source=source, username=username, now=now)
    if held:
        check_password(dummy, password)  # the same work as a real check
        lockout.note(session, source=source, username=username, ok=False, kind="password",
                     now=now, limited=True)
        audit.record(session, actor=who, action="login_failed", at=now,
                     what={"user": username, "rate_limited": held.scope, "source": source})
        session.commit()
        wait = math.ceil(held.seconds)
        raise TooManyAttempts(f"too many failed logins from this {held.scope}; try again in {wait} s",
                              retry_after=wait)
    usable = user is not None and not user.disabled
    matched = check_password(user.password_hash if usable and user else dummy, password)
    ok = usable and matched
    lockout.note(session, source=source, username=username, ok=ok, kind="password", now=now)
    audit.record(session, actor=who, action="login" if ok else "login_failed",
                 what={"user": username, "rate_limited": False, "source": source}, at=now)
    session.commit()
    if not ok or user is None:
        raise AuthenticationError("unknown user, wrong password or disabled account")
    return as_actor(user)


def authenticate_token(session: Session, *, token: str, source: str = "",
                       now: datetime | None = None) -> Actor:
    """The actor behind an API token. Revoked tokens and disabled users are refused; wrong
    tokens count against the source, and a source or account in back-off is refused."""
    now = now or utcnow()
    held = lockout.wait(session, source=source, username=None, now=now)
    if not held:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token),
                                                    ApiToken.revoked_at.is_(None)))
        user = session.get(User, row.user_id) if row is not None else None
        if user is None or user.disabled:
            lockout.note(session, source=source, username="", ok=False, kind="token", now=now)
            session.commit()
            raise AuthenticationError("invalid or revoked API token")
        held = lockout.wait(session, source=source, username=user.username, now=now)
        if not held:
            return as_actor(user)
    lockout.note(session, source=source, username="", ok=False, kind="token", now=now, limited=True)
    session.commit()
    wait = math.ceil(held.seconds)
    raise TooManyAttempts(f"too many failed attempts from this {held.scope}; try again in {wait} s",
                          retry_after=wait)


