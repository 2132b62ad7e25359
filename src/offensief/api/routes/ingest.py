"""Load a partner file into a registered dataset, as a background job with progress.

The server holds the workspace's DuckDB store, so files are loaded through it: the upload is
saved under ``<workspace>/uploads/`` and ``offensief.ingest.ingest_file`` runs in a job
(validated, atomic, idempotent). Needs ``case_manage``; audited.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, UploadFile

from offensief.api.cursors import own_cursor
from offensief.api.deps import Context, context
from offensief.casework.jobs import Job
from offensief.casework.runs import pending
from offensief.ingest import ingest_file
from offensief.model.errors import InputError

router = APIRouter(prefix="/api/datasets", tags=["ingest"])

SUFFIXES = (".jsonl", ".ndjson", ".ftm", ".json", ".csv", ".xlsx")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _save(upload: UploadFile, folder: Path, allowed: tuple[str, ...]) -> Path:
    name = _SAFE.sub("_", Path(upload.filename or "upload").name)[:80] or "upload"
    if not name.lower().endswith(allowed):
        raise InputError(f"{name}: use one of {', '.join(allowed)}", file=name)
    path = folder / f"{uuid.uuid4().hex[:8]}-{name}"
    with path.open("wb") as out:
        while chunk := upload.file.read(1 << 20):
            out.write(chunk)
    return path


def start_ingest(ctx: Context, dataset: str, file: UploadFile, mapping: UploadFile | None) -> Job:
    """Save the upload and queue its load into ``dataset``."""
    ctx.allow("case_manage", audit_as="ingest_start", what={"dataset": dataset, "file": file.filename})
    ctx.store.get_dataset(dataset)
    folder = ctx.workspace.root / "uploads"
    folder.mkdir(exist_ok=True)
    path = _save(file, folder, SUFFIXES)
    mapping_path = _save(mapping, folder, (".yml", ".yaml")) if mapping is not None and mapping.filename else None
    state = ctx.request.app.state

    def job(progress: Callable[..., None]) -> dict[str, Any]:
        with own_cursor(state) as store:
            result = ingest_file(store, dataset=dataset, path=path, mapping=mapping_path,
                                 progress=lambda done: progress(done, 0, f"{done:,} records read"))
        return {"dataset": dataset, "file": path.name, "records": result.records,
                "statements_added": result.statements_added, "already_loaded": result.already_loaded,
                "per_schema": result.per_schema}

    return ctx.jobs.submit("ingest", job, actor=ctx.actor.username)


@router.post("/{dataset}/files", status_code=202)
def upload(dataset: str, ctx: Context = Depends(context), file: UploadFile = File(...),
           mapping: UploadFile | None = File(None)) -> dict[str, Any]:
    """Load an FtM JSON-lines file (or CSV/XLSX with an FtM mapping YAML) into a dataset in
    the background; poll ``/api/jobs/{id}``."""
    return pending(start_ingest(ctx, dataset, file, mapping))
