"""Call detail records: family and friends in the background, and the criminal structure
(kingpin mostly to lieutenants, lieutenants to workers, facilitators to several groups).
"""

from __future__ import annotations

import random

import numpy as np

from offensief.demo.ledger import epoch
from offensief.demo.world import World

DAY = 86_400


def criminal_ties(world: World, rng: random.Random) -> list[tuple[int, int, int]]:
    """(a, b, expected calls in the period) for every tie in the criminal structure."""
    ties: list[tuple[int, int, int]] = []
    for g in world.groups:
        for lt in g.lieutenants:
            ties.append((g.kingpin, lt, rng.randint(25, 45)))
        for a in g.lieutenants:
            for b in g.lieutenants:
                if a < b:
                    ties.append((a, b, rng.randint(8, 15)))
        steps = list(g.workers)
        for k, step in enumerate(steps):
            boss = g.lieutenants[k % len(g.lieutenants)]
            members = g.workers[step]
            for w in members:
                ties.append((boss, w, rng.randint(10, 22)))
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    ties.append((a, b, rng.randint(5, 10)))
            if k + 1 < len(steps):
                ties.append((rng.choice(members), rng.choice(g.workers[steps[k + 1]]), rng.randint(3, 7)))
        for w in rng.sample([w for s in g.workers.values() for w in s], 2):
            ties.append((g.kingpin, w, rng.randint(1, 2)))
        for m in g.mules:
            ties.append((rng.choice(g.workers["cash_collection"]), m, rng.randint(4, 8)))
        for s in g.straw_men:
            ties.append((rng.choice(g.lieutenants), s, rng.randint(2, 4)))
            ties.append((g.kingpin, s, rng.randint(2, 5)))
        for f in g.facilitators:
            sub = world.persons[f].facilitator_subtype
            if sub in ("transport_firm", "port_insider"):
                contacts = g.workers["import"] + g.workers["transport"]
            elif sub == "mule_recruiter":
                contacts = g.mules[:3] + g.workers["cash_collection"]
            else:
                contacts = []
            ties.append((g.kingpin, f, rng.randint(2, 6)))
            for lt in g.lieutenants:
                ties.append((lt, f, rng.randint(4, 10)))
            for c in contacts:
                ties.append((c, f, rng.randint(3, 8)))
    return ties


def social_ties(world: World) -> list[tuple[int, int, int]]:
    """(a, b, weight) for household members, parents and children, and friends (with a phone)."""
    ties: list[tuple[int, int, int]] = []
    phone = [bool(p.phone) for p in world.persons]
    for members in world.households:
        members = [m for m in members if phone[m]]
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                ties.append((a, b, 3))
    for kind, a, b, _ in world.relations:
        if not (phone[a] and phone[b]):
            continue
        if kind == "family":
            ties.append((a, b, 2))
        elif kind == "friend":
            ties.append((a, b, 1))
    return ties


def build_calls(world: World, rng: random.Random, gen: np.random.Generator, *, total: int) -> dict[str, np.ndarray]:
    """Calls as arrays ``caller``, ``receiver``, ``ts``, ``duration``, sorted by time."""
    crim = criminal_ties(world, rng)
    crim_a = np.array([a for a, _, _ in crim]); crim_b = np.array([b for _, b, _ in crim])
    crim_n = np.array([n for _, _, n in crim])
    crim_calls = np.repeat(np.arange(len(crim)), crim_n)
    social = social_ties(world)
    soc_a = np.array([a for a, _, _ in social]); soc_b = np.array([b for _, b, _ in social])
    weights = np.array([w for _, _, w in social], dtype=float)
    n_social = max(0, total - len(crim_calls))
    pick = gen.choice(len(social), n_social, p=weights / weights.sum())
    a = np.concatenate([crim_a[crim_calls], soc_a[pick]])
    b = np.concatenate([crim_b[crim_calls], soc_b[pick]])
    flip = gen.random(len(a)) < 0.5
    caller, receiver = np.where(flip, b, a), np.where(flip, a, b)
    days = (world.end - world.start).days
    ts = epoch(world.start) + gen.integers(0, days, len(a)) * DAY + gen.integers(7 * 3600, 23 * 3600, len(a))
    duration = np.clip(gen.lognormal(4.2, 1.0, len(a)), 5, 7200).astype(np.int64)
    order = np.argsort(ts, kind="stable")
    return {"caller": caller[order], "receiver": receiver[order], "ts": ts[order], "duration": duration[order]}
