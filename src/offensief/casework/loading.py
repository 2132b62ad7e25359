"""Load an uploaded partner file into a registered dataset, as a background job.

The server holds the workspace's DuckDB store, so files are loaded through it: the upload is
saved under ``<workspace>/uploads/`` and :func:`offensief.ingest.ingest_file` runs in a job
(validated, atomic, idempotent). Needs ``case_manage``; audited.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Protocol

from offensief.casework.caller import Caller
from offensief.casework.jobs import Job
from offensief.ingest import ingest_file
from offensief.model.errors import ConfigError, InputError

SUFFIXES = (".jsonl", ".ndjson", ".ftm", ".json", ".csv", ".xlsx")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class Upload(Protocol):
    """An uploaded file (FastAPI's ``UploadFile`` is one)."""

    filename: str | None
    file: IO[bytes]


def save(upload: Upload, folder: Path, allowed: tuple[str, ...]) -> Path:
    """Write an upload under ``folder`` with a safe, unique name of an allowed type."""
    name = _SAFE.sub("_", Path(upload.filename or "upload").name)[:80] or "upload"
    if not name.lower().endswith(allowed):
        raise InputError(f"{name}: use one of {', '.join(allowed)}", file=name)
    path = folder / f"{uuid.uuid4().hex[:8]}-{name}"
    with path.open("wb") as out:
        while chunk := upload.file.read(1 << 20):
            out.write(chunk)
    return path


def start_ingest(caller: Caller, dataset: str, file: Upload, mapping: Upload | None) -> Job:
    """Save the upload and queue its load into ``dataset``."""
    caller.allow("case_manage", audit_as="ingest_start", what={"dataset": dataset, "file": file.filename})
    caller.analytical().get_dataset(dataset)
    engine = caller.analyses()
    if caller.workspace is None or engine.jobs is None or engine.cursor is None:
        raise ConfigError("uploads are loaded by the server (a workspace and a job runner)")
    folder = caller.workspace.root / "uploads"
    folder.mkdir(exist_ok=True)
    path = save(file, folder, SUFFIXES)
    mapping_path = save(mapping, folder, (".yml", ".yaml")) if mapping is not None and mapping.filename else None
    cursor = engine.cursor

    def job(progress: Callable[..., None]) -> dict[str, Any]:
        with cursor() as store:
            result = ingest_file(store, dataset=dataset, path=path, mapping=mapping_path,
                                 progress=lambda done: progress(done, 0, f"{done:,} records read"))
        return {"dataset": dataset, "file": path.name, "records": result.records,
                "statements_added": result.statements_added, "already_loaded": result.already_loaded,
                "per_schema": result.per_schema}

    return engine.jobs.submit("ingest", job, actor=caller.actor.username)
