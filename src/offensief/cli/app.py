"""The ``offensief`` command: one Typer app, one sub-app per domain."""

from __future__ import annotations

import sys

import typer

from offensief.cli import dataset, ingest, workspace
from offensief.cli.context import err_console
from offensief.cli.lazy import LazyGroup
from offensief.model.errors import OffensiefError

app = typer.Typer(
    name="offensief",
    help="Offensief: from scattered partner data to a defensible intervention plan.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    cls=LazyGroup,
)

workspace.register(app)
ingest.register(app)
app.add_typer(dataset.app, name="dataset")
# Domain sub-commands are registered in offensief.cli.lazy and imported on first use.


def main() -> None:
    """Entry point: user errors print one clear line and exit 2, never a traceback."""
    try:
        code = app(standalone_mode=False)  # click returns (not raises) typer.Exit's code here
    except OffensiefError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(1)
    except typer.TyperException as exc:  # usage errors (Typer's own click), non-standalone mode
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(getattr(exc, "exit_code", 2))
    if isinstance(code, int) and code:
        sys.exit(code)


if __name__ == "__main__":
    main()
