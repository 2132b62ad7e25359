"""The docs name every ``offensief resolve`` command and every key of the JSON shapes."""

from __future__ import annotations

from pathlib import Path

from offensief.cli.resolve import app

DOCS = Path(__file__).resolve().parents[2] / "docs" / "resolve.md"


def test_every_command_and_output_key_is_documented():
    text = DOCS.read_text()
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"offensief resolve {name}" in text, name
    for key in ("members", "schema", "probability", "match_weight", "tf_adjustment",
                "prior_weight", "merged", "canonical", "judgements", "verdict", "caption"):
        assert f'"{key}"' in text, key
    assert "load_mapping" in text
