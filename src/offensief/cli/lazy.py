"""Sub-commands loaded on first use, so ``offensief init`` does not import igraph or Splink.

The registry is data: command name → ``module:attribute`` of a Typer app (a command group)
or of a plain function (a single command). ``offensief --help`` lists every name without
importing any of them; only the command that runs is imported.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

#: name → (module, attribute); a Typer attribute is a group, a function a single command.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "audit": ("offensief.cli.audit", "app"),
    "case": ("offensief.cli.cases", "app"),
    "demo": ("offensief.cli.demo", "app"),
    "disrupt": ("offensief.cli.disrupt", "app"),
    "finance": ("offensief.cli.finance", "app"),
    "hit": ("offensief.cli.cases", "hit"),
    "network": ("offensief.cli.network", "app"),
    "partner": ("offensief.cli.partners", "app"),
    "resolve": ("offensief.cli.resolve", "app"),
    "retention": ("offensief.cli.retention", "app"),
    "reveal": ("offensief.cli.cases", "reveal"),
    "serve": ("offensief.cli.serve", "app"),
    "subject": ("offensief.cli.subject", "app"),
    "user": ("offensief.cli.users", "app"),
    "search": ("offensief.cli.workbench", "search"),
    "export": ("offensief.cli.exporting", "export"),
}

#: One-line help shown by ``offensief --help`` without importing the command.
LAZY_HELP: dict[str, str] = {
    "audit": "Verify and list the hash-chained audit log.",
    "case": "Cases: create, members, datasets, releases, close.",
    "demo": "The synthetic demo world: generate it, or run everything end to end.",
    "disrupt": "Disruption what-ifs with recovery, and intervention plans.",
    "finance": "Laundering alerts, money tracing, asset inventory.",
    "hit": "Hit/no-hit: is an identifier known in another case?",
    "network": "Network measures, communities, roles, time slices.",
    "partner": "Partner organisations.",
    "resolve": "Entity resolution: clusters, judgements, explanations.",
    "retention": "Retention: purge expired data, legal holds.",
    "reveal": "Reveal a pseudonymised value, with a recorded reason.",
    "serve": "Serve the web UI and the API.",
    "subject": "Data-subject requests.",
    "user": "Users, roles and API tokens.",
    "search": "Search a case: names, IBAN, phone, plate, address, KvK number.",
    "export": "Export a case: GraphML, GEXF, i2 ANX, FtM JSON lines, CSV or a PDF report.",
}


class LazyGroup(TyperGroup):
    """A Typer group that imports registered sub-commands only when they are used."""

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in LAZY_COMMANDS:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = LAZY_COMMANDS[cmd_name]
        target = getattr(importlib.import_module(module_name), attribute)
        if isinstance(target, typer.Typer):
            command = typer.main.get_command(target)
        else:
            single = typer.Typer()
            single.command(cmd_name)(target)
            command = typer.main.get_command(single)
        command.name = cmd_name
        if not command.help:
            command.help = LAZY_HELP.get(cmd_name, "")
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """List commands with their one-line help, importing none of the lazy ones."""
        rows = []
        for name in self.list_commands(ctx):
            if name in LAZY_COMMANDS:
                rows.append((name, LAZY_HELP.get(name, "")))
            else:
                command = super().get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(limit=80)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
