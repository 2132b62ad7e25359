"""Detector settings: plain, serialisable data saved with every alert run.

Every threshold a detector uses lives here, with its default. ``Settings.from_dict`` accepts
a partial dict (from JSON or YAML) and rejects unknown keys, so a typo never silently falls
back to a default.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from offensief.model.errors import InputError

HOUR = 3600
DAY = 86400


@dataclass(frozen=True)
class CashThreshold:
    """A reporting or cash-ban threshold, valid from a date (ISO, inclusive)."""

    amount: float
    valid_from: str = "1900-01-01"


@dataclass(frozen=True)
class Settings:
    """Parameters of all typology detectors (amounts in EUR, durations in seconds)."""

    # shared: which transfers count as layering candidates
    min_amount: float = 1000.0
    recurring_months: int = 3
    recurring_max_cv: float = 0.2
    recurring_always_months: int = 6
    # a payment of a regular pair more than this factor above or below the pair's usual
    # amount is not part of the series (a one-off sum routed through a familiar counterparty)
    recurring_usual_factor: float = 2.0
    max_degree: int = 50
    # fan-in / fan-out
    fan_window: int = 8 * DAY
    fan_min_parties: int = 5
    fan_max_spread: float = 4.0
    # scatter-gather / gather-scatter
    layer_window: int = 7 * DAY
    layer_min_middle: int = 3
    layer_min_ratio: float = 0.7
    gs_window: int = 14 * DAY
    gs_min_in: int = 3
    gs_min_ratio: float = 0.5
    gs_min_collected: float = 0.6
    gs_min_out: int = 3
    # bipartite / stacked bipartite
    bipartite_window: int = 7 * DAY
    bipartite_min_side: int = 3
    # cycle
    cycle_max_length: int = 5
    cycle_window: int = 30 * DAY
    cycle_min_ratio: float = 0.7
    # structuring
    structuring_thresholds: tuple[CashThreshold, ...] = (
        CashThreshold(10000.0),
        CashThreshold(3000.0, "2026-01-01"),
    )
    # "just under": within a fifth of the threshold (the EUR 8,000-9,999 range structuring
    # reviews use for a 10,000 threshold); deposits just over it in the same window mean the
    # depositor does not avoid the threshold
    structuring_band: float = 0.2
    structuring_window: int = 14 * DAY
    structuring_min_deposits: int = 3
    # a cash business's takings (its own history): deposits in a window are takings when the
    # account took cash in at least takings_min_months months (half a year of months, as
    # recurring_always_months) of its record within takings_lookback (a year either side:
    # every season's takings) outside the window, and the window keeps the account's own
    # rhythm (near-threshold deposits within the upper control limit of a c-chart: its rate
    # of them per window over its history, plus takings_control_sigmas Poisson sigmas,
    # Shewhart's three-sigma limit)
    # and amounts (not a pattern of structuring_min_deposits or more all above the upper
    # decile, takings_usual_quantile, of its other near-threshold deposits).
    # Structuring is a departure: a new account, a burst, amounts pushed up under the threshold.
    takings_lookback: int = 365 * DAY
    takings_min_months: int = 6
    takings_control_sigmas: float = 3.0
    takings_usual_quantile: float = 0.9
    # a common contact links two account holders only when it is personal: at most this many
    # distinct ties (Dunbar's number of stable relationships); more is a switchboard or a shop
    link_max_contacts: int = 150
    # funnel accounts: cash from several people concentrated in one account within days
    funnel_window: int = 4 * DAY
    funnel_min_sources: int = 3
    # rapid pass-through
    passthrough_hours: int = 48
    passthrough_gap: int = 7 * DAY
    passthrough_min_pairs: int = 2
    passthrough_min_amount: float = 1000.0
    passthrough_min_ratio: float = 0.8
    passthrough_max_ratio: float = 0.99
    # layering chains: hops within days, each at most a small fee less than the one before
    layering_hop_window: int = 3 * DAY
    layering_max_fee: float = 0.1
    # trade-based
    trade_round_unit: float = 1000.0
    trade_min_amount: float = 5000.0
    trade_min_invoices: int = 2
    # invoices sharing a company within a month (a billing cycle) are one trade episode
    trade_gap: int = 31 * DAY
    trade_shell_share: float = 0.5
    # a shell invoices a handful of (related) parties; more is a clientele (fewer than the
    # fan_min_parties that make "many")
    trade_shell_max_parties: int = 4
    # cross-border invoices: red flags are a round amount, a high-risk jurisdiction and an amount
    # out of line with the sector (modified z-score of Iglewicz & Hoaglin above 3.5, among at
    # least trade_min_peers invoices of the sector); two flags make an invoice suspicious.
    # High-risk: FATF "call for action" and "increased monitoring" lists (February 2025).
    trade_high_risk: tuple[str, ...] = (
        "KP", "IR", "MM", "DZ", "AO", "BG", "BF", "CM", "CI", "HR", "CD", "HT", "KE", "LA", "LB", "ML",
        "MC", "MZ", "NA", "NG", "ZA", "SS", "SY", "TZ", "VE", "VN", "YE",
    )
    trade_outlier_z: float = 3.5
    trade_min_peers: int = 5
    trade_min_flags: int = 2
    # when comparable flows all have one price (MAD 0): a unit price off by more than this
    # log factor (ln 2: double or half the norm) is mispriced
    trade_price_factor_log: float = 0.6931
    # real estate
    real_estate_min_amount: float = 100000.0
    real_estate_lookback: int = 14 * DAY
    real_estate_min_layered_share: float = 0.3
    real_estate_min_sources: int = 3
    real_estate_keywords: tuple[str, ...] = (
        "koopsom", "woning", "pand", "vastgoed", "notaris", "hypotheek", "aankoop",
        "property", "real estate", "real-estate", "house", "purchase", "kadaster",
        "levering", "koopakte", "appartement", "villa", "perceel", "kavel", "apartment", "premises",
    )
    real_estate_notary_sectors: tuple[str, ...] = ("6910",)
    # a notary recognised by sector text or account holder name (a notary's client account is
    # a "Stichting Derdengelden")
    real_estate_notary_words: tuple[str, ...] = ("notaris", "notariaat", "notarieel", "notary", "notarial",
                                                 "derdengelden")
    # own companies and loan-back: money gathered in the months between a Dutch purchase
    # agreement and the transfer deed; a loan-back is repaid at least twice within a year
    real_estate_funding_lookback: int = 91 * DAY
    real_estate_loan_horizon: int = 365 * DAY
    real_estate_min_repayments: int = 2
    # third-party funding: a private person or a foundation (no shareholders: its money is a
    # gift or a loan) buys with one-off money from companies. A Dutch mortgage is paid by the
    # lender to the notary, not to the buyer; lenders (by name, SBI 64.19 banks, 64.92 other
    # credit) and payments that name a mortgage are no third party
    real_estate_foundation_words: tuple[str, ...] = ("stichting", "foundation")
    real_estate_lender_words: tuple[str, ...] = ("bank", "hypothe", "mortgage", "krediet", "credit")
    real_estate_lender_sectors: tuple[str, ...] = ("6419", "6492")
    # ABC resale: the same property paid for twice within six months (the resale window of
    # art. 13 Wet op belastingen van rechtsverkeer) at a price at least this much higher
    real_estate_resale_window: int = 182 * DAY
    real_estate_resale_min_gain: float = 0.1
    # an intermediate buyer sells what it bought; a developer receives the proceeds of many units
    real_estate_resale_max_sales: int = 2
    # alerts
    merge_overlap: float = 0.5
    typologies: tuple[str, ...] = field(default=())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(f"unknown finance setting(s): {', '.join(unknown)}", field=unknown[0])
        values = dict(data)
        if "structuring_thresholds" in values:
            values["structuring_thresholds"] = _thresholds(values["structuring_thresholds"])
        for key in LIST_SETTINGS:
            if key in values:
                values[key] = _words(key, values[key])
        defaults = cls()
        for key, value in values.items():
            default = getattr(defaults, key)
            if isinstance(default, (int, float)) and not isinstance(default, bool):
                try:
                    values[key] = type(default)(value)
                except (TypeError, ValueError):
                    raise InputError(f"finance setting {key} must be a number, not {value!r}", field=key) from None
        return replace(defaults, **values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


#: Settings that take a list of words or codes (a string is one, or a comma-separated list).
LIST_SETTINGS: tuple[str, ...] = tuple(f.name for f in fields(Settings) if f.type == "tuple[str, ...]")


def _items(key: str, value: Any) -> list[Any]:
    """A list setting's items: a list as given, a string split at commas (``"KP, IR"``; one
    item without a comma), never a string's characters."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, (list, tuple)):
        return list(value)
    raise InputError(f"finance setting {key} must be a list or a comma-separated string, not {value!r}", field=key)


