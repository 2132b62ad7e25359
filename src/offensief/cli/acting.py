"""The CLI as a caller of the application layer: ``--as USER`` authenticated, audited.

Commands that read personal data or a register run as a named, authenticated user: the
``--as`` option (or ``$OFFENSIEF_USER``) and that user's password (``$OFFENSIEF_PASSWORD`` or
a prompt). :func:`cli_caller` opens the workspace's stores and yields a
:class:`~offensief.casework.caller.Caller` whose audit entries are appended at once, exactly
as the API's are.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from offensief.casework.caller import Caller
from offensief.cli.users import acting, operational
from offensief.store.duckstore import Store


def command_line() -> str:
    """The command as typed (the purpose recorded in the audit log)."""
    return "cli: " + " ".join(shlex.quote(a) for a in ["offensief", *sys.argv[1:]])[:500]


@contextmanager
def cli_caller(workspace: Path | None, username: str | None, password: str | None, *,
               store: bool = False) -> Iterator[Caller]:
    """Open the workspace (and with ``store`` its analytical store) as the ``--as`` user.

    Without ``--as`` this raises :class:`~offensief.model.errors.AuthenticationError`
    naming the option: there is no anonymous reading of personal data or registers."""
    with ExitStack() as stack:
        op = stack.enter_context(operational(workspace))
        actor = acting(op.session, username, password, required=True)
        assert actor is not None
        analytical = stack.enter_context(Store.open(op.workspace)) if store else None
        yield Caller(actor=actor, db=op.session, workspace=op.workspace, store=analytical,
                     purpose=command_line())
