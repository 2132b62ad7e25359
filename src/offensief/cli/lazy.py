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
    "intervention": ("offensief.cli.interventions", "app"),
    "kpi": ("offensief.cli.programme", "kpi"),
    "network": ("offensief.cli.network", "app"),
    "partner": ("offensief.cli.partners", "app"),
    "programme": ("offensief.cli.programme", "app"),
    "protect": ("offensief.cli.protect", "app"),
    "release": ("offensief.cli.releases", "app"),
    "resolve": ("offensief.cli.resolve", "app"),
    "results": ("offensief.cli.interventions", "results"),
    "retention": ("offensief.cli.retention", "app"),
    "reveal": ("offensief.cli.cases", "reveal"),
    "serve": ("offensief.cli.serve", "app"),
    "subject": ("offensief.cli.subject", "app"),
    "user": ("offensief.cli.users", "app"),
    "correction": ("offensief.cli.corrections", "app"),
    "area": ("offensief.cli.prevent", "area_app"),
    "prevention": ("offensief.cli.prevent", "prevention_app"),
    "campaign": ("offensief.cli.prevent", "campaign_app"),
    "note": ("offensief.cli.annotations", "note_app"),
    "view": ("offensief.cli.annotations", "view_app"),
    "search": ("offensief.cli.workbench", "search"),
    "export": ("offensief.cli.exporting", "export"),
}

#: One-line help shown by ``offensief --help`` without importing the command.
LAZY_HELP: dict[str, str] = {
    "audit": "Verify and list the hash-chained audit log.",
    "case": "Cases: create, members, datasets, releases, close.",
    "demo": "The synthetic demo world: generate it, or run everything end to end.",
    "disrupt": "Disruption what-ifs with recovery, and intervention plans.",
    "release": "Release findings to partners on a legal ground; read those released to you.",
    "finance": "Laundering alerts, money tracing, asset inventory.",
    "hit": "Hit/no-hit: is an identifier known in another case?",
    "intervention": "Interventions in a case: propose, approve, execute, results, seizures.",
    "kpi": "KPIs of oprollen, afpakken and voorkomen per case, region or nationally.",
    "network": "Network measures, communities, roles, time slices.",
    "partner": "Partner organisations.",
    "programme": "Programme control: budget, commitments and spending, progress reports.",
    "protect": "The protection register: threatened people, threat products, measures.",
    "resolve": "Entity resolution: clusters, judgements, explanations.",
    "results": "A case's results: interventions, afpakken, effect against the plan.",
    "retention": "Retention: purge expired data, legal holds.",
    "reveal": "Reveal a pseudonymised value, with a recorded reason.",
    "serve": "Serve the web UI and the API.",
    "subject": "Data-subject requests.",
    "user": "Users, roles and API tokens.",
    "correction": "Ask a dataset's supplier for a correction; decide on requests to yours.",
    "area": "Area indicators with disclosure control, and maps.",
    "prevention": "Prevention tracks per area (education, work, housing, safety).",
    "campaign": "Drug-normalisation campaigns and their measured effect.",
    "search": "Search a case: names, IBAN, phone, plate, address, KvK number.",
    "export": "Export a case: GraphML, GEXF, i2 ANX, FtM JSON lines, CSV or a PDF report.",
    "note": "Notes on nodes and links of a case, shared with its members.",
    "view": "Saved views of the workbench canvas of a case.",
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
