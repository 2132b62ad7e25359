"""One small demo world per test session (generation takes a few seconds)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from offensief.demo.generator import DemoResult, generate


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoResult, float]:
    """The small world for seed 7, and how long generating it took: seconds of this process's
    CPU time, which other processes on the shared cores do not inflate (the wall clock did,
    up to several times on a loaded CI runner)."""
    out = tmp_path_factory.mktemp("demo") / "world"
    started = time.process_time()
    result = generate(seed=7, size="small", out=out)
    return result, time.process_time() - started


@pytest.fixture(scope="session")
def world_dir(small_world: tuple[DemoResult, float]) -> Path:
    """Folder of the small world."""
    return small_world[0].out
