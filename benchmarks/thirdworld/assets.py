"""Who owns what: homes and cars of ordinary households, and the groups' criminal assets.

A group's assets are held the ways FATF's beneficial-ownership guidance (2014) and its real
estate report (2022) describe: a family home in a foundation with the kingpin's partner on the
board, apartments in a property BV owned through the kingpin's holding, a flat in the name of
a worker without income (straw man), a car on the front business and one on the partner.
"""

from __future__ import annotations

import random

from .names import new_address
from .population import Asset, World, _date

CARS = [("BMW M5", 145_000), ("Mercedes-Benz G 63 AMG", 215_000), ("Porsche Cayenne", 120_000),
        ("Audi RS6", 135_000), ("Lamborghini Urus", 260_000), ("Range Rover Sport", 110_000)]
PLAIN_CARS = [("Volkswagen Golf", 32_000), ("Toyota Yaris", 24_000), ("Kia Niro", 38_000),
              ("Opel Corsa", 23_000), ("Peugeot 208", 25_000)]


def _plate(rng: random.Random, issued: set[str]) -> str:
    """A sidecode-9 style licence plate (XX-999-X), never issued twice."""
    L = "BDFGHJKLNPRSTVXZ"
    while True:
        plate = f"{rng.choice(L)}{rng.choice(L)}-{rng.randint(100, 999)}-{rng.choice(L)}"
        if plate not in issued:
            issued.add(plate)
            return plate


def place_assets(w: World) -> None:
    """Add every asset to ``w.assets`` (after ``population.build``)."""
    rng = w.rng
    n = 0
    plates: set[str] = set()

    def add(kind: str, value: float, label: str, holder: str, owner: str, group: int | None,
            model: str = "") -> None:
        nonlocal n
        n += 1
        w.assets.append(Asset(f"TA{n:04d}", kind, float(value), label, holder, owner,
                              _date(rng, 2024, 2024), group, model))

    for g in w.groups:
        kp = w.humans[g.kingpin]
        found, prop, front = g.firms[3], g.firms[2], g.firms[0]
        # the family home held by the foundation; the kingpin lives there
        add("house", rng.randrange(850_000, 1_900_000, 5_000), kp.address, found, kp.tid, g.idx)
        # two apartments in the property firm (own holding chain)
        for _ in range(2):
            add("apartment", rng.randrange(290_000, 520_000, 5_000), new_address(rng)[0], prop,
                kp.tid, g.idx)
        # a flat in a straw man's name: a worker with no income of his own
        add("apartment", rng.randrange(240_000, 380_000, 5_000), new_address(rng)[0],
            rng.choice(g.workers), kp.tid, g.idx)
        model, price = rng.choice(CARS)
        add("car", price, _plate(rng, plates), front, kp.tid, g.idx, model)
        model, price = rng.choice(CARS)
        add("car", price, _plate(rng, plates), g.nominee, kp.tid, g.idx, model)
        lt = rng.choice(g.lieutenants)
        model, price = rng.choice(CARS)
        add("car", price, _plate(rng, plates), lt, lt, g.idx, model)
    # ordinary owners: homes and cars of households
    for hh in w.households:
        head = hh[0]
        if w.humans[head].group is None and rng.random() < 0.45:
            add("house", rng.randrange(220_000, 650_000, 5_000), w.humans[head].address, head,
                head, None)
        if w.humans[head].group is None and rng.random() < 0.5:
            model, price = rng.choice(PLAIN_CARS)
            add("car", price, _plate(rng, plates), head, head, None, model)
