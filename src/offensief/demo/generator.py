"""``generate()``: build the demo world for a seed and size and write sources and ground truth.

Example::

    >>> from pathlib import Path
    >>> result = generate(seed=7, size="small", out=Path("demo-data"))  # doctest: +SKIP
    >>> result.counts["bank-transacties"]["Payment"]  # doctest: +SKIP
"""

from __future__ import annotations

import gc
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import yaml

from offensief.demo import partners, truth
from offensief.demo.crime import CrimeBuilder
from offensief.demo.finance import Background
from offensief.demo.laundering import Launderer
from offensief.demo.ledger import Ledger
from offensief.demo.payments import mapping_document, payment_ids, write_payments_csv
from offensief.demo.population import (
    Registry,
    build_companies,
    build_employment_and_accounts,
    build_friendships,
    build_homes_and_cars,
    build_households,
)
from offensief.demo.sources import DATASETS, Source
from offensief.demo.telecom import build_calls
from offensief.demo.world import World
from offensief.model.errors import InputError

Progress = Callable[[str, int, int], None]


@dataclass(slots=True, frozen=True)
class Size:
    """Parameters of one world size."""

    persons: int
    groups: int
    payments: int
    calls: int
    scale: int
    facilitators_per_kind: int
    instances_per_group: int


SIZES: dict[str, Size] = {
    "small": Size(persons=2500, groups=5, payments=40_000, calls=20_000, scale=1,
                  facilitators_per_kind=1, instances_per_group=1),
    "medium": Size(persons=20_000, groups=10, payments=300_000, calls=150_000, scale=1,
                   facilitators_per_kind=2, instances_per_group=1),
    "large": Size(persons=100_000, groups=25, payments=1_000_000, calls=500_000, scale=2,
                  facilitators_per_kind=4, instances_per_group=1),
}
START, END = date(2025, 7, 1), date(2026, 6, 30)
COLLECTED = "2026-07-15"
STEPS = ("population", "crime", "payments", "calls", "sources", "write")


@dataclass(slots=True)
class DemoResult:
    """What :func:`generate` wrote: counts per dataset and schema, and the paths."""

    seed: int
    size: str
    out: Path
    counts: dict[str, dict[str, int]]
    files: list[Path] = field(default_factory=list)
    ground_truth: list[Path] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"seed": self.seed, "size": self.size, "out": str(self.out), "counts": self.counts,
                "files": [str(p) for p in self.files], "ground_truth": [str(p) for p in self.ground_truth]}


def generate(*, seed: int = 7, size: str = "small", out: Path, progress: Progress | None = None) -> DemoResult:
    """Build the world for ``seed`` and ``size`` and write it under ``out``."""
    if size not in SIZES:
        raise InputError(f"unknown demo size {size!r} (choose {', '.join(SIZES)})", field="size")
    # Millions of small, long-lived dicts: the cyclic GC would rescan them over and over.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _generate(seed=seed, size=size, out=out, progress=progress)
    finally:
        if enabled:
            gc.enable()


def _generate(*, seed: int, size: str, out: Path, progress: Progress | None) -> DemoResult:
    params = SIZES[size]
    tick = progress or (lambda step, done, total: None)
    rng, gen = random.Random(seed), np.random.default_rng(seed)
    world = World(start=START, end=END)
    reg = Registry(kvk=set(), phones=set(), plates=set(), ibans=set())

    tick("population", 0, len(STEPS))
    build_households(world, rng, reg, persons=params.persons, common_name_share=0.004)
    build_companies(world, rng, reg)
    build_employment_and_accounts(world, rng, reg)
    world.tenancy = build_homes_and_cars(world, rng, reg)
    build_friendships(world, rng)

    tick("crime", 1, len(STEPS))
    crime = CrimeBuilder(world, rng, reg)
    crime.build_groups(params.groups, scale=params.scale)
    crime.build_facilitators(params.facilitators_per_kind)
    crime.link_trust_offices()

    tick("payments", 2, len(STEPS))
    ledger = Ledger()
    launderer = Launderer(world, ledger, rng, per_group=params.instances_per_group)
    launderer.plant()
    launderer.service_flows()
    background = Background(world, ledger, gen, budget=params.payments - ledger.size)
    background.build()
    payments = ledger.finish()

    tick("calls", 3, len(STEPS))
    calls = build_calls(world, rng, gen, total=params.calls)

    tick("sources", 4, len(STEPS))
    sources = {name: Source(name=name, rng=random.Random(f"{seed}:{name}")) for name in DATASETS}
    partners.municipality(world, sources["gemeente-brp"])
    partners.police(world, sources["politie-bvh"])
    partners.chamber_of_commerce(world, sources["kvk-handelsregister"])
    partners.land_registry(world, sources["kadaster"])
    account_ids = partners.bank(world, sources["bank-transacties"])
    partners.telecom(world, sources["telecom-cdr"], calls)

    tick("write", 5, len(STEPS))
    result = write_world(out, seed=seed, size=size, world=world, sources=sources, payments=payments,
                         ledger=ledger, launderer=launderer, background=background,
                         account_ids=account_ids)
    tick("done", len(STEPS), len(STEPS))
    return result


