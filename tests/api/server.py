"""Run the app under a real uvicorn server on 127.0.0.1 (a random free port), in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from offensief.server import STOP_SECONDS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields the base URL."""
    port = free_port()
    # a longer keep-alive than the default 5 s: a test process that is busy (the app's jobs, another
    # test worker on the same cores) must not close a connection just as its client reuses it
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on",
                            timeout_keep_alive=60)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        # the app's stop waits for its cursors, then its jobs, then closes the store
        thread.join(timeout=3 * STOP_SECONDS + 10)
        if thread.is_alive():  # never leave a server running over the next test's files
            raise RuntimeError("uvicorn did not stop")
