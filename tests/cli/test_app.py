"""The root command: usage errors and user errors are one clear message, never a traceback."""

from __future__ import annotations

import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "offensief.cli.app", *args], capture_output=True, text=True, check=False)


def test_unknown_option_is_a_usage_error_without_traceback() -> None:
    proc = run("disrupt", "plan", "--no-such-option")
    assert proc.returncode == 2
    assert "No such option" in proc.stderr and "Traceback" not in proc.stderr


def test_help_lists_every_domain() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    for name in ("ingest", "dataset", "demo", "resolve", "network", "disrupt", "finance", "case", "audit", "serve"):
        assert name in proc.stdout
