"""docs/access.md documents the matrix the code enforces, and every CLI command."""

from __future__ import annotations

from pathlib import Path

from offensief.access.matrix import regimes_markdown, roles_markdown
from offensief.access.rules import ACTIONS

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"


def test_matrix_in_docs_matches_rules():
    text = DOC.read_text()
    assert roles_markdown() in text
    assert regimes_markdown() in text
    assert all(action in text for action in ACTIONS)


def test_cli_commands_documented():
    text = DOC.read_text()
    for command in ("partner add", "user add", "user disable", "case create", "case add-member",
                    "case attach", "case close", "audit verify", "audit list", "retention run",
                    "subject export", "offensief hit", "offensief reveal"):
        assert command in text, command
