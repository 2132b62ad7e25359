"""Loading partner files: only the supplying partner's loaders, within size and row limits,
audited with the file's SHA-256 and size.

>>> limits = UploadLimits(max_bytes=10, max_rows=2)
>>> limits.max_rows
2
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from sqlalchemy.orm import Session

from offensief.access.audit import Entry
from offensief.access.policy import Resource, can
from offensief.casework.caller import Caller
from offensief.casework.jobs import Job
from offensief.casework.protect_signals import watch_after_load
from offensief.ingest import ingest_file
from offensief.model.dataset import Dataset
from offensief.model.errors import ConfigError, InputError, PermissionDenied, TooLarge
from offensief.store.workspace import Workspace

#: Defaults: 64 MiB and 500,000 rows per upload (workspace config ``upload_max_bytes`` /
#: ``upload_max_rows`` or ``$OFFENSIEF_UPLOAD_MAX_BYTES`` / ``$OFFENSIEF_UPLOAD_MAX_ROWS``).
MAX_BYTES = 64 << 20
MAX_ROWS = 500_000
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class UploadLimits:
    """How big one uploaded file may be."""

    max_bytes: int = MAX_BYTES
    max_rows: int = MAX_ROWS

    @classmethod
    def of(cls, workspace: Workspace) -> UploadLimits:
        def value(key: str, default: int) -> int:
            raw = os.environ.get(f"OFFENSIEF_{key.upper()}") or workspace.config.get(key, default)
            try:
                return int(raw)
            except (TypeError, ValueError):
                raise InputError(f"{key} must be a whole number, not {raw!r}", field=key) from None
        return cls(value("upload_max_bytes", MAX_BYTES), value("upload_max_rows", MAX_ROWS))

    def check_rows(self, rows: int, *, file: str) -> None:
        if rows > self.max_rows:
            raise TooLarge(f"more than {self.max_rows:,} rows in one upload; split the file",
                           file=file, limit=self.max_rows)


@dataclass(frozen=True)
class SavedFile:
    """An upload on disk with what the audit log records about it."""

    path: Path
    sha256: str
    bytes: int
    rows: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"path": self.path.name}


def authorise_load(caller: Caller, *, dataset: str) -> Dataset:
    """The dataset, if the caller may load into it (the supplying partner's user with a
    loading role); a refusal is audited and raised."""
    found = caller.analytical().get_dataset(dataset)
    decision = can(caller.actor, "load", Resource(dataset=dataset, owner=found.partner))
    if not decision:
        caller.audit("denied", what={"action": "load", "dataset": dataset, "rule": decision.rule})
        raise PermissionDenied(f"load denied: {decision.rule}", action="load", rule=decision.rule)
    return found


def upload_folder(workspace: Workspace, dataset: str) -> Path:
    """``<workspace>/uploads/<dataset>/`` (mode 0700): retention removes it with the dataset."""
    folder = workspace.root / "uploads"
    folder.mkdir(mode=0o700, exist_ok=True)
    mine = folder / _SAFE.sub("_", dataset)
    mine.mkdir(mode=0o700, exist_ok=True)
    return mine


def save_upload(stream: BinaryIO, *, name: str, folder: Path, limits: UploadLimits,
                allowed: tuple[str, ...]) -> SavedFile:
    """Copy an upload to ``folder`` (mode 0600) while hashing it, counting its lines and
    enforcing the limits; nothing is left behind when it is refused."""
    clean = _SAFE.sub("_", Path(name or "upload").name)[:80] or "upload"
    if not clean.lower().endswith(allowed):
        raise InputError(f"{clean}: use one of {', '.join(allowed)}", file=clean)
    path = folder / f"{uuid.uuid4().hex[:8]}-{clean}"
    digest, size, lines = hashlib.sha256(), 0, 0
    try:
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                if size > limits.max_bytes:
                    raise TooLarge(f"larger than {limits.max_bytes:,} bytes; split the file",
                                   file=clean, limit=limits.max_bytes)
                digest.update(chunk)
                lines += chunk.count(b"\n")
                out.write(chunk)
        if not clean.lower().endswith(".xlsx"):
            limits.check_rows(lines, file=clean)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return SavedFile(path, digest.hexdigest(), size, lines)


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file on disk (for loads from the command line)."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def row_guard(limits: UploadLimits, *, file: str,
              progress: Callable[[int], None] | None = None) -> Callable[[int], None]:
    """A progress callback that stops a load (atomically: nothing kept) past the row limit."""
    def guard(done: int) -> None:
        limits.check_rows(done, file=file)
        if progress is not None:
            progress(done)
    return guard


#: File types an upload may have.
SUFFIXES = (".jsonl", ".ndjson", ".ftm", ".json", ".csv", ".xlsx")


class Upload(Protocol):
    """An uploaded file (FastAPI's ``UploadFile`` is one)."""

    filename: str | None
    file: BinaryIO


def start_ingest(caller: Caller, dataset: str, file: Upload, mapping: Upload | None) -> Job:
    """Check the caller may load into ``dataset``, save the upload within the limits and
    queue its load in the uploads lane (audited with the file's hash and size, at the start
    and when done)."""
    authorise_load(caller, dataset=dataset)
    engine = caller.analyses()
    workspace = caller.workspace
    if workspace is None or engine.jobs is None or engine.cursor is None:
        raise ConfigError("uploads are loaded by the server (a workspace and a job runner)")
    limits = UploadLimits.of(workspace)
    folder = upload_folder(workspace, dataset)
    saved = save_upload(file.file, name=file.filename or "upload", folder=folder, limits=limits,
                        allowed=SUFFIXES)
    mapping_path = None
    if mapping is not None and mapping.filename:
        mapping_path = save_upload(mapping.file, name=mapping.filename, folder=folder, limits=limits,
                                   allowed=(".yml", ".yaml")).path
    caller.audit("ingest_start", what={"dataset": dataset, "file": file.filename,
                                       "sha256": saved.sha256, "bytes": saved.bytes,
                                       "lines": saved.rows})
    cursor, record, actor, purpose = engine.cursor, engine.record, caller.actor, caller.purpose
    bind = caller.db.get_bind() if caller.db is not None else None

    def job(progress: Callable[..., None]) -> dict[str, Any]:
        report = row_guard(limits, file=saved.path.name,
                           progress=lambda done: progress(done, 0, f"{done:,} records read"))
        with cursor() as store:
            result = ingest_file(store, dataset=dataset, path=saved.path, mapping=mapping_path,
                                 progress=report)
        out = {"dataset": dataset, "file": saved.path.name, "sha256": saved.sha256,
               "bytes": saved.bytes, "records": result.records,
               "statements_added": result.statements_added,
               "already_loaded": result.already_loaded, "per_schema": result.per_schema}
        if record is not None:
            record([Entry.of(actor=actor, action="ingest_done", purpose=purpose,
                             what={k: out[k] for k in ("dataset", "sha256", "bytes", "records",
                                                       "statements_added", "already_loaded")})])
        if result.statements_added and bind is not None and workspace is not None:
            with cursor() as store, Session(bind) as session:  # alert protection officers
                watch_after_load(session, store, workspace, record=record)
        return out

    try:
        return engine.jobs.submit("ingest", job, actor=actor.username, lane="uploads")
    except Exception:
        saved.path.unlink(missing_ok=True)
        raise
