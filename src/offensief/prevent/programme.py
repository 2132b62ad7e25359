"""Prevention tracks and drug-normalisation campaigns: what may be recorded about them.

Both hold aggregates only: a number of participants, a reach, outputs and outcomes as named
numbers (``{"sessions": 40}``), survey shares in percent. Text that could name a person has
no field to go in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from offensief.model.errors import InputError
from offensief.prevent.areas import level_of
from offensief.prevent.indicators import INDICATORS

TRACKS: tuple[str, ...] = ("education", "work", "housing", "safety")
#: intervention kind -> the track it usually belongs to
KINDS: dict[str, str] = {
    "school_programme": "education", "mentoring": "education", "job_track": "work",
    "internship": "work", "housing_check": "housing", "landlord_screening": "housing",
    "safety_measure": "safety", "street_coaching": "safety",
}
CHANNELS: tuple[str, ...] = ("social media", "television", "radio", "outdoor", "schools",
                             "events", "online video", "print", "influencers", "festivals")


def figures(raw: Mapping[str, Any] | None, *, field_name: str) -> dict[str, float]:
    """Named aggregate figures: short keys, finite non-negative numbers."""
    out: dict[str, float] = {}
    for key, value in (raw or {}).items():
        if not isinstance(key, str) or not key.replace("_", "").isalnum() or len(key) > 40:
            raise InputError(f"{key!r} is not a figure name (letters, digits, _)", field=field_name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise InputError(f"{key} must be a non-negative number (aggregates only)", field=field_name)
        out[key] = float(value)
    return out


@dataclass
class TrackInput:
    area: str
    track: str
    kind: str
    title: str
    start: date
    end: date | None = None
    budget: float = 0.0
    participants: int = 0
    outputs: dict[str, float] = field(default_factory=dict)
    outcomes: dict[str, float] = field(default_factory=dict)

    def check(self) -> TrackInput:
        if self.track not in TRACKS:
            raise InputError(f"unknown track {self.track!r}; one of {', '.join(TRACKS)}", field="track")
        if self.kind not in KINDS:
            raise InputError(f"unknown kind {self.kind!r}; one of {', '.join(KINDS)}", field="kind")
        if not self.title.strip() or len(self.title) > 200:
            raise InputError("title must be 1-200 characters", field="title")
        if self.end is not None and self.end < self.start:
            raise InputError("end lies before start", field="end")
        if not math.isfinite(self.budget) or self.budget < 0:
            raise InputError("budget must be a non-negative amount", field="budget")
        if self.participants < 0:
            raise InputError("participants must be a non-negative count", field="participants")
        self.outputs = figures(self.outputs, field_name="outputs")
        self.outcomes = figures(self.outcomes, field_name="outcomes")
        return self


@dataclass
class CampaignInput:
    name: str
    target_group: str
    channels: list[str]
    start: date
    end: date
    reach: int
    indicator: str
    areas: list[str]
    comparison: list[str] = field(default_factory=list)
    survey_before: float | None = None
    survey_after: float | None = None
    survey_question: str | None = None

    def check(self) -> CampaignInput:
        if not self.name.strip() or len(self.name) > 200:
            raise InputError("name must be 1-200 characters", field="name")
        if not self.target_group.strip():
            raise InputError("give the target group", field="target_group")
        unknown = [c for c in self.channels if c not in CHANNELS]
        if unknown or not self.channels:
            raise InputError(f"channels must be among {', '.join(CHANNELS)}", field="channels")
        if self.end < self.start:
            raise InputError("end lies before start", field="end")
        if self.reach < 0:
            raise InputError("reach must be a non-negative count", field="reach")
        if self.indicator not in INDICATORS:
            raise InputError(f"unknown indicator {self.indicator!r}", field="indicator")
        if not self.areas:
            raise InputError("name at least one campaign area", field="areas")
        if set(self.areas) & set(self.comparison):
            raise InputError("an area cannot be both campaign and comparison area", field="comparison")
        try:
            levels = {level_of(a) for a in [*self.areas, *self.comparison]}
        except ValueError as exc:
            raise InputError(str(exc), field="areas") from None
        if len(levels) > 1:
            raise InputError("campaign and comparison areas must be of one level "
                             f"(have {', '.join(sorted(levels))})", field="areas")
        for name in ("survey_before", "survey_after"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 100:
                raise InputError("survey results are percentages (0-100)", field=name)
        return self
