"""docs/disrupt.md documents every strategy, command, preset and JSON shape."""

from __future__ import annotations

from pathlib import Path

from offensief.cli.disrupt import app
from offensief.disrupt.conventions import PRESETS
from offensief.disrupt.strategies import STRATEGIES

DOC = Path(__file__).resolve().parents[2] / "docs" / "disrupt.md"


def test_docs_cover_strategies_commands_presets_and_shapes():
    text = DOC.read_text(encoding="utf-8")
    for name in STRATEGIES:
        assert f"`{name}`" in text or f"/ `{name}`" in text or name in text, name
    for command in app.registered_commands:
        assert f"offensief disrupt {command.name}" in text, command.name
    for name in PRESETS:
        assert name in text, name
    for key in ('"conventions"', '"targets"', '"strategies"', '"effect"', '"advice"'):
        assert key in text, key
