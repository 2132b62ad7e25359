"""Every API route is documented in docs/api.md (tests that fail when docs are missing)."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_every_route_is_documented(app) -> None:
    text = DOC.read_text()
    missing = [f"{method.upper()} {path}" for path, ops in app.openapi()["paths"].items()
               for method in ops if f"`{path}`" not in text]
    assert not missing, f"document these routes in docs/api.md: {missing}"
