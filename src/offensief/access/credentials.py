"""Password hashing (argon2id) and API tokens (random, stored as SHA-256)."""

from __future__ import annotations

import hashlib
import secrets
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

#: argon2id with the OWASP minimum (19 MiB, 2 passes, 1 lane): safe and fast enough for tests.
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, type=Type.ID)

TOKEN_PREFIX = "ofs_"


def hash_password(password: str) -> str:
    """The argon2id hash (with salt and parameters) of a password."""
    return HASHER.hash(password)


def check_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong password."""
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def dummy_hash() -> str:
    """A hash of a random password, checked when the user is unknown or disabled, so that a
    wrong login costs the same argon2 work whether the account exists or not."""
    return HASHER.hash(secrets.token_urlsafe(16))


def new_password() -> str:
    """A random password for generated accounts (shown once)."""
    return secrets.token_urlsafe(12)


def new_token() -> str:
    """A new API token; only its hash is stored."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """SHA-256 of a token: tokens are long random strings, so no salt or stretching is needed."""
    return hashlib.sha256(token.encode()).hexdigest()
