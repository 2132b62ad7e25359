"""Small synthetic criminal worlds for disruption tests (groups, roles, steps, background)."""

from __future__ import annotations

import random

import igraph as ig

STEPS = ("storage", "transport", "distribution", "finance")


def criminal_world(*, groups: int = 3, workers: int = 2, background: int = 40,
                   seed: int = 1) -> ig.Graph:
    """Groups with a kingpin, two lieutenants and workers per step; two shared facilitators."""
    rng = random.Random(seed)
    people: list[dict] = []
    ties: list[tuple[str, str, float]] = []

    def person(name: str, **attrs) -> str:
        people.append({"name": name, **attrs})
        return name

    for g in range(groups):
        group = f"G{g}"
        king = person(f"{group}-kingpin", role="kingpin", group=group, step=None)
        lieutenants = [person(f"{group}-lt{i}", role="lieutenant", group=group, step=None)
                       for i in range(2)]
        for lt in lieutenants:
            ties.append((king, lt, 5.0))
        ties.append((lieutenants[0], lieutenants[1], 2.0))
        previous: list[str] = []
        for s, step in enumerate(STEPS):
            crew = [person(f"{group}-{step}{i}", role="worker", group=group, step=step)
                    for i in range(workers)]
            boss = lieutenants[s % 2]
            for w in crew:
                ties.append((boss, w, 3.0))
            ties.append((crew[0], crew[-1], 1.0))
            if previous:  # the hand-off from the previous step
                ties.append((previous[0], crew[0], 2.0))
            previous = crew
    # shared facilitators: money (finance) for all groups, logistics (transport) for two
    money = person("accountant", role="facilitator", group=None, step="finance",
                   facilitator_type="financial")
    trucks = person("haulier", role="facilitator", group=None, step="transport",
                    facilitator_type="logistics")
    for g in range(groups):
        ties.append((money, f"G{g}-kingpin", 2.0))
        ties.append((money, f"G{g}-finance0", 2.0))
    for g in range(min(2, groups)):
        ties.append((trucks, f"G{g}-transport0", 2.0))
        ties.append((trucks, f"G{g}-lt0", 1.0))
    crime = [p["name"] for p in people]
    for b in range(background):
        name = person(f"citizen{b}", role="background", group=None, step=None)
        ties.append((name, rng.choice(crime), 1.0))
        if b:
            ties.append((name, f"citizen{rng.randrange(b)}", 1.0))
    index = {p["name"]: i for i, p in enumerate(people)}
    graph = ig.Graph([(index[a], index[b]) for a, b, _ in ties])
    for key in ("name", "role", "group", "step"):
        graph.vs[key] = [p.get(key) for p in people]
    graph.vs["facilitator_type"] = [p.get("facilitator_type") for p in people]
    graph.es["weight"] = [w for _, _, w in ties]
    return graph