def _dump(path: Path, data: Any) -> Path:
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    return path


def write_world(out: Path, *, seed: int, size: str, world: World, sources: dict[str, Source],
                payments: dict[str, np.ndarray], ledger: Ledger, launderer: Launderer,
                background: Background, account_ids: dict[int, str]) -> DemoResult:
    """Write sources, the payments CSV and mapping, ``datasets.json`` and the ground truth."""
    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "ground_truth").mkdir(parents=True, exist_ok=True)
    counts: dict[str, dict[str, int]] = {}
    files: list[Path] = []
    meta: list[dict[str, Any]] = []
    for name, src in sources.items():
        path = out / "sources" / f"{name}.jsonl"
        schemata = Counter(e["schema"] for e in src.entities)
        with path.open("wb") as fh:
            for entity in src.entities:
                fh.write(orjson.dumps(entity) + b"\n")
            for stream in src.streams:
                for entity in stream():
                    schemata[entity["schema"]] += 1
                    fh.write(orjson.dumps(entity) + b"\n")
        files.append(path)
        counts[name] = dict(sorted(schemata.items()))
        partner, regime, purpose, title, _, _ = DATASETS[name]
        entry: dict[str, Any] = {"name": name, "partner": partner, "regime": regime, "purpose": purpose,
                 "collected_at": COLLECTED, "retention": "5y", "title": title,
                 "files": [{"path": f"sources/{name}.jsonl", "format": "jsonl", "mapping": None}]}
        meta.append(entry)
    bank = sources["bank-transacties"]
    n = len(world.persons)
    customer_ids = {i: pid for i, pid in bank.persons.items()} | {n + c: cid for c, cid in bank.companies.items()}
    party_names = {i: world.persons[i].name.full for i in bank.persons} | {n + c: world.companies[c].name for c in bank.companies}
    csv_path = out / "sources" / "payments.csv"
    raw_ids = write_payments_csv(csv_path, world, payments, purposes=ledger.purposes,
                                 customer_ids=customer_ids, party_names=party_names)
    map_path = out / "sources" / "payments.mapping.yml"
    map_path.write_text(yaml.safe_dump(mapping_document(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    files += [csv_path, map_path]
    counts["bank-transacties"]["Payment"] = len(raw_ids)
    for entry in meta:
        if entry["name"] == "bank-transacties":
            entry["files"].append({"path": "sources/payments.csv", "format": "csv",
                                   "mapping": "sources/payments.mapping.yml"})
    files.append(_dump(out / "datasets.json", {"datasets": meta}))

    ftm_ids = payment_ids(raw_ids)
    src_list = list(sources.values())
    firms = {p: c.idx for c in world.companies if c.kind.startswith("facilitator:") for p in c.directors}
    gt = out / "ground_truth"
    truths = [
        _dump(gt / "persons.json", truth.persons_truth(world, src_list)),
        _dump(gt / "companies.json", truth.companies_truth(world, src_list)),
        _dump(gt / "groups.json", truth.groups_truth(world)),
        _dump(gt / "facilitators.json", truth.facilitators_truth(world, src_list, firms)),
        _dump(gt / "typologies.json", truth.typologies_truth(
            world, launderer.instances, ledger, raw_ids=raw_ids, ftm_ids=ftm_ids,
            account_ids=account_ids, bank=bank, kadaster=sources["kadaster"])),
        _dump(gt / "assets.json", truth.assets_truth(world, src_list, payments, account_ids)),
        _dump(gt / "benign.json", truth.benign_truth(world, background.benign, ledger, raw_ids=raw_ids,
                                                     ftm_ids=ftm_ids, account_ids=account_ids)),
    ]
    return DemoResult(seed=seed, size=size, out=out, counts=counts, files=files, ground_truth=truths)
