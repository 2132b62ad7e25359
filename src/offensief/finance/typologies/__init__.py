"""The typology detectors: one portable SQL query each, returning ``(alert_key, id)`` rows.

``DETECTORS`` maps the typology name to its SQL builder ``(settings, dialect) -> str``.
``SPECIFICITY`` orders typologies from most to least specific: when alerts of different
typologies cover the same transactions, the more specific one wins (a scatter-gather is also
a fan-out followed by a fan-in; a mule hop inside it is also a rapid pass-through).
"""

from __future__ import annotations

from collections.abc import Callable

from offensief.finance.settings import Settings
from offensief.finance.transactions import Dialect
from offensief.finance.typologies.cash import funnel, rapid_pass_through, structuring
from offensief.finance.typologies.chains import layering
from offensief.finance.typologies.cycles import cycle
from offensief.finance.typologies.flows import (
    bipartite,
    fan_in,
    fan_out,
    gather_scatter,
    scatter_gather,
)
from offensief.finance.typologies.property import real_estate
from offensief.finance.typologies.trade import trade_based

Builder = Callable[[Settings, Dialect], str]

DETECTORS: dict[str, Builder] = {
    "fan_in": fan_in,
    "fan_out": fan_out,
    "cycle": cycle,
    "scatter_gather": scatter_gather,
    "gather_scatter": gather_scatter,
    "bipartite": bipartite,
    "structuring": structuring,
    "funnel": funnel,
    "rapid_pass_through": rapid_pass_through,
    "trade_based": trade_based,
    "real_estate": real_estate,
    "layering": layering,
}

#: All typology names an alert can carry (stacked_bipartite comes out of the bipartite cores).
TYPOLOGIES = (
    "fan_in", "fan_out", "cycle", "scatter_gather", "gather_scatter", "bipartite",
    "stacked_bipartite", "structuring", "rapid_pass_through", "trade_based", "real_estate",
    "layering", "funnel",
)

SPECIFICITY = (
    "stacked_bipartite", "bipartite", "cycle", "scatter_gather", "gather_scatter", "real_estate",
    "trade_based", "structuring", "funnel", "layering", "fan_in", "fan_out", "rapid_pass_through",
)

#: Detectors that read statements (ownership, directors, sectors), not only transactions.
NEEDS_STATEMENTS = frozenset({"trade_based", "real_estate"})

__all__ = ["DETECTORS", "NEEDS_STATEMENTS", "SPECIFICITY", "TYPOLOGIES", "Builder"]
