"""Partner datasets: one source of one partner, under one legal regime.

A value without a dataset cannot exist: every statement names the dataset it came from,
and the dataset says which partner supplied it, under which law, for which purpose and
for how long it may be kept.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from offensief.model.errors import InputError

#: Legal regimes and what they mean. Keys are the only valid ``regime`` values.
REGIMES: dict[str, str] = {
    "wpg-8": "Police data, daily police task (Wpg art. 8)",
    "wpg-9": "Police data, targeted investigation (Wpg art. 9)",
    "wpg-10": "Police data, thematic insight into organised crime (Wpg art. 10)",
    "wpg-20": "Police data shared with a partnership under covenant (Wpg art. 20)",
    "avg": "Personal data under the GDPR (AVG), e.g. municipal registers",
    "awr": "Tax data under tax secrecy (Awr art. 67)",
    "wwft": "FIU data: unusual and suspicious transactions (Wwft)",
    "open": "Public registers and open sources",
}

#: Default retention per regime. ``case+P`` runs from the day the case closes.
DEFAULT_RETENTION: dict[str, str] = {
    "wpg-8": "5y",
    "wpg-9": "case+6m",
    "wpg-10": "5y",
    "wpg-20": "case+6m",
    "avg": "case+1y",
    "awr": "7y",
    "wwft": "5y",
    "open": "none",
}

_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,62}$")
_PERIOD = re.compile(r"^(case\+)?(\d+)([dmy])$")


@dataclass(frozen=True)
class Retention:
    """A parsed retention rule: a fixed date, a period, a period after case close, or none."""

    until: date | None = None
    amount: int = 0
    unit: str = ""
    after_case_close: bool = False

    @classmethod
    def parse(cls, text: str) -> Retention:
        """Parse ``2031-12-31``, ``5y``, ``6m``, ``30d``, ``case+6m`` or ``none``.

        >>> Retention.parse("case+6m").after_case_close
        True
        """
        text = text.strip().lower()
        if text == "none":
            return cls()
        match = _PERIOD.match(text)
        if match:
            return cls(amount=int(match[2]), unit=match[3], after_case_close=bool(match[1]))
        try:
            return cls(until=date.fromisoformat(text))
        except ValueError:
            raise InputError(
                f"invalid retention {text!r}: use a date (2031-12-31), a period (5y, 6m, 30d), "
                "case+PERIOD or none",
                field="retention",
            ) from None

    def expires(self, *, start: date, case_closed: date | None = None) -> date | None:
        """The day the data expire, or ``None`` when they do not (yet)."""
        if self.until is not None:
            return self.until
        if not self.unit:
            return None
        if self.after_case_close:
            if case_closed is None:
                return None
            start = case_closed
        return _add(start, self.amount, self.unit)


def _add(start: date, amount: int, unit: str) -> date:
    if unit == "d":
        return date.fromordinal(start.toordinal() + amount)
    months = start.month - 1 + (amount if unit == "m" else 12 * amount)
    year, month = start.year + months // 12, months % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Dataset:
    """One partner source. Immutable; create it with :meth:`create` to validate."""

    name: str
    partner: str
    regime: str
    purpose: str
    collected_at: date
    retention: str
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        *,
        name: str,
        partner: str,
        regime: str,
        purpose: str,
        collected_at: str | date,
        retention: str | None = None,
        title: str = "",
        source: str | None = None,
    ) -> Dataset:
        """Validate and build a dataset; ``source`` names the file for error messages."""
        if not isinstance(name, str) or not _NAME.match(name):
            raise InputError(
                f"invalid dataset name {name!r}: lower-case letters, digits, '-' and '_'",
                file=source,
                field="name",
            )
        if regime not in REGIMES:
            raise InputError(
                f"unknown regime {regime!r}; known: {', '.join(REGIMES)}", file=source, field="regime"
            )
        if not partner or not isinstance(partner, str):
            raise InputError("a dataset needs a partner", file=source, field="partner")
        if not purpose or not isinstance(purpose, str):
            raise InputError("a dataset needs a purpose", file=source, field="purpose")
        if isinstance(collected_at, str):
            try:
                collected_at = date.fromisoformat(collected_at)
            except ValueError:
                raise InputError(
                    f"invalid date {collected_at!r}", file=source, field="collected_at"
                ) from None
        retention = retention or DEFAULT_RETENTION[regime]
        Retention.parse(retention)
        return cls(name, partner, regime, purpose, collected_at, retention, title or name)

    @property
    def retention_rule(self) -> Retention:
        return Retention.parse(self.retention)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["collected_at"] = self.collected_at.isoformat()
        data.pop("extra")
        return data
