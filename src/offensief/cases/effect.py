"""Effect against the plan: what the network did after the interventions, and what it teaches.

Given the network *before* (the one the plan was made on), the members the interventions
actually took out, and the network *observed later* (re-analysed on new data), this module

1. predicts the effect of removing exactly those members with the prior recovery
   parameters (:func:`offensief.disrupt.recovery.assess`);
2. reads the recovery that happened: **newcomers** (persons not in the earlier network)
   are matched to the removed member whose former contacts they tie to most (at most one
   per removed member) and count as his *replacement* — a facilitator's replacement, or a
   re-hire; they take over his role, step and group for the capacity count. A removed
   kingpin's **takeover** is seen when one remaining contact gained ties to at least half
   of the kingpin's other former contacts. **Re-links** are new ties between two former
   contacts of a removed member (pairs the heir of a takeover is in are that takeover's);
3. re-estimates each recovery probability by maximum likelihood from those opportunities
   (a pair with ``k`` removed common contacts had ``k`` chances, P = 1-(1-p)^k, with a 95 %
   likelihood-ratio interval; the other mechanisms are plain proportions with a 95 % Wilson
   interval); a mechanism without opportunities keeps its prior;
4. predicts again with the re-estimated parameters and sets both predictions beside the
   observed capacity.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

import igraph as ig

from offensief.disrupt.conventions import Conventions
from offensief.disrupt.graphs import prepare
from offensief.disrupt.process import chain_of
from offensief.disrupt.recovery import HIREABLE, RecoveryParams, assess, state
from offensief.model.errors import InputError

MEMBER = ("role", "step", "group", "facilitator_type")


@dataclass(frozen=True, slots=True)
class Estimate:
    """One re-estimated probability: successes of opportunities, the estimate, its interval."""

    successes: int
    opportunities: int
    value: float
    low: float
    high: float
    prior: float

    def as_dict(self) -> dict[str, Any]:
        return {"successes": self.successes, "opportunities": self.opportunities,
                "estimate": self.value, "interval95": [self.low, self.high], "prior": self.prior}


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def mle_repeated(chances: Sequence[tuple[int, bool]]) -> float:
    """Maximum-likelihood p when an item with ``k`` chances succeeds with 1-(1-p)^k.

    >>> round(mle_repeated([(1, True), (1, False), (2, True), (2, False)]), 4)
    0.3713
    """
    if not chances:
        return 0.0
    if all(ok for _, ok in chances):
        return 1.0
    if not any(ok for _, ok in chances):
        return 0.0

    def score(p: float) -> float:  # derivative of the log-likelihood, decreasing in p
        total = 0.0
        for k, ok in chances:
            q = (1 - p) ** k
            total += k * q / (1 - p) / (1 - q) if ok else -k / (1 - p)
        return total

    low, high = 1e-9, 1 - 1e-9
    for _ in range(100):
        mid = (low + high) / 2
        if score(mid) > 0:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _loglik(chances: Sequence[tuple[int, bool]], p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return sum(math.log(1 - (1 - p) ** k) if ok else k * math.log(1 - p) for k, ok in chances)


def lr_interval(chances: Sequence[tuple[int, bool]], *, chi2: float = 3.841) -> tuple[float, float]:
    """95 % likelihood-ratio interval of :func:`mle_repeated`'s p (chi-square 1 df).

    >>> low, high = lr_interval([(1, True)] * 30 + [(1, False)] * 70)
    >>> round(low, 3), round(high, 3)
    (0.216, 0.394)
    """
    if not chances:
        return 0.0, 1.0
    best = mle_repeated(chances)
    top = _loglik(chances, best)

    def inside(p: float) -> bool:
        return 2 * (top - _loglik(chances, p)) <= chi2

    def edge(outside: float) -> float:
        lo, hi = (outside, best) if outside < best else (best, outside)
        for _ in range(60):
            mid = (lo + hi) / 2
            if inside(mid) == (outside < best):
                hi = mid
            else:
                lo = mid
        return (lo + hi) / 2

    low = 0.0 if inside(0.0) else edge(0.0)
    high = 1.0 if inside(1.0) else edge(1.0)
    return low, high


def _adjacency(graph: ig.Graph) -> dict[str, set[str]]:
    names = graph.vs["name"]
    out: dict[str, set[str]] = {name: set() for name in names}
    for a, b in graph.get_edgelist():
        if a != b:
            out[names[a]].add(names[b])
            out[names[b]].add(names[a])
    return out


def _attr(graph: ig.Graph, name: str, v: int) -> Any:
    return graph.vs[v][name] if name in graph.vs.attributes() else None


def observe(before: ig.Graph, after: ig.Graph, removed: Sequence[str]) -> dict[str, Any]:
    """Replacements, takeovers and re-links seen in ``after``, with their opportunities."""
    index = {name: v for v, name in enumerate(before.vs["name"])}
    missing = [r for r in removed if r not in index]
    if missing:
        raise InputError(f"removed members not in the earlier network: {', '.join(missing[:5])}",
                         field="removed")
    gone = set(removed)
    old, new = _adjacency(before), _adjacency(after)
    remaining = {n for n in old if n not in gone}
    near = {r: sorted(u for u in old[r] if u in remaining and u in new) for r in removed}
    role = {r: _attr(before, "role", index[r]) for r in removed}
    group = {r: _attr(before, "group", index[r]) for r in removed}
    newcomers = sorted(n for n in new if n not in old)
    overlap = sorted(((len(new[n] & set(near[r])), n, r) for n in newcomers for r in removed),
                     key=lambda t: (-t[0], t[1], t[2]))
    replaced: dict[str, str] = {}
    for count, newcomer, member in overlap:
        if count and member not in replaced and newcomer not in replaced.values():
            replaced[member] = newcomer
    heirs: dict[str, str] = {}
    for r in removed:
        if role[r] != "kingpin" or len(near[r]) < 2:
            continue
        best = None
        for u in near[r]:
            others = [w for w in near[r] if w != u and w not in old[u]]
            if others:
                gained = sum(1 for w in others if w in new[u]) / len(others)
                if best is None or gained > best[0]:
                    best = (gained, u)
        if best is not None and best[0] >= 0.5:
            heirs[r] = best[1]
    led = {_attr(before, "group", index[n]) for n in remaining
           if _attr(before, "role", index[n]) == "kingpin"} - {None, ""}
    pairs: dict[tuple[str, str], list[bool]] = {}
    for r in removed:
        for a, b in combinations(near[r], 2):
            if b in old[a] or heirs.get(r) in (a, b):
                continue
            trusted = bool((old[a] & old[b]) & remaining)
            pairs.setdefault((a, b), []).append(trusted)
    relinks = [(len(t), all(t), b in new[a]) for (a, b), t in pairs.items()]
    facilitators = [r for r in removed if role[r] == "facilitator"]
    hireable = [r for r in removed if role[r] in HIREABLE and group[r] in led]
    tie_shares = [len(new[replaced[r]] & set(near[r])) / len(near[r])
                  for r in facilitators if r in replaced and near[r]]
    return {"replaced": replaced, "heirs": heirs, "newcomers": newcomers,
            "relinks": relinks, "facilitators": facilitators, "hireable": hireable,
            "kingpins": [r for r in removed if role[r] == "kingpin" and len(near[r]) >= 2],
            "tie_shares": tie_shares}


def reestimate(seen: dict[str, Any], prior: RecoveryParams) -> dict[str, Estimate]:
    """Each recovery probability re-estimated from what was observed."""
    def plain(successes: int, n: int, name: str) -> Estimate:
        low, high = wilson(successes, n)
        value = successes / n if n else getattr(prior, name)
        return Estimate(successes, n, value, low, high, getattr(prior, name))

    out: dict[str, Estimate] = {}
    for name, trusted in (("relink", True), ("relink_stranger", False)):
        chances = [(k, ok) for k, t, ok in seen["relinks"] if t is trusted]
        hits = sum(1 for _, ok in chances if ok)
        low, high = lr_interval(chances)
        value = mle_repeated(chances) if chances else getattr(prior, name)
        out[name] = Estimate(hits, len(chances), value, low, high, getattr(prior, name))
    out["takeover"] = plain(len(seen["heirs"]), len(seen["kingpins"]), "takeover")
    out["replace"] = plain(sum(1 for r in seen["facilitators"] if r in seen["replaced"]),
                           len(seen["facilitators"]), "replace")
    out["rehire"] = plain(sum(1 for r in seen["hireable"] if r in seen["replaced"]),
                          len(seen["hireable"]), "rehire")
    shares = seen["tie_shares"]
    mean = sum(shares) / len(shares) if shares else prior.replace_ties
    out["replace_ties"] = Estimate(len(shares), len(shares), mean, min(shares, default=0.0),
                                   max(shares, default=1.0), prior.replace_ties)
    return out


def fill_roles(before: ig.Graph, after: ig.Graph, replaced: dict[str, str]) -> ig.Graph:
    """A copy of ``after`` whose members carry their earlier role, step and group, and whose
    replacements carry those of the member they replaced."""
    out = after.copy()
    index = {name: v for v, name in enumerate(before.vs["name"])}
    successor = {new: old for old, new in replaced.items()}
    for attribute in MEMBER:
        values = []
        for v, name in enumerate(out.vs["name"]):
            source = successor.get(name, name)
            own = _attr(after, attribute, v)
            values.append(own if own not in (None, "") else
                          (_attr(before, attribute, index[source]) if source in index else None))
        out.vs[attribute] = values
    if "weight" not in out.es.attributes():
        out.es["weight"] = [1.0] * out.ecount()
    return out


def measure(
    before: ig.Graph,
    after: ig.Graph,
    removed: Sequence[str],
    *,
    prior: RecoveryParams | None = None,
    runs: int = 100,
    seed: int = 0,
    conventions: Conventions | None = None,
) -> dict[str, Any]:
    """Predicted (prior and re-estimated parameters) against observed, as a JSON shape."""
    prior = prior or RecoveryParams()
    conventions = conventions or Conventions(directed=False, component="weak")
    chain = chain_of(before)
    if not chain:
        raise InputError("the earlier network has no process steps to measure capacity on",
                         field="step")
    seen = observe(before, after, removed)
    estimates = reestimate(seen, prior)
    learned = replace(prior, **{name: e.value for name, e in estimates.items()})
    predicted = assess(before, list(removed), params=prior, runs=runs, seed=seed, chain=chain,
                       conventions=conventions)
    again = assess(before, list(removed), params=learned, runs=runs, seed=seed, chain=chain,
                   conventions=conventions)
    later = prepare(fill_roles(before, after, seen["replaced"]), conventions)
    observed = state(later, conventions=conventions, chain=chain)
    start = predicted.start["capacity"]

    def drop(value: float) -> float | None:
        return None if not start else 1.0 - value / start

    return {
        "removed": list(removed),
        "chain": list(chain),
        "capacity": {
            "before": start,
            "immediate": predicted.immediate["capacity"],
            "predicted": predicted.recovered["capacity"],
            "predicted_reestimated": again.recovered["capacity"],
            "observed": observed["capacity"],
        },
        "drop": {"predicted": drop(predicted.recovered["capacity"]["mean"]),
                 "predicted_reestimated": drop(again.recovered["capacity"]["mean"]),
                 "observed": drop(observed["capacity"])},
        "seen": {"replacements": [{"removed": r, "by": n} for r, n in sorted(seen["replaced"].items())],
                 "takeovers": [{"removed": r, "heir": h} for r, h in sorted(seen["heirs"].items())],
                 "relinks": sum(1 for *_, ok in seen["relinks"] if ok),
                 "newcomers": len(seen["newcomers"])},
        "predicted_events": predicted.events,
        "prior": prior.as_dict(),
        "reestimated": {name: e.as_dict() for name, e in estimates.items()},
        "params": learned.as_dict(),
        "runs": runs,
        "seed": seed,
    }
