"""Load a partner file into a registered dataset, as a queued job with progress; ask the
supplier of someone else's dataset for a correction.

Only users of the dataset's supplying partner with a loading role may load
(:mod:`offensief.casework.loading`). The upload is saved under
``<workspace>/uploads/<dataset>/`` (mode 0600) while it is hashed and checked against the
size and row limits (413 when over), audited with its SHA-256 and size, and loaded by
``offensief.ingest.ingest_file`` in the bounded ``uploads`` job lane, apart from the
workers that run a case's analyses (429 when that lane is full).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, UploadFile
from pydantic import BaseModel, Field

from offensief.api.deps import Context, context
from offensief.casework import corrections
from offensief.casework.loading import start_ingest
from offensief.casework.runs import pending

router = APIRouter(prefix="/api", tags=["ingest"])


@router.post("/datasets/{dataset}/files", status_code=202)
def upload(dataset: str, ctx: Context = Depends(context), file: UploadFile = File(...),
           mapping: UploadFile | None = File(None)) -> dict[str, Any]:
    """Load an FtM JSON-lines file (or CSV/XLSX with an FtM mapping YAML) into a dataset of
    your own organisation in the background; poll ``/api/jobs/{id}``."""
    return pending(start_ingest(ctx.caller, dataset, file, mapping))


class CorrectionIn(BaseModel):
    case: int = Field(ge=1, le=2_147_483_647, description="the case in which you saw the value")
    entity_id: str = Field(min_length=1, max_length=200)
    prop: str = Field(min_length=1, max_length=64, description="FtM property, e.g. birthDate")
    value: str = Field(default="", max_length=2000, description="the proposed value ('' = remove)")
    reason: str = Field(min_length=1, max_length=2000)


class DecisionIn(BaseModel):
    accept: bool
    note: str = Field(default="", max_length=2000)


@router.post("/datasets/{dataset}/corrections", status_code=201)
def request_correction(dataset: str, body: CorrectionIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Ask the supplying partner of ``dataset`` to correct a value: a request, never a write."""
    return corrections.request(ctx.caller, case_id=body.case, dataset=dataset, entity_id=body.entity_id,
                               prop=body.prop, value=body.value, reason=body.reason).to_dict()


@router.get("/corrections")
def list_corrections(ctx: Context = Depends(context)) -> list[dict[str, Any]]:
    """Correction requests to your organisation's datasets and those you made."""
    return [c.to_dict() for c in corrections.listing(ctx.caller)]


@router.post("/corrections/{request_id}/decision")
def decide_correction(request_id: int, body: DecisionIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Accept or reject a request to your organisation's dataset (accepting records the
    decision; the supplier then loads a corrected file itself)."""
    return corrections.decide(ctx.caller, request_id=request_id, accept=body.accept,
                              note=body.note).to_dict()
