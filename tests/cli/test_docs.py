"""The CLI reference in docs/cli.md is generated from the code and must be current."""

from __future__ import annotations

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_current() -> None:
    render = runpy.run_path(str(ROOT / "scripts" / "cli_reference.py"))["render"]
    current = (ROOT / "docs" / "cli.md").read_text()
    assert render() == current, "docs/cli.md is stale: run .venv/bin/python scripts/cli_reference.py"


def test_every_command_is_documented_in_the_reference() -> None:
    text = (ROOT / "docs" / "cli.md").read_text()
    for command in ("offensief ingest", "offensief dataset add", "offensief demo generate",
                    "offensief resolve judge", "offensief network roles", "offensief disrupt plan",
                    "offensief finance alerts", "offensief audit verify", "offensief retention run"):
        assert f"## `{command}`" in text
