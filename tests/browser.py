"""Debian's Chromium under Playwright, one per test process.

Playwright's sync API runs one driver per thread at a time: a second ``sync_playwright()`` while
the first is open fails ("using Playwright Sync API inside the asyncio loop"). So every browser
test uses the session's one Chromium (the ``browser`` fixture of ``tests/conftest.py``), whatever
order the folders run in.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--disable-dev-shm-usage"]  # containers often give /dev/shm only 64 MB: a crashed tab


@contextmanager
def launched() -> Iterator[Browser]:
    """Headless Chromium until the block ends; skips the test where it is not installed."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (make test installs it)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
