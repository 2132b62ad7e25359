"""Drive the documented CLI as a new user would: a fresh workspace, registered datasets,
a user and a case, and the analysis commands with ``--json FILE``.

Commands that work on the store get ``--case CASE --as USER`` when their ``--help`` lists
those options, so the benchmark runs before and after the CLI asks for them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

OFFENSIEF = str(Path(sys.executable).with_name("offensief"))
USER, PARTNER, PASSWORD = "validator", "riec-validatie", "validity-Passw0rd!"


class CliError(RuntimeError):
    """A documented command failed; carries the command and its stderr."""


class Runner:
    def __init__(self, workspace: Path, *, log=print) -> None:
        self.ws = workspace
        self.env = {**os.environ, "OFFENSIEF_WORKSPACE": str(workspace),
                    "OFFENSIEF_PASSWORD": PASSWORD}
        self.env.pop("OFFENSIEF_USER", None)
        self.case: str | None = None
        self.log = log
        self.timings: dict[str, float] = {}
        self._help: dict[tuple[str, ...], str] = {}

    def run(self, *args: str, label: str | None = None, check: bool = True) -> str:
        start = time.perf_counter()
        proc = subprocess.run([OFFENSIEF, *args], env=self.env, capture_output=True, text=True,
                              check=False)
        if label:
            self.timings[label] = round(time.perf_counter() - start, 2)
        if check and proc.returncode != 0:
            raise CliError(f"offensief {' '.join(args)} -> exit {proc.returncode}: "
                           f"{(proc.stderr or proc.stdout).strip()[-800:]}")
        return proc.stdout

    def options(self, *command: str) -> str:
        if command not in self._help:
            self._help[command] = self.run(*command, "--help", check=False)
        return self._help[command]

    def scope(self, *command: str) -> list[str]:
        """``--case``/``--as`` for a store command whose help lists them."""
        text = self.options(*command)
        extra = []
        if self.case and re.search(r"--case\b", text):
            extra += ["--case", self.case]
        if re.search(r"--as\b", text):
            extra += ["--as", USER]
        return extra

    def init(self, manifest: Path) -> dict[str, int]:
        """A fresh workspace with every dataset of ``manifest`` loaded through the CLI."""
        if self.ws.exists():
            shutil.rmtree(self.ws)
        self.run("init", str(self.ws))
        root = manifest.parent
        datasets = json.loads(manifest.read_text(encoding="utf-8"))["datasets"]
        loaded = {}
        start = time.perf_counter()
        for d in datasets:
            self.run("dataset", "add", d["name"], "--partner", d["partner"], "--regime", d["regime"],
                     "--purpose", d["purpose"], "--collected-at", d["collected_at"],
                     "--title", d.get("title") or d["name"])
            for f in d["files"]:
                args = ["ingest", "--dataset", d["name"], str(root / f["path"])]
                if f.get("mapping"):
                    args += ["--mapping", str(root / f["mapping"])]
                out = self.ws / f"load-{d['name']}.json"
                self.run(*args, "--json", str(out))
                summary = json.loads(out.read_text(encoding="utf-8"))
                loaded[f["path"]] = _records(summary)
        self.timings["load"] = round(time.perf_counter() - start, 2)
        self._case([d["name"] for d in datasets])
        return loaded

    def _case(self, datasets: list[str]) -> None:
        """A user and a case holding every dataset (documented user/case commands)."""
        self.run("partner", "add", PARTNER, "--kind", "riec", "--title", "RIEC validatie")
        self.run("user", "add", USER, "--partner", PARTNER, "--role", "analyst",
                 "--set-password", PASSWORD)
        self.run("case", "create", "Validatie", "--level", "regional", "--phenomenon",
                 "drugs en witwassen", "--owner", PARTNER, "--purpose", "validatie van de analyses",
                 "--legal-basis", "Wpg art. 9", "--as", USER)
        cases = json.loads(self.run("case", "list", "--as", USER, "--json", "-"))
        self.case = str(cases[-1]["id"])
        for name in datasets:
            self.run("case", "attach", self.case, name, "--as", USER)
            # The suppliers release their data to the case (as a covenant would): without it a
            # RIEC analyst sees police, bank and tax data only as tokens and every finding that
            # rests on them is withheld (docs/access.md, derived data).
            self.run("case", "release", self.case, name,
                     "--reason", "validatie: bronnen vrijgegeven aan het casusteam")

    def analysis(self, command: tuple[str, ...], out: Path, *extra: str) -> object:
        """Run a store analysis with ``--json out`` and return the parsed JSON."""
        args = [*command, "--json", str(out), *extra, *self.scope(*command)]
        self.log("  offensief " + " ".join(args))
        self.run(*args, label=" ".join(command))
        return json.loads(out.read_text(encoding="utf-8"))

    def on_file(self, command: tuple[str, ...], path: Path, out: Path, *extra: str) -> object:
        """Run an analysis on a network file (no case: the file is the input)."""
        self.run(*command, str(path), "--json", str(out), *extra)
        return json.loads(out.read_text(encoding="utf-8"))


def _records(summary: object) -> int:
    """Records loaded, from the ingest summary (a dict or a list of per-file dicts)."""
    items = summary if isinstance(summary, list) else [summary]
    total = 0
    for item in items:
        if isinstance(item, dict):
            total += int(item.get("records") or 0)
    return total
