"""Partners and users: create, list, disable, tokens, and rate-limited login.

Every change to who may do what is written to the audit log.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from offensief.access import audit
from offensief.access.credentials import (
    check_password,
    hash_password,
    new_password,
    new_token,
    token_hash,
)
from offensief.access.policy import Actor, require
from offensief.access.rules import PARTNER_KINDS, ROLES
from offensief.db.actors import ApiToken, LoginAttempt, Partner, User
from offensief.db.base import utcnow
from offensief.model.errors import AuthenticationError, Conflict, InputError, NotFound

#: Failed logins allowed per username within :data:`LOGIN_WINDOW` before refusing.
MAX_FAILED_LOGINS = 5
LOGIN_WINDOW = timedelta(minutes=15)

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


def disable_user(session: Session, *, username: str, actor: Actor | None = None) -> User:
    """Disable an account and revoke its tokens."""
    if actor is not None:
        require(actor, "admin")
    user = get_user(session, username)
    user.disabled = True
    now = utcnow()
    for token in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                        ApiToken.revoked_at.is_(None))):
        token.revoked_at = now
    audit.record(session, actor=actor, action="user_disable", what={"user": username})
    return user


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


def authenticate(session: Session, *, username: str, password: str,
                 now: datetime | None = None) -> Actor:
    """Check a password login, rate-limited per username; commits the attempt record.

    Raises :class:`AuthenticationError` (the same message for unknown user and wrong
    password) and refuses every attempt after :data:`MAX_FAILED_LOGINS` failures in
    :data:`LOGIN_WINDOW`.
    """
    now = now or utcnow()
    failures = session.scalar(
        select(func.count()).select_from(LoginAttempt).where(
            LoginAttempt.username == username, LoginAttempt.ok.is_(False),
            LoginAttempt.at > now - LOGIN_WINDOW)
    ) or 0
    user = session.scalar(select(User).where(User.username == username))
    limited = failures >= MAX_FAILED_LOGINS
    ok = (not limited and user is not None and not user.disabled
          and check_password(user.password_hash, password))
    session.add(LoginAttempt(username=username, ok=ok, at=now))
    who = as_actor(user) if user is not None else Actor(0, username, "unknown", "other")
    audit.record(session, actor=who, action="login" if ok else "login_failed",
                 what={"user": username, "rate_limited": limited}, at=now)
    session.commit()
    if limited:
        raise AuthenticationError(f"too many failed logins for {username!r}; try again later")
    if not ok or user is None:
        raise AuthenticationError("unknown user, wrong password or disabled account")
    return as_actor(user)


def authenticate_token(session: Session, *, token: str) -> Actor:
    """The actor behind an API token (revoked tokens and disabled users are refused)."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token),
                                                ApiToken.revoked_at.is_(None)))
    user = session.get(User, row.user_id) if row is not None else None
    if user is None or user.disabled:
        raise AuthenticationError("invalid or revoked API token")
    return as_actor(user)
