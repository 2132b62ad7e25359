"""Conventions of a disruption run: what exactly is measured, and how.

Published disruption results differ mostly in conventions, not in algorithms: directed or
not, which component counts as "the network", what an edge weight means, how ties in a
ranking are broken and whether the ranking is recomputed after every removal. A
:class:`Conventions` value names all of them; every run carries its conventions into its
JSON output so that a result can be reproduced and compared.

>>> c = Conventions(directed=True, component="strong")
>>> c.as_dict()["component"]
'strong'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from offensief.model.errors import InputError

Component = Literal["weak", "strong"]
WeightMeaning = Literal["strength", "distance", "none"]
WeightScaling = Literal["none", "max", "running-max"]
TieOrder = Literal["input", "reverse", "id"]
Mode = Literal["sequential", "block"]

COMPONENTS: tuple[str, ...] = ("weak", "strong")
WEIGHT_MEANINGS: tuple[str, ...] = ("strength", "distance", "none")
WEIGHT_SCALINGS: tuple[str, ...] = ("none", "max", "running-max")
TIE_ORDERS: tuple[str, ...] = ("input", "reverse", "id")
MODES: tuple[str, ...] = ("sequential", "block")

#: When the metrics of row k are taken: after k removals, before ranking for removal k + 1.
MEASURED = "row k is measured on the network after k removals (row 0 = intact network)"


@dataclass(frozen=True, slots=True)
class Conventions:
    """How a disruption run ranks, removes and measures.

    ``weight_meaning`` says how betweenness / harmonic / efficiency read an edge weight:
    ``distance`` uses ``(1/w) / max(1/w)`` as path length (strong ties are short),
    ``strength`` uses ``w`` itself as path length, ``none`` ignores weights.
    ``weight_scaling`` says how strengths are scaled before Katz and clustering:
    ``max`` divides by the largest weight; ``running-max`` reproduces a published quirk
    (each edge in input order is divided by the *current* maximum, which shrinks once the
    heaviest edge has been scaled). ``static_strength`` ranks strength once on the intact
    network (another published convention) instead of re-ranking it.
    """

    directed: bool = True
    component: Component = "strong"
    weight_meaning: WeightMeaning = "distance"
    weight_scaling: WeightScaling = "max"
    ties: TieOrder = "input"
    mode: Mode = "sequential"
    block_size: int = 1
    static_strength: bool = False
    katz_alpha: float = 0.1

    def __post_init__(self) -> None:
        checks = (
            ("component", self.component, COMPONENTS),
            ("weight_meaning", self.weight_meaning, WEIGHT_MEANINGS),
            ("weight_scaling", self.weight_scaling, WEIGHT_SCALINGS),
            ("ties", self.ties, TIE_ORDERS),
            ("mode", self.mode, MODES),
        )
        for field, value, allowed in checks:
            if value not in allowed:
                raise InputError(f"{field} must be one of {', '.join(allowed)}, not {value!r}",
                                 field=field)
        if self.block_size < 1:
            raise InputError("block size must be at least 1", field="block_size")
        if not self.directed and self.component == "strong":
            object.__setattr__(self, "component", "weak")

    def with_(self, **changes: Any) -> Conventions:
        """A copy with some conventions changed."""
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The conventions as plain data, with the measuring moment spelled out."""
        data = asdict(self)
        data["component_meaning"] = (
            "largest strongly connected component (directed paths both ways)"
            if self.component == "strong"
            else "largest weakly connected component (edge direction ignored)"
        )
        data["measured"] = MEASURED
        data["tie_meaning"] = {
            "input": "equal scores: the node that comes first in input (matrix) order",
            "reverse": "equal scores: the node that comes last in input order",
            "id": "equal scores: the node with the smallest id (string order)",
        }[self.ties]
        return data


#: Anastasiadis & Antoniou (2024), Information 15(2):84, table S1 on CAVIAR (directed).
ANASTASIADIS_2024 = Conventions(
    directed=True,
    component="strong",
    weight_meaning="distance",
    weight_scaling="running-max",
    ties="input",
    mode="sequential",
    block_size=1,
    static_strength=True,
    katz_alpha=0.1,
)

PRESETS: dict[str, Conventions] = {
    "default": Conventions(),
    "undirected": Conventions(directed=False, component="weak"),
    "anastasiadis2024": ANASTASIADIS_2024,
}


def preset(name: str) -> Conventions:
    """The named conventions preset; unknown names are an :class:`InputError`."""
    try:
        return PRESETS[name]
    except KeyError:
        raise InputError(f"unknown conventions preset {name!r}; known: {', '.join(PRESETS)}",
                         field="conventions") from None