def _words(key: str, value: Any) -> tuple[str, ...]:
    """Words or codes: strings, or whole numbers for codes (``6910``)."""
    out = []
    for item in _items(key, value):
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise InputError(f"finance setting {key} takes words or codes, not {item!r}", field=key)
        out.append(str(item).strip())
    return tuple(out)


def _thresholds(value: Any) -> tuple[CashThreshold, ...]:
    """Cash thresholds: each an amount or ``{amount, valid_from}``; one alone is a list of one."""
    key = "structuring_thresholds"
    items = [value] if isinstance(value, (int, float, dict)) and not isinstance(value, bool) else _items(key, value)
    out = []
    for item in items:
        try:
            if isinstance(item, dict):
                if not set(item) <= {"amount", "valid_from"}:
                    raise KeyError(item)
                out.append(CashThreshold(float(item["amount"]), str(item.get("valid_from", "1900-01-01"))))
            elif isinstance(item, (int, float, str)) and not isinstance(item, bool):
                out.append(CashThreshold(float(item)))
            else:
                raise TypeError(item)
        except (KeyError, TypeError, ValueError):
            raise InputError(f"finance setting {key} takes amounts or {{amount, valid_from}} mappings, "
                             f"not {item!r}", field=key) from None
    return tuple(out)
