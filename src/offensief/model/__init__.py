"""The FollowTheMoney model as used here: statements with provenance, datasets, errors."""

from offensief.model.errors import (
    AuthenticationError,
    Conflict,
    ConfigError,
    InputError,
    NotFound,
    OffensiefError,
    PermissionDenied,
)

__all__ = [
    "AuthenticationError",
    "Conflict",
    "ConfigError",
    "InputError",
    "NotFound",
    "OffensiefError",
    "PermissionDenied",
]
