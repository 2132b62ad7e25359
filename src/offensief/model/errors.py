"""The error tree: one root, domain subclasses, structured details.

Every error a user can cause is an :class:`OffensiefError`. Adapters (CLI, API) turn it
into one clear line or one JSON error shape; nothing else catches it.
"""

from __future__ import annotations

from typing import Any


class OffensiefError(Exception):
    """Root of all errors Offensief raises on purpose."""

    code = "offensief_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = {k: v for k, v in details.items() if v is not None}

    def to_dict(self) -> dict[str, Any]:
        """The structured form used by the API and ``--json`` output."""
        return {"code": self.code, "message": self.message, "details": self.details}

    def __str__(self) -> str:
        return self.message


class ConfigError(OffensiefError):
    """Workspace missing, misconfigured or of the wrong version."""

    code = "config_error"


class NotFound(OffensiefError):
    """A named thing (dataset, case, entity, user) does not exist."""

    code = "not_found"


class Conflict(OffensiefError):
    """The thing already exists or the state forbids the change."""

    code = "conflict"


class InputError(OffensiefError):
    """Bad input data: names file, line and field wherever they are known."""

    code = "input_error"

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        **details: Any,
    ) -> None:
        where = ":".join(str(p) for p in (file, line) if p is not None)
        text = f"{where}: {message}" if where else message
        if field:
            text = f"{text} (field {field!r})"
        super().__init__(text, file=file, line=line, field=field, **details)
        self.file, self.line, self.field = file, line, field


class PermissionDenied(OffensiefError):
    """The policy said no. Carries the rule that decided, never the protected data."""

    code = "permission_denied"


class AuthenticationError(OffensiefError):
    """Unknown user, wrong password, disabled account or rate-limited login."""

    code = "authentication_error"


class TooManyAttempts(AuthenticationError):
    """Too many failed logins or token attempts from this source or on this account: wait."""

    code = "too_many_attempts"


class TooLarge(InputError):
    """An upload over the configured size or row limit (HTTP 413)."""

    code = "too_large"
