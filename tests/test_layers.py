"""The architecture as a test: who may import whom, and who may query ``statements``.

Rules (DESIGN.md §2): domain packages never import the application layer (``casework``),
the front ends (``api``, ``web``, ``cli``) or the composition root (``server``); ``api``
and ``web`` never import each other (the pages use only the request context of
``api.deps``/``api.security``); SQL on the ``statements`` table lives in ``store`` (and in
finance's detector SQL). What is not yet true is listed explicitly below: each list may only
shrink — an entry that no longer offends fails the test, so it is removed when fixed.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import offensief

ROOT = Path(offensief.__file__).parent
DOMAIN = ("model", "store", "db", "ingest", "resolve", "network", "disrupt", "finance", "access",
          "cases", "protect", "prevent", "programme", "demo")
FRONT = ("casework", "api", "web", "cli", "server")
#: The request context the pages share with the API routes (not route internals).
WEB_MAY_USE = {"offensief.api.deps", "offensief.api.security"}
STATEMENT_SQL = re.compile(r"\b(from|join|into|update|table)\s+statements\b", re.IGNORECASE)


def modules() -> dict[str, Path]:
    return {".".join(("offensief", *p.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__"): p
            for p in ROOT.rglob("*.py")}


def imports(path: Path) -> set[str]:
    """Every module imported anywhere in the file (also inside functions and TYPE_CHECKING)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return {name for name in found if name.startswith("offensief")}


def package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_domain_packages_never_import_the_application_layer_or_front_ends() -> None:
    offences = sorted((name, target) for name, path in modules().items() if package(name) in DOMAIN
                      for target in imports(path) if package(target) in FRONT)
    assert offences == []


def test_api_and_web_never_import_each_other() -> None:
    offences = []
    for name, path in modules().items():
        for target in imports(path):
            if package(name) == "api" and package(target) == "web":
                offences.append((name, target))
            if package(name) == "web" and package(target) == "api" and target not in WEB_MAY_USE \
                    and target.rsplit(".", 1)[0] not in WEB_MAY_USE:
                offences.append((name, target))
    assert offences == []


def test_the_application_layer_imports_no_front_end() -> None:
    offences = sorted((name, target) for name, path in modules().items() if package(name) == "casework"
                      for target in imports(path) if package(target) in ("api", "web", "cli", "server"))
    assert offences == []


def test_only_store_and_finance_query_statements() -> None:
    querying = {str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
                if STATEMENT_SQL.search(p.read_text(encoding="utf-8"))}
    outside = {p for p in querying if not p.startswith(("store/", "finance/"))}
    assert outside == set(), "SQL on statements outside store/finance: move it into store"
    assert "store/reads.py" in querying  # the rule's pattern still finds real SQL


def test_the_checks_see_real_imports() -> None:
    """Guard against a vacuous pass: the scanner finds known edges."""
    found = imports(ROOT / "server.py")
    assert "offensief.web.pages" in found and "offensief.api.routes" in found
    assert package("offensief.api.deps") == "api"
