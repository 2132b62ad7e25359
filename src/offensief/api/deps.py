"""Request dependencies: the operational-store session, the actor, the store cursor.

Every route takes a :class:`Context`. It authenticates the request (a bearer token, else
the session cookie), checks the CSRF token on unsafe cookie-authenticated requests, opens
one operational-store session (committed when the route succeeds) and one DuckDB cursor.
:attr:`Context.caller` is the one door to the policy and the audit log (:meth:`Context.allow`
and :meth:`Context.audit` delegate to it), as for every other front end.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Hashable
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from offensief.access import audit, sessions
from offensief.access.actors import as_actor, authenticate_token
from offensief.access.audit import Entry
from offensief.access.policy import Actor, CaseRef, Decision
from offensief.access.view import CaseView, case_view
from offensief.api.auditing import PENDING, SESSION, wrote
from offensief.api.captions import CaptionCache
from offensief.api.cursors import own_cursor
from offensief.api.rows import RowCache, Rows
from offensief.api.security import COOKIE, CSRF_FIELD, CSRF_HEADER, UNSAFE_METHODS, SessionCodec
from offensief.api.security import Session as WebSession
from offensief.casework.cache import AnalysisCache
from offensief.casework.caller import Caller
from offensief.casework.fingerprint import data_fingerprint
from offensief.casework.jobs import JobRunner
from offensief.casework.netindex import IndexCache
from offensief.db.actors import User
from offensief.db.cases import Case
from offensief.model.errors import AuthenticationError, PermissionDenied
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

#: Look-ups of at most this many entity ids are kept in the row cache.
ROW_CACHE_IDS = 200

#: A case id in a path: a positive 32-bit integer (what every database can store).
CaseId = Annotated[int, Path(ge=1, le=2_147_483_647, description="numeric case id")]


AuditSink = Callable[[Entry], None]


@dataclass
class RequestView(CaseView):
    """The case view of one request. Its audit entries go with the request's others
    (:meth:`Context.audit`); captions come from the app's :class:`CaptionCache` (one scan of
    the names per view and data version instead of one per request) and the rows of entity
    look-ups from its :class:`RowCache`. Rows are masked and every read is audited exactly as
    by :class:`CaseView`."""

    caption_cache: CaptionCache | None = None
    row_cache: RowCache | None = None
    audit_sink: AuditSink | None = None
    _version: str | None = field(default=None, init=False, repr=False)

    def version(self) -> str:
        """The fingerprint of the visible data (computed once per request)."""
        if self._version is None:
            self._version = data_fingerprint(self.store, sorted(self.levels))
        return self._version

    def cached(self, query: Hashable, fetch: Callable[[], Rows]) -> Rows:
        """Rows of a read of the visible datasets, from the row cache when there is one."""
        if self.row_cache is None:
            return fetch()
        return self.row_cache.rows(tuple(sorted(self.levels)), self.version(), query, fetch)

    def _audit(self, action: str, what: dict[str, Any]) -> None:
        if self.audit_sink is None:
            super()._audit(action, what)
            self.session.commit()
            return
        self.audit_sink(Entry.of(actor=self.actor, action=action, case_id=self.case.id,
                                 purpose=self.purpose, what=what))

    def _query(self, *, ids: list[str] | None, schema: str | None = None,
               props: tuple[str, ...] | None = None, limit: int | None = None) -> Rows:
        if ids is None or not ids or len(ids) > ROW_CACHE_IDS:  # whole-case reads are not kept
            return super()._query(ids=ids, schema=schema, props=props, limit=limit)
        query = ("statements", tuple(ids), schema, props, limit)
        return self.cached(query, lambda: CaseView._query(self, ids=ids, schema=schema,
                                                           props=props, limit=limit))

    def _captions(self, ids: list[str] | None) -> dict[str, str]:
        if ids is None or self.caption_cache is None:
            return super()._captions(ids)
        levels = tuple(sorted(self.levels.items()))
        table = self.caption_cache.table((self.case.id, levels), self.version(),
                                         lambda: CaseView._captions(self, None))
        return {i: table.get(i, i) for i in ids}


@dataclass
class Context:
    """Everything a route needs, for one request."""

    request: Request
    db: Session
    store: Store
    actor: Actor
    via: str  # "token" | "cookie"
    web_session: WebSession | None = None
    audited: list[str] = field(default_factory=list)

    @property
    def workspace(self) -> Workspace:
        return self.request.app.state.workspace

    @property
    def jobs(self) -> JobRunner:
        return self.request.app.state.jobs

    @property
    def cache(self) -> AnalysisCache:
        return self.request.app.state.cache

    @property
    def networks(self) -> IndexCache:
        return self.request.app.state.networks

    @cached_property
    def caller(self) -> Caller:
        """This request as the one caller of the application layer: the policy door and the
        audit trail are the caller's (:meth:`allow`, :meth:`audit` only delegate); its
        entries go with the request's others (:meth:`_record`)."""
        def sink(entry: Entry) -> None:
            self._record(entry)
            self.audited.append(entry.action)
        return Caller(actor=self.actor, db=self.db, workspace=self.workspace, store=self.store,
                      purpose=self.request.url.path, sink=sink,
                      engine=self.request.app.state.engine, views=self.view)

    @property
    def csrf(self) -> str:
        codec: SessionCodec = self.request.app.state.codec
        return codec.csrf_token(self.web_session) if self.web_session else ""

    def allow(
        self,
        action: str,
        *,
        case: CaseRef | None = None,
        dataset: str | None = None,
        what: dict[str, Any] | None = None,
        audit_as: str | None = None,
    ) -> Decision:
        """Ask the policy through this request's :class:`Caller` (audits yes and no; raises on no)."""
        return self.caller.allow(action, case=case, dataset=dataset, what=what, audit_as=audit_as)

    def view(self, case: Case) -> CaseView:
        """The caller's view of a case (see :class:`RequestView`)."""
        base = case_view(self.store, self.db, actor=self.actor, case=case, secret=self.workspace.secret)
        return RequestView(**{f.name: getattr(base, f.name) for f in fields(base)},
                           caption_cache=self.request.app.state.captions,
                           row_cache=self.request.app.state.rows, audit_sink=self._record)

    def audit(self, action: str, *, case: CaseRef | None = None, what: dict[str, Any] | None = None) -> None:
        """Record one audit entry for this request through its :class:`Caller`: it is
        committed before the response starts, also when the request fails later
        (:mod:`offensief.api.auditing`)."""
        self.caller.audit(action, case=case, what=what)

    def _record(self, entry: Entry) -> None:
        """Keep the entry for :class:`~offensief.api.auditing.AuditMiddleware` (committed when
        the response starts), ending the request's read transaction so that no connection is
        held meanwhile. A request that has written appends in its own transaction at once."""
        pending: list[Entry] | None = self.request.scope.get(PENDING)
        if wrote(self.db) or pending is None:
            self._write([*(pending or []), entry])
            if pending:
                pending.clear()
            return
        self.db.commit()  # ends a read-only transaction: nothing to write
        pending.append(entry)

    def flush_audit(self) -> None:
        """Commit this request's entries now (e.g. so a listing of the log shows its own read)."""
        pending: list[Entry] | None = self.request.scope.get(PENDING)
        if pending:
            self._write(pending[:])
            pending.clear()

    def _write(self, entries: list[Entry]) -> None:
        if wrote(self.db):  # this request holds the write lock: append in its transaction
            audit.append(self.db, entries)
            self.db.commit()
        else:
            self.db.commit()
            self.request.app.state.audit_writer.write(entries)


