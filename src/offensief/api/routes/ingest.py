"""Load a partner file into a registered dataset, as a background job with progress.

The server holds the workspace's DuckDB store, so files are loaded through it: the upload is
saved under ``<workspace>/uploads/`` and ``offensief.ingest.ingest_file`` runs in a job
(validated, atomic, idempotent). Needs ``case_manage``; audited.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, UploadFile

from offensief.api.deps import Context, context
from offensief.casework.loading import start_ingest
from offensief.casework.runs import pending

router = APIRouter(prefix="/api/datasets", tags=["ingest"])


@router.post("/{dataset}/files", status_code=202)
def upload(dataset: str, ctx: Context = Depends(context), file: UploadFile = File(...),
           mapping: UploadFile | None = File(None)) -> dict[str, Any]:
    """Load an FtM JSON-lines file (or CSV/XLSX with an FtM mapping YAML) into a dataset in
    the background; poll ``/api/jobs/{id}``."""
    return pending(start_ingest(ctx.caller, dataset, file, mapping))
