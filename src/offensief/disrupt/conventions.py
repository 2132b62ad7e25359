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

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

import yaml

from offensief.model.errors import InputError

Component = Literal["weak", "strong"]
WeightMeaning = Literal["strength", "distance", "none"]
WeightScaling = Literal["none", "max", "running-max"]
TieOrder = Literal["input", "reverse", "id"]
Mode = Literal["sequential", "block"]
PairMerge = Literal["keep", "sum", "max", "first", "last"]
KatzWeights = Literal["scaled", "raw", "none"]

COMPONENTS: tuple[str, ...] = ("weak", "strong")
WEIGHT_MEANINGS: tuple[str, ...] = ("strength", "distance", "none")
WEIGHT_SCALINGS: tuple[str, ...] = ("none", "max", "running-max")
TIE_ORDERS: tuple[str, ...] = ("input", "reverse", "id")
MODES: tuple[str, ...] = ("sequential", "block")
PAIR_MERGES: tuple[str, ...] = ("keep", "sum", "max", "first", "last")
KATZ_WEIGHTS: tuple[str, ...] = ("scaled", "raw", "none")
CI_RADII: tuple[int, ...] = (1, 2, 3)

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

    ``pair_merge`` says how a pair listed twice (two arcs u→v; for an undirected network also
    u→v and v→u) becomes one tie: ``sum``, ``max``, ``first`` or ``last`` weight in input
    order; ``keep`` leaves parallel arcs of a directed network as they are and merges by
    ``max`` when a directed network is read as undirected. ``degree_normalised`` divides
    degree and strength by n − 1 (n = nodes left). ``katz_weights``: the adjacency Katz runs on —
    ``scaled`` strengths (per ``weight_scaling``), ``raw`` weights, or ``none`` (0/1).
    ``katz_lower_alpha``: when α·λ_max ≥ 1 the series diverges; True lowers α to 0.9/λ_max
    (noted), False solves (I − αAᵀ)x = 1 with α as given, as networkx's
    ``katz_centrality_numpy`` does. ``ci_radius``: the ball radius ℓ of collective influence.
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
    pair_merge: PairMerge = "keep"
    degree_normalised: bool = False
    katz_weights: KatzWeights = "scaled"
    katz_lower_alpha: bool = True
    ci_radius: int = 2

    def __post_init__(self) -> None:
        checks = (
            ("component", self.component, COMPONENTS),
            ("weight_meaning", self.weight_meaning, WEIGHT_MEANINGS),
            ("weight_scaling", self.weight_scaling, WEIGHT_SCALINGS),
            ("ties", self.ties, TIE_ORDERS),
            ("mode", self.mode, MODES),
            ("pair_merge", self.pair_merge, PAIR_MERGES),
            ("katz_weights", self.katz_weights, KATZ_WEIGHTS),
            ("ci_radius", self.ci_radius, CI_RADII),
        )
        for field, value, allowed in checks:
            if value not in allowed:
                raise InputError(f"{field} must be one of {', '.join(map(str, allowed))}, not {value!r}",
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


def from_dict(data: dict[str, Any], *, source: str = "conventions") -> Conventions:
    """Conventions from plain data: an optional ``preset`` to start from, then any fields.

    Unknown keys and wrong values are an :class:`InputError` naming the key.
    """
    if not isinstance(data, dict):
        raise InputError(f"{source}: conventions must be a mapping of field: value", file=source)
    known = {f.name: f for f in fields(Conventions)}
    values = dict(data)
    base = PRESETS.get(str(values.pop("preset", "default")))
    if base is None:
        raise InputError(f"{source}: unknown preset {data.get('preset')!r}; known: {', '.join(PRESETS)}",
                         file=source, field="preset")
    unknown = sorted(set(values) - set(known) - {"description", "source"})
    if unknown:
        raise InputError(f"{source}: unknown convention {unknown[0]!r}; known: {', '.join(known)}",
                         file=source, field=unknown[0])
    for key in ("description", "source"):
        values.pop(key, None)
    for key, value in values.items():
        default = getattr(base, key)
        if isinstance(default, bool) and not isinstance(value, bool):
            raise InputError(f"{source}: {key} must be true or false, not {value!r}", file=source, field=key)
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            try:
                values[key] = type(default)(value)
            except (TypeError, ValueError):
                raise InputError(f"{source}: {key} must be a number, not {value!r}", file=source, field=key) from None
    return replace(base, **values)


def load_conventions(path: str | Path) -> Conventions:
    """Conventions from a small JSON or YAML file (a preset a user writes to reproduce a study)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
        data = json.loads(text) if file.suffix.lower() == ".json" else yaml.safe_load(text)
    except OSError as exc:
        raise InputError(f"cannot read conventions file: {exc}", file=str(file)) from None
    except (ValueError, yaml.YAMLError) as exc:
        raise InputError(f"conventions file is not valid {file.suffix.lstrip('.') or 'YAML'}: {exc}",
                         file=str(file)) from None
    return from_dict(data or {}, source=str(file))


def preset(name: str) -> Conventions:
    """The named conventions preset, or the conventions in a file (``.json``, ``.yaml``,
    ``.yml``); unknown names are an :class:`InputError`."""
    if name in PRESETS:
        return PRESETS[name]
    if Path(name).suffix.lower() in (".json", ".yaml", ".yml") or Path(name).is_file():
        return load_conventions(name)
    raise InputError(f"unknown conventions preset {name!r}; known: {', '.join(PRESETS)} or a JSON/YAML file",
                     field="conventions")
