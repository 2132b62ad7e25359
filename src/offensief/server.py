"""The composition root: ``create_app(workspace)`` mounts the API routers and the web pages.

>>> app = create_app(Workspace.open("demo-workspace"))   # doctest: +SKIP
>>> uvicorn.run(app, host="127.0.0.1", port=8000)        # doctest: +SKIP

Everything the app needs is kept on ``app.state`` (no module globals): the workspace, and
while the app runs (its lifespan) one DuckDB connection (requests use their own cursor), the
operational-store database, the job runner and the audit writer; further the analysis cache
(with prepared network indexes, caption tables and entity rows beside it), the Jinja2
templates and the cookie signer. ``api`` and ``web`` never import each other: both are
mounted here, and what they share lives in ``casework`` (or, for the request itself, in
``api.deps``, which the pages use as their request context).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from importlib import resources
from typing import Any

from anyio import to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import offensief
from offensief.api.auditing import AuditMiddleware, AuditWriter, track_writes
from offensief.api.captions import CaptionCache
from offensief.api.cursors import close_store, own_cursor, release_cursors
from offensief.api.errors import ERROR_SCHEMA, install_error_handlers
from offensief.api.routes import ROUTERS
from offensief.api.rows import RowCache
from offensief.api.security import SecurityMiddleware, SessionCodec
from offensief.api.sqlite import patient_sqlite
from offensief.casework.cache import AnalysisCache
from offensief.casework.jobs import JobRunner
from offensief.casework.netindex import IndexCache
from offensief.casework.runs import Engine
from offensief.db import Database, open_workspace_database
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from offensief.web.pages import PAGE_ROUTERS
from offensief.web.render import template_environment

#: Concurrent request threads: the SQLAlchemy pool holds 15 connections.
REQUEST_THREADS = 12
#: Seconds a stopping app waits for its cursors to come back, then for its jobs to end. A job
#: ends at its next progress report and a query at once when interrupted; only a long step
#: that reports nothing (one big graph computation) takes longer, and is then abandoned.
STOP_SECONDS = 10.0

log = logging.getLogger(__name__)


def stop_app(state: Any, *, dispose_database: bool) -> None:
    """Stop what the lifespan started, each before what it uses: the job runner takes no new
    jobs and tells the running ones (queued ones fail); running queries are interrupted; the
    jobs are waited for (they may still record audit entries); then the audit writer, the
    store and the database close."""
    state.jobs.stop()
    release_cursors(state, timeout=STOP_SECONDS)
    if not state.jobs.join(timeout=STOP_SECONDS):
        log.warning("a background job still runs after %.0f s; the app stops without it", STOP_SECONDS)
    state.audit_writer.close()
    close_store(state)
    if dispose_database:
        state.db.dispose()


def create_app(
    workspace: Workspace,
    *,
    database: Database | None = None,
    workers: int = 2,
    secure_cookies: bool = False,
    session_hours: float = 8.0,
    idle_minutes: float = 30.0,
) -> FastAPI:
    """Build the API and web UI for one workspace.

    ``database`` overrides the workspace's operational store (tests on PostgreSQL);
    ``secure_cookies`` marks the session cookie ``Secure`` (behind HTTPS); ``workers`` is the
    size of the background job pool.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = Store.open(workspace)
        app.state.cursor_lock = threading.Lock()
        app.state.cursors = set()
        app.state.closing = False  # set again when this lifespan stops (see stop_app)
        app.state.db = database or open_workspace_database(workspace)
        patient_sqlite(app.state.db.engine)
        app.state.jobs = JobRunner(workers=workers)
        track_writes(app.state.db.factory)
        app.state.audit_writer = AuditWriter(app.state.db)
        app.state.engine = Engine(app.state.cache, app.state.jobs, partial(own_cursor, app.state),
                                  app.state.audit_writer.write)
        # no more request threads than operational-store connections (pool 5 + overflow 10)
        to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        try:
            yield
        finally:
            stop_app(app.state, dispose_database=database is None)

    app = FastAPI(
        title="Offensief",
        version=getattr(offensief, "__version__", "0.1.0"),
        description=(
            "Multi-agency case work against organised, subversive crime. Every route checks "
            "the policy and writes the audit log. Errors always have the shape "
            '`{"error": {"code", "message", "details"}}`.'
        ),
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: publish only /openapi.json
        redoc_url=None,
        responses={
            "default": {"description": "Error", "content": {"application/json": {"schema": ERROR_SCHEMA}}}
        },
    )
    app.state.workspace = workspace
    app.state.cache = AnalysisCache(workspace.cache_dir / "analyses")
    app.state.networks = IndexCache()
    app.state.captions = CaptionCache()
    app.state.rows = RowCache()
    app.state.codec = SessionCodec(workspace.secret, max_age=int(session_hours * 3600),
                                   idle_minutes=idle_minutes)
    app.state.secure_cookies = secure_cookies
    app.state.templates = Jinja2Templates(env=template_environment())

    install_error_handlers(app)
    app.add_middleware(AuditMiddleware)
    app.add_middleware(SecurityMiddleware)
    static = resources.files("offensief.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for router in ROUTERS:
        app.include_router(router)
    for router in PAGE_ROUTERS:
        app.include_router(router, include_in_schema=False)
    return app
