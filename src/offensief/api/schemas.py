"""Pydantic shapes of request bodies and of the simpler responses (for the OpenAPI document)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: str


class JobOut(BaseModel):
    id: str
    kind: str
    case: str | None
    status: Literal["queued", "running", "done", "failed"]
    progress: float
    done: int
    total: int
    message: str
    error: dict[str, Any] | None
    created: float
    started: float | None
    finished: float | None
    result: Any = None


class TokenRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)
    label: str = Field(default="api", max_length=100)


class TokenOut(BaseModel):
    token: str
    actor: dict[str, Any]


class CaseIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    level: str = Field(min_length=1, max_length=20)
    phenomenon: str = Field(min_length=1, max_length=200)
    purpose: str = Field(min_length=1, max_length=2000)
    legal_basis: str = Field(min_length=1, max_length=2000)


class AttachIn(BaseModel):
    dataset: str = Field(min_length=1, max_length=64)


class MemberIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)


class RevealIn(BaseModel):
    value: str = Field(min_length=1, max_length=300, description="a token shown in place of a value")
    reason: str = Field(min_length=3, max_length=2000)


class HitIn(BaseModel):
    kind: Literal["name", "iban", "phone", "kvk", "plate"]
    value: str = Field(min_length=1, max_length=300)
    birth_date: str | None = Field(default=None, max_length=10, description="needed for kind=name")


class JudgementIn(BaseModel):
    left_id: str = Field(min_length=1, max_length=200)
    right_id: str = Field(min_length=1, max_length=200)
    verdict: Literal["same", "not_same", "unsure"]
    reason: str = Field(min_length=3, max_length=2000)


class SimulateIn(BaseModel):
    strategy: str = Field(default="betweenness", max_length=40)
    mode: Literal["sequential", "block"] = "sequential"
    steps: int = Field(default=20, ge=1, le=500)
    recovery: bool = True
