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
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from offensief.access.policy import CaseRef
from offensief.access.view import CaseView
from offensief.casework.caller import Caller
from offensief.casework.cases import open_case
from offensief.cli.context import console
from offensief.cli.users import acting, operational
from offensief.db.cases import Case
from offensief.model.errors import AuthenticationError, InputError
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


#: ``--case``: the case a command on the workspace's store reads (as the ``--as`` user sees it).
CaseOption = Annotated[str | None, typer.Option(
    "--case", envvar="OFFENSIEF_CASE", show_default=False,
    help="Store only: the case (name or id) to read, as the --as user may see it.")]


@dataclass
class CaseRun:
    """A command reading one case as one user: the caller, the case and the user's view."""

    caller: Caller
    case: Case
    ref: CaseRef
    view: CaseView


@contextmanager
def case_run(workspace: Path | None, case: str | None, username: str | None, password: str | None,
             *, command: str, action: str = "read_pseudonymised") -> Iterator[CaseRun]:
    """Open ``case`` for the ``--as`` user (audited like the API) with a progress bar for the
    analyses it runs. Without ``--as`` raises naming ``--as``, without ``--case`` naming
    ``--case``: there is no anonymous, case-less reading of the store's personal data."""
    if username is None:
        raise AuthenticationError(f"{command} on the workspace's store shows personal data: "
                                  "pass --as USER (or set OFFENSIEF_USER) and --case CASE")
    if case is None:
        raise InputError(f"{command} on the workspace's store reads one case: pass --case CASE "
                         "(its datasets as --as USER may see them)", field="case")
    with cli_caller(workspace, username, password, store=True) as caller, \
            Progress(console=console, transient=True) as bar:
        task = bar.add_task(command, total=None)

        def progress(done: int, total: int, message: str = "") -> None:
            bar.update(task, completed=done, total=total or None, description=message or command)

        caller.progress = progress
        row, ref = open_case(caller, case, action=action, what={"command": command})
        yield CaseRun(caller, row, ref, caller.view(row))
