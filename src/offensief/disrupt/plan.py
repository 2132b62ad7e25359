"""Intervention plan on the barrier model: whom to target, by which partner, to what effect.

The plan proposes a package of targets. Selection follows barrier-model practice made
explicit: key figures (kingpins) first, then facilitators who serve several groups, then
the members whose removal hurts the business most *after the network has recovered*
(Monte Carlo, :mod:`offensief.disrupt.recovery`). For every target the plan names the
barrier-model step, the partner with the best instrument, the expected effect after
recovery (its marginal contribution to the package) and the uncertainty.

A plan is advice for a person to accept or reject — never an automatic decision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import numpy as np

from offensief.disrupt.barrier import STEPS, instruments_for, normalise_step
from offensief.disrupt.conventions import Conventions
from offensief.disrupt.graphs import prepare
from offensief.disrupt.recovery import Assessment, RecoveryParams, assess
from offensief.disrupt.simulate import removal_order

ADVICE = ("Advice only: this plan is a model-based proposal for the case team. A person decides "
          "whether and how to act on it; nothing in it is an automatic decision about anyone.")
FACILITATOR_STEPS = {"financial": "finance", "digital": "infrastructure",
                     "logistics": "transport"}
COMPARED = ("degree", "betweenness", "kingpins", "facilitators", "lieutenants", "bridges",
            "collective-influence", "random")
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class PlanOptions:
    """How large a package, how many Monte Carlo runs, which recovery assumptions.

    ``shortlist``: candidates screened alone (plus each group's scarcest-step members);
    ``pool``: the best of them by effect alone that the greedy step tries.
    """

    size: int = 10
    runs: int = 100
    seed: int = 0
    shortlist: int = 20
    pool: int = 12
    params: RecoveryParams = field(default_factory=RecoveryParams)
    compare: tuple[str, ...] = COMPARED


def _attr(graph: ig.Graph, name: str) -> list[Any]:
    return graph.vs[name] if name in graph.vs.attributes() else [None] * graph.vcount()


def groups_served(graph: ig.Graph, v: int) -> set[str]:
    """The criminal groups a member is tied to (his own and his contacts')."""
    groups = _attr(graph, "group")
    served = {str(groups[u]) for u in graph.neighbors(v, mode="all") if groups[u] not in (None, "")}
    if groups[v] not in (None, ""):
        served.add(str(groups[v]))
    declared = _attr(graph, "groups")[v]
    if declared:
        served |= {str(g) for g in declared}
    return served


def barrier_step(graph: ig.Graph, v: int) -> str:
    """The barrier-model step a member is targeted in."""
    step = normalise_step(_attr(graph, "step")[v])
    if step:
        return step
    kind = _attr(graph, "facilitator_type")[v]
    if kind in FACILITATOR_STEPS:
        return FACILITATOR_STEPS[kind]
    return "finance" if _attr(graph, "role")[v] == "kingpin" else "distribution"


def _scoped(graph: ig.Graph) -> tuple[ig.Graph, str]:
    """Members (a role other than background) and their direct contacts, if roles are known.

    Process capacity only involves members, and recovery runs through their contacts; the
    wider background adds nothing but time.
    """
    roles = _attr(graph, "role")
    members = [v for v, role in enumerate(roles) if role not in (None, "", "background")]
    if not members:
        return graph, "whole network"
    keep = set(members)
    for v in members:
        keep.update(graph.neighbors(v, mode="all"))
    if len(keep) == graph.vcount():
        return graph, "whole network"
    scoped = graph.induced_subgraph(sorted(keep))
    scoped.vs["_index"] = list(range(scoped.vcount()))
    return scoped, (f"{len(members)} members and their direct contacts "
                    f"({scoped.vcount()} of {graph.vcount()} persons)")


def scarce_members(graph: ig.Graph) -> list[int]:
    """Members of each group's least-staffed process step (the likely bottleneck)."""
    steps, groups = _attr(graph, "step"), _attr(graph, "group")
    layers: dict[Any, dict[str, list[int]]] = {}
    for v in range(graph.vcount()):
        if steps[v] and groups[v] not in (None, ""):
            layers.setdefault(groups[v], {}).setdefault(steps[v], []).append(v)
    out: list[int] = []
    for per_step in layers.values():
        fewest = min(len(members) for members in per_step.values())
        out += [v for members in per_step.values() if len(members) == fewest for v in members]
    return sorted(out)


def _objective(assessment: Assessment) -> tuple[str, float]:
    metric = "capacity" if assessment.start.get("capacity") else "lcc"
    return metric, assessment.effect(metric)["recovered"]


def _tier(graph: ig.Graph, v: int) -> tuple[int, list[str]]:
    role = _attr(graph, "role")[v]
    if role == "kingpin":
        return 0, [("kingpin (key figure): direction and criminal profit (oprollen, afpakken); "
                    "process capacity alone undervalues him")]
    served = groups_served(graph, v)
    if role == "facilitator" and len(served) >= 2:
        return 1, [f"facilitator shared by {len(served)} groups ({', '.join(sorted(served))})"]
    if role == "lieutenant":
        return 2, ["lieutenant: likely successor of the kingpin"]
    return 3, []


def _target(graph: ig.Graph, v: int, reasons: list[str]) -> dict[str, Any]:
    role = _attr(graph, "role")[v]
    step = barrier_step(graph, v)
    options = instruments_for(step=step, role=role)
    best = options[0]
    return {
        "id": graph.vs[v]["name"],
        "name": _attr(graph, "label")[v] or graph.vs[v]["name"],
        "source_ids": _attr(graph, "source_ids")[v] or [graph.vs[v]["name"]],
        "role": role,
        "group": _attr(graph, "group")[v],
        "step": step,
        "step_label": STEPS[step],
        "partner": best.partner,
        "instrument": best.action,
        "barrier_kind": best.kind,
        "success_estimate": best.success,
        "alternatives": [i.as_dict() for i in options[1:4]],
        "reasons": reasons,
    }


def make_plan(
    graph: ig.Graph,
    *,
    options: PlanOptions | None = None,
    conventions: Conventions | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Propose an intervention package with expected effects after recovery (JSON shape)."""
    options = options or PlanOptions()
    conventions = conventions or Conventions(directed=graph.is_directed(), component="weak")
    g, scope = _scoped(prepare(graph, conventions))
    names = g.vs["name"]
    runs_small = max(10, options.runs // 5)

    def evaluate(targets: Sequence[str], runs: int) -> Assessment:
        return assess(g, targets, conventions=conventions, params=options.params, runs=runs,
                      seed=options.seed, prepared=True)

    tiers = {v: _tier(g, v) for v in range(g.vcount())}
    degree = g.degree(mode="all")
    between = g.betweenness(directed=False, weights=g.es["_length"])
    structural = sorted(range(g.vcount()), key=lambda v: (tiers[v][0], -between[v], -degree[v], v))
    shortlist = structural[: max(options.shortlist, options.size)]
    shortlist += [v for v in scarce_members(g) if v not in shortlist]
    individual: dict[int, float] = {}
    bands: dict[int, list[float]] = {}
    for i, v in enumerate(shortlist):
        alone = evaluate([names[v]], runs_small)
        individual[v] = _objective(alone)[1]
        bands[v] = alone.effect(_objective(alone)[0])["band"]
        if progress:
            progress("screening candidates", i + 1, len(shortlist))
    must = sorted((v for v in shortlist if tiers[v][0] <= 1), key=lambda v: (tiers[v][0],
                                                                              -individual[v], v))
    chosen = must[: options.size]
    rank = {v: i for i, v in enumerate(structural)}
    pool = sorted((v for v in shortlist if v not in chosen),
                  key=lambda v: (-individual[v], rank[v]))[: options.pool]
    while len(chosen) < options.size and pool:
        base = [names[v] for v in chosen]
        gains = {v: _objective(evaluate(base + [names[v]], runs_small))[1]
                 for v in pool if v not in chosen}
        if not gains:
            break
        chosen.append(max(gains, key=lambda v: (gains[v], -rank[v])))
        if progress:
            progress("building the package", len(chosen), options.size)
    package = [names[v] for v in chosen]
    whole = evaluate(package, options.runs)
    metric, package_effect = _objective(whole)
    targets = []
    for i, v in enumerate(chosen):
        without = evaluate([t for t in package if t != names[v]], runs_small)
        marginal = package_effect - _objective(without)[1]
        reasons = list(tiers[v][1])
        reasons.append(f"alone: {individual[v]:.1%} lower {metric} after recovery")
        target = _target(g, v, reasons)
        target["rank"] = i + 1
        target["expected_effect"] = {
            "metric": metric,
            "alone_after_recovery": individual[v],
            "alone_band": bands[v],
            "marginal_after_recovery": marginal,
        }
        targets.append(target)
        if progress:
            progress("weighing targets", i + 1, len(chosen))
    return {
        "advice": ADVICE,
        "objective": metric,
        "network": {"nodes": g.vcount(), "edges": g.ecount(), "scope": scope},
        "conventions": conventions.as_dict(),
        "recovery": options.params.as_dict(),
        "runs": options.runs,
        "seed": options.seed,
        "selection": ("kingpins first, then facilitators serving two or more groups, then "
                      "greedily the member who adds most to the package's effect after recovery; "
                      "marginal effect = package effect minus the effect of the package "
                      "without the target"),
        "targets": targets,
        "package": whole.as_dict(),
        "strategies": compare_strategies(g, size=len(package), options=options,
                                         conventions=conventions),
        "uncertainty": ("effects are means over Monte Carlo recovery runs; 'band' is the 5-95 % "
                        "range; success_estimate is a rough prior for the instrument holding"),
    }


def compare_strategies(
    graph: ig.Graph, *, size: int, options: PlanOptions, conventions: Conventions
) -> list[dict[str, Any]]:
    """Immediate and post-recovery effect of removing ``size`` members per strategy."""
    rows = []
    for name in options.compare:
        order = removal_order(graph, strategy=name, conventions=conventions.with_(mode="sequential"),
                              steps=size, rng=np.random.default_rng(options.seed))
        targets = [graph.vs[v]["name"] for v in order]
        result = assess(graph, targets, conventions=conventions, params=options.params,
                        runs=options.runs, seed=options.seed, prepared=True)
        metric = "capacity" if result.start.get("capacity") else "lcc"
        rows.append({
            "strategy": name,
            "targets": targets,
            "metric": metric,
            "start": result.start.get(metric),
            "immediate": result.immediate.get(metric),
            "after_recovery": result.recovered[metric],
            "effect": result.effect(metric),
        })
    return rows
