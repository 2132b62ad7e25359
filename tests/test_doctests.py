"""Every ``>>>`` example in the package runs (those needing a server or a workspace are
marked ``+SKIP`` where they stand)."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

import offensief

ROOT = Path(offensief.__file__).parent
WITH_EXAMPLES = sorted(
    ".".join(("offensief", *p.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__")
    for p in ROOT.rglob("*.py") if ">>>" in p.read_text(encoding="utf-8"))


def test_examples_are_found() -> None:
    assert len(WITH_EXAMPLES) >= 20  # the collection itself cannot silently find nothing


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = finder.find(module, name, globs=vars(module).copy())
    assert tests, f"{name} has '>>>' but no doctest was found"
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
