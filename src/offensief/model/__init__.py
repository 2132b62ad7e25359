"""The FollowTheMoney model as used here: statements with provenance, datasets, errors."""

from offensief.model.errors import (
    AuthenticationError,
    ConfigError,
    Conflict,
    InputError,
    NotFound,
    OffensiefError,
    PermissionDenied,
)

__all__ = [
    "AuthenticationError",
    "ConfigError",
    "Conflict",
    "InputError",
    "NotFound",
    "OffensiefError",
    "PermissionDenied",
]
