"""Calls (telecom records) and meetings (police observations).

Kingpins mostly meet, lieutenants mostly phone: the kingpin calls each lieutenant a handful
of times and meets them often; lieutenants call their cells many times; cells call each
other; facilitators are called on their firm's number as often as on their mobile.
"""

from __future__ import annotations

from .world import World

PLACES = ("parkeerplaats A16 Zevenbergen", "shishalounge", "sportschool", "hotel lobby Schiphol",
          "wegrestaurant Ruwiel", "kantoor", "woning", "autowasstraat", "restaurant centrum")


def _calls(w: World, a: str, b: str, n: int, *, b_firm: str | None = None) -> None:
    """``n`` calls between a and b in either direction; with ``b_firm`` half of them go to
    (or come from) b's firm number, recorded with the firm as the party."""
    for _ in range(n):
        ts = w.when()
        target = b_firm if b_firm and w.rng.random() < 0.5 else b
        if w.rng.random() < 0.5:
            w.call(a, target, ts)
        else:
            w.call(target, a, ts)


def group_calls(w: World, g: dict) -> None:
    rng = w.rng
    k, lts = g["kingpin"], g["lieutenants"]
    for lt in lts:
        _calls(w, k, lt, rng.randint(2, 6))  # mostly on an encrypted phone: little in the CDRs
        for other in lts:
            if other > lt:
                _calls(w, lt, other, rng.randint(8, 20))
        cell = g["cells"][lt]
        for p in cell:
            _calls(w, lt, p, rng.randint(12, 40))
        for i, p in enumerate(cell):
            for q in cell[i + 1:]:
                if rng.random() < 0.5:
                    _calls(w, p, q, rng.randint(2, 12))
    collectors = [p for c in g["cells"].values() for p in c
                  if w.persons[p].step == "geldophaler"] or lts
    for m in g["money_mules"]:
        _calls(w, rng.choice(collectors), m, rng.randint(2, 8))
    for s in g["straw_men"]:
        _calls(w, rng.choice(lts), s, rng.randint(1, 5))
    if rng.random() < 0.5:
        _calls(w, k, rng.choice(g["straw_men"]), rng.randint(1, 3))


def group_meetings(w: World, g: dict) -> None:
    """Observed meetings: the kingpin with lieutenants and advisers, lieutenants with cells."""
    rng = w.rng
    k, lts = g["kingpin"], g["lieutenants"]
    for _ in range(rng.randint(8, 16)):
        present = [k, *rng.sample(lts, rng.randint(1, len(lts)))]
        w.meetings.append((w.when(), rng.choice(PLACES), tuple(present)))
    for lt in lts:
        for _ in range(rng.randint(2, 5)):
            cell = g["cells"][lt]
            present = [lt, *rng.sample(cell, min(len(cell), rng.randint(1, 3)))]
            w.meetings.append((w.when(), rng.choice(PLACES), tuple(present)))


def facilitator_ties(w: World) -> None:
    """Calls and meetings between each facilitator and the groups they serve."""
    rng = w.rng
    groups = {g["group"]: g for g in w.groups}
    for f in w.facilitators:
        p, firm, sub = f["person"], f["firm"], f["subtype"]
        for gid in f["groups"]:
            g = groups[gid]
            cells = [q for c in g["cells"].values() for q in c]
            if sub in ("accountant", "trust_office"):
                contacts = [g["kingpin"], *g["lieutenants"][:1], *g["straw_men"][:2]]
                if rng.random() < 0.7:
                    w.meetings.append((w.when(), "kantoor", (g["kingpin"], p)))
            elif sub in ("cryptophone", "it_hosting"):
                contacts = [*g["lieutenants"], *rng.sample(cells, min(4, len(cells)))]
            elif sub == "transport":
                contacts = [g["lieutenants"][0]] + [q for q in cells if w.persons[q].step
                                                    in ("koerier", "import", "opslag")][:4]
            else:  # port insider
                contacts = [g["lieutenants"][-1]] + [q for q in cells
                                                     if w.persons[q].step == "import"][:3]
                w.meetings.append((w.when(), "parkeerplaats haven", (g["lieutenants"][-1], p)))
            for c in contacts:
                _calls(w, c, p, rng.randint(2, 7), b_firm=firm)


def background_calls(w: World, per_person: float) -> None:
    """Family, friends, colleagues and customers calling shops and firms."""
    rng = w.rng
    for a, b, _ in w.families:
        _calls(w, a, b, rng.randint(3, 20))
    for a, b in w.associates:
        _calls(w, a, b, rng.randint(1, 8))
    people = [p.tid for p in w.persons.values()]
    firms = [c.tid for c in w.companies.values() if c.phone]
    for _ in range(int(len(people) * per_person)):
        w.call(rng.choice(people), rng.choice(firms), w.when())
    for p, c in w.employment:  # calls to the office now and then
        if rng.random() < 0.3:
            w.call(p, c, w.when())
    # group members also have ordinary lives: family and friends outside the group
    for g in w.groups:
        for m in [g["kingpin"], *g["lieutenants"], *g["money_mules"]]:
            for _ in range(rng.randint(1, 3)):
                _calls(w, m, rng.choice(people), rng.randint(1, 6))


def sort_calls(w: World) -> None:
    w.calls.sort(key=lambda c: c[4])
    w.meetings.sort(key=lambda m: m[0])
