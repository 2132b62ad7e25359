"""The default permission matrix as Markdown tables (``docs/access.md`` embeds them).

>>> "| analyst |" in roles_markdown()
True
"""

from __future__ import annotations

from offensief.access.rules import (
    ACTIONS,
    CASE_PARTNERS,
    PARTNER_KINDS,
    REGIME_CLEAR,
    REGIME_REVEAL,
    ROLE_ACTIONS,
    ROLES,
)
from offensief.model.dataset import REGIMES

_KINDS = [k for k in PARTNER_KINDS if k != "other"]


def roles_markdown() -> str:
    """Role x action: which actions each role may do at all."""
    lines = ["| role | " + " | ".join(ACTIONS) + " |", "|---|" + "---|" * len(ACTIONS)]
    for role in ROLES:
        cells = ["✔" if a in ROLE_ACTIONS[role] else "·" for a in ACTIONS]
        lines.append(f"| {role} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def regimes_markdown() -> str:
    """Regime x partner kind, for a member of an open case with the dataset attached:
    C = in clear, R = tokens, may reveal with a reason, T = tokens only."""
    lines = ["| regime | " + " | ".join(_KINDS) + " |", "|---|" + "---|" * len(_KINDS)]
    for regime in REGIMES:
        cells = []
        for kind in _KINDS:
            clear = kind in REGIME_CLEAR[regime] or CASE_PARTNERS in REGIME_CLEAR[regime]
            cells.append("C" if clear else "R" if kind in REGIME_REVEAL[regime] else "T")
        lines.append(f"| {regime} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
