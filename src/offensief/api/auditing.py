"""The audit entries of requests: collected per request, appended by one writer thread.

The hash chain allows one appender at a time. When every read appended and committed its
own entry, fifty concurrent users queued on SQLite's write lock (its busy handler sleeps up
to 100 ms between retries, and the holder waits for the GIL between its statements) and the
API served about ten requests a second.

Now a request collects its entries (policy decisions, reads through the case view) and
:class:`AuditMiddleware` has them committed when the response starts, before a byte of it
is sent: nothing is shown that is not on record, and a request that fails still leaves its
entries. :class:`AuditWriter` is the one appender for the app's requests: whatever entries
are waiting, from any number of requests, go into one transaction of four statements.

A request that has itself written to the operational store holds the write lock until it
commits; the writer would wait for it. Such a request appends its entries in its own
transaction (:func:`wrote` tells which): committed with its changes when it succeeded, after
rolling them back when it failed.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from offensief.access import audit
from offensief.db import Database

#: At most this many entries per transaction.
BATCH = 1000
#: Where a request keeps its waiting entries and its operational-store session (ASGI scope).
PENDING = "offensief.audit.pending"
SESSION = "offensief.audit.session"
_WROTE = "offensief.wrote"


@dataclass
class _Batch:
    entries: list[audit.Entry]
    done: Future[None] = field(default_factory=Future)


class AuditWriter:
    """One thread appending the waiting entries of all requests in one transaction. It keeps
    one connection of the pool for its life, so it never waits for the pool."""

    def __init__(self, db: Database) -> None:
        self._connection = db.engine.connect()
        self._session = db.factory(bind=self._connection)  # with the database's audit seal
        self._queue: queue.SimpleQueue[_Batch | None] = queue.SimpleQueue()
        self._closing = False
        self._lock = threading.Lock()  # no batch is queued behind the stop mark
        self._thread = threading.Thread(target=self._run, name="offensief-audit", daemon=True)
        self._thread.start()

    def submit(self, entries: list[audit.Entry]) -> Future[None]:
        """Queue entries; the future is done once they are committed (or failed). Once
        :meth:`close` has begun, the future fails at once: a batch queued behind the stop
        mark would never be written and its caller would wait for ever."""
        batch = _Batch(list(entries))
        with self._lock:
            if self._closing or not self._thread.is_alive():
                batch.done.set_exception(RuntimeError("the audit writer is stopped"))
            else:
                self._queue.put(batch)
        return batch.done

    def write(self, entries: list[audit.Entry]) -> None:
        """Append entries and wait until they are committed; raises if they were not."""
        if entries:
            self.submit(entries).result()

    def close(self) -> None:
        """Append what is waiting, then stop the thread and give back the connection."""
        with self._lock:
            if self._closing:
                return
            self._closing = True
            self._queue.put(None)
        self._thread.join()
        self._session.close()
        self._connection.close()

    def _run(self) -> None:
        stop = False
        while not stop:
            first = self._queue.get()
            if first is None:
                return
            batches, size = [first], len(first.entries)
            while size < BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                batches.append(more)
                size += len(more.entries)
            self._append(batches)

    def _append(self, batches: list[_Batch]) -> None:
        try:
            audit.append(self._session, [e for b in batches for e in b.entries])
            self._session.commit()
        except BaseException as exc:  # every waiting request learns that its entries failed  # noqa: BLE001
            self._session.rollback()
            for batch in batches:
                batch.done.set_exception(exc)
            return
        for batch in batches:
            batch.done.set_result(None)


def wrote(session: Session) -> bool:
    """Whether ``session`` has written in its current transaction (see :func:`track_writes`)."""
    return bool(session.info.get(_WROTE))


def track_writes(factory: sessionmaker[Session]) -> None:
    """Mark sessions of ``factory`` that write (flushes, INSERT/UPDATE/DELETE statements)
    until they commit or roll back."""
    if event.contains(factory, "do_orm_execute", _on_execute):
        return
    event.listen(factory, "do_orm_execute", _on_execute)
    event.listen(factory, "after_flush", _on_flush)
    event.listen(factory, "after_commit", _on_end)
    event.listen(factory, "after_rollback", _on_end)


def _on_execute(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info[_WROTE] = True


def _on_flush(session: Session, _context: Any) -> None:
    session.info[_WROTE] = True


def _on_end(session: Session) -> None:
    session.info.pop(_WROTE, None)


class AuditMiddleware:
    """Commits a request's audit entries before its response starts (pure ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        pending: list[audit.Entry] = []
        scope[PENDING] = pending

        async def flush(status: int | None) -> None:
            if not pending:
                return
            entries = pending[:]
            pending.clear()
            session: Session | None = scope.get(SESSION)
            if session is not None and wrote(session):
                if status is not None and status < 400:  # with the request's own changes
                    audit.append(session, entries)
                    session.commit()
                    return
                session.rollback()  # a failed request's changes go, its entries stay
            writer: AuditWriter = scope["app"].state.audit_writer
            await asyncio.wrap_future(writer.submit(entries))

        async def send_recorded(message: Message) -> None:
            if message["type"] == "http.response.start":
                await flush(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_recorded)
        finally:
            await flush(None)  # a request that failed without a response
