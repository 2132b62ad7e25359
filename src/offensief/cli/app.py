"""The ``offensief`` command: one Typer app, one sub-app per domain."""

from __future__ import annotations

import sys

import click
import typer

from offensief.cli import dataset, demo, ingest, workspace
from offensief.cli import disrupt, network, resolve, serve
from offensief.cli import finance as finance_cli
from offensief.cli import audit as audit_cli, cases as cases_cli, partners as partners_cli
from offensief.cli import retention as retention_cli, subject as subject_cli, users as users_cli
from offensief.cli.context import err_console
from offensief.model.errors import OffensiefError

app = typer.Typer(
    name="offensief",
    help="Offensief: from scattered partner data to a defensible intervention plan.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

workspace.register(app)
ingest.register(app)
app.add_typer(dataset.app, name="dataset")
app.add_typer(demo.app, name="demo")
# Domain sub-apps register below, one line each (keep this block sorted).
# -- domain registrations --
app.add_typer(disrupt.app, name="disrupt")
app.add_typer(finance_cli.app, name="finance")
app.add_typer(network.app, name="network")
app.add_typer(resolve.app, name="resolve")
app.add_typer(serve.app, name="serve")
app.add_typer(audit_cli.app, name="audit")
app.add_typer(cases_cli.app, name="case")
app.command("hit")(cases_cli.hit)
app.add_typer(partners_cli.app, name="partner")
app.add_typer(retention_cli.app, name="retention")
app.command("reveal")(cases_cli.reveal)
app.add_typer(subject_cli.app, name="subject")
app.add_typer(users_cli.app, name="user")
# -- end of domain registrations --


def main() -> None:
    """Entry point: user errors print one clear line and exit 2, never a traceback."""
    try:
        app(standalone_mode=False)
    except OffensiefError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(1)
    except click.ClickException as exc:  # usage errors, in non-standalone mode
        exc.show()
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
