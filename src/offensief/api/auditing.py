"""The audit entries of requests, appended by one writer thread in group commits.

The hash chain allows one appender at a time. When every request appended its own entries,
fifty concurrent users queued on SQLite's write lock (its busy handler sleeps up to 100 ms
between retries, and the holder waits for the GIL between its statements) and the API
served about ten requests a second. :class:`AuditWriter` is the one appender for the app's
requests: a request hands over its entry and waits until it is committed, so the access is
on record before anything is shown; whatever entries are waiting, from any number of
requests, go into one transaction of four statements.

A request that has itself written to the operational store holds the write lock until it
commits; the writer would wait for it, so such a request appends in its own transaction
(:func:`wrote` tells which).
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from offensief.access import audit
from offensief.db import Database

#: At most this many entries per transaction.
BATCH = 1000
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
        self._session = Session(bind=self._connection, expire_on_commit=False)
        self._queue: queue.SimpleQueue[_Batch | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="offensief-audit", daemon=True)
        self._thread.start()

    def submit(self, entries: list[audit.Entry]) -> Future[None]:
        """Queue entries; the future is done once they are committed (or failed)."""
        batch = _Batch(list(entries))
        if not self._thread.is_alive():
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
        except BaseException as exc:  # every waiting request learns that its entries failed
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