async def submitted_csrf(request: Request) -> str | None:
    """The CSRF token sent with an unsafe request (header, else form field)."""
    if request.method not in UNSAFE_METHODS:
        return None
    token = request.headers.get(CSRF_HEADER)
    if token:
        return token
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def open_session(request: Request) -> AsyncIterator[Session]:
    """One operational-store session per request; commit on success.

    An async dependency on purpose: its clean-up (commit, return the connection to the
    pool) runs on the event loop, so it never waits for a worker thread while the workers
    wait for a connection (a pool-exhaustion deadlock under load)."""
    with request.app.state.db.session() as session:
        yield session


async def open_cursor(request: Request) -> AsyncIterator[Store]:
    """A DuckDB cursor of the app's store for this request (cursors are made one at a time:
    the parent connection is not thread-safe); closed on the event loop, like the session."""
    with own_cursor(request.app.state) as store:
        yield store


def web_session(request: Request) -> WebSession | None:
    codec: SessionCodec = request.app.state.codec
    return codec.loads(request.cookies.get(COOKIE))


def actor_from_cookie(db: Session, session: WebSession | None) -> Actor | None:
    """The user of a live server-side session (None: anonymous, ended or timed out)."""
    if session is None:
        return None
    user: User | None = sessions.resolve(db, session.nonce, idle=session.idle,
                                         absolute=session.absolute)
    return as_actor(user) if user is not None else None


def client_source(request: Request) -> str:
    """The address a request came from (the unit of the login back-off)."""
    return request.client.host if request.client else "unknown"


def context(
    request: Request,
    db: Session = Depends(open_session),
    store: Store = Depends(open_cursor),
    csrf: str | None = Depends(submitted_csrf),
) -> Context:
    """Authenticate the request: bearer token first, then the session cookie (+ CSRF)."""
    request.scope[SESSION] = db  # the audit middleware appends through it if the request writes
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        actor = authenticate_token(db, token=header[7:].strip(), source=client_source(request))
        db.commit()  # hand the connection back while the request waits for its handler thread
        return Context(request, db, store, actor, "token")
    session = web_session(request)
    actor = actor_from_cookie(db, session)
    db.commit()
    if actor is None or session is None:
        raise AuthenticationError("log in or send a bearer token")
    if request.method in UNSAFE_METHODS and not request.app.state.codec.check_csrf(session, csrf):
        raise PermissionDenied("missing or wrong CSRF token; reload the page", rule="csrf")
    return Context(request, db, store, actor, "cookie", web_session=session)
