"""The barrier model: the criminal business process as steps, and who can raise a barrier.

Each step of the process (entry & identity, housing, infrastructure / companies,
production, storage, transport & logistics, distribution, finance & profit) has the
partners that can act there and their instruments: criminal (arrest, seizure), fiscal
(assessment), administrative (Bibob refusal, art. 13b Opiumwet closure) or private
(registration refusal, account exit). :func:`instruments_for` picks, for one member, the
instruments that fit his step and role, best first.

>>> [i.action for i in instruments_for(step="finance", role="facilitator")][:2]
['seizure of assets (beslag)', 'fiscal assessment (naheffing)']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Barrier-model steps in process order, with their readable labels.
STEPS: dict[str, str] = {
    "entry-identity": "entry & identity",
    "housing": "housing",
    "infrastructure": "infrastructure / companies",
    "production": "production",
    "storage": "storage",
    "transport": "transport & logistics",
    "distribution": "distribution",
    "finance": "finance & profit",
}

#: Process words used by sources and role detection, mapped onto barrier steps.
STEP_ALIASES: dict[str, str] = {
    "import": "transport", "logistics": "transport", "transport": "transport",
    "production": "production", "storage": "storage", "distribution": "distribution",
    "cash_collection": "finance", "cash-collection": "finance", "laundering": "finance",
    "finance": "finance", "housing": "housing", "infrastructure": "infrastructure",
    "companies": "infrastructure", "entry": "entry-identity", "identity": "entry-identity",
    "entry-identity": "entry-identity", "financial": "finance", "digital": "infrastructure",
    "money_mule": "finance", "straw_man": "infrastructure",
}


@dataclass(frozen=True, slots=True)
class Instrument:
    """One barrier a partner can raise: at which steps, against whom, how surely."""

    partner: str
    action: str
    kind: str  # criminal | fiscal | administrative | private
    steps: frozenset[str]
    roles: frozenset[str] | None  # None: any member
    success: float  # chance the barrier holds (evidence, legal test, timing)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {"partner": self.partner, "action": self.action, "kind": self.kind,
                "success": self.success}


ALL = frozenset(STEPS)
INSTRUMENTS: tuple[Instrument, ...] = (
    Instrument("FIOD / tax office", "seizure of assets (beslag)", "criminal",
               frozenset({"finance", "infrastructure"}), frozenset({"kingpin", "facilitator"}),
               0.6),
    Instrument("FIOD / tax office", "fiscal assessment (naheffing)", "fiscal",
               frozenset({"finance", "infrastructure"}), None, 0.7),
    Instrument("bank", "account exit (exit klant)", "private", frozenset({"finance"}), None, 0.8),
    Instrument("municipality", "art. 13b Opiumwet closure of premises", "administrative",
               frozenset({"housing", "production", "storage"}), None, 0.7),
    Instrument("municipality", "Bibob refusal or withdrawal of permit", "administrative",
               frozenset({"infrastructure", "housing", "storage"}), None, 0.6),
    Instrument("KvK", "registration refusal / deregistration", "private",
               frozenset({"infrastructure", "entry-identity"}), None, 0.5),
    Instrument("police / prosecution", "arrest and prosecution", "criminal", ALL, None, 0.5),
)

#: Preferred instrument per (role, step); otherwise the first that fits in INSTRUMENTS order.
PREFERENCE: dict[str, tuple[str, ...]] = {
    "kingpin": ("arrest and prosecution", "seizure of assets (beslag)"),
    "lieutenant": ("arrest and prosecution",),
    "worker": ("arrest and prosecution",),
}


def normalise_step(step: str | None) -> str | None:
    """A barrier-model step name for a process word (``None`` if unknown)."""
    if step is None:
        return None
    key = str(step).strip().lower().replace(" ", "_")
    if key in STEPS:
        return key
    return STEP_ALIASES.get(key) or STEP_ALIASES.get(key.replace("_", "-"))


def instruments_for(*, step: str | None, role: str | None) -> list[Instrument]:
    """Instruments that fit a member's step and role, best first."""
    where = normalise_step(step)
    fitting = [i for i in INSTRUMENTS
               if (where is None or where in i.steps) and (i.roles is None or role in i.roles)]
    preferred = PREFERENCE.get(role or "", ())
    return sorted(fitting, key=lambda i: (i.action not in preferred,
                                          preferred.index(i.action) if i.action in preferred
                                          else 0))
