"""Generate the blind world: ``python -m blindworld --size small --seed 7 --out DIR``.

Writes ``DIR/sources/*.jsonl``, ``DIR/sources/bank-mutaties.csv`` with its FtM mapping,
``DIR/datasets.json`` (the manifest of docs/ingest.md) and ``DIR/truth/truth.json``.
The same seed and size give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from .comms import background_calls, facilitator_ties, group_calls, group_meetings, sort_calls
from .crime import build_assets, build_facilitators, build_family_cars, build_group
from .deliveries import DELIVERIES, bank, payments_csv, police, telecom
from .laundering import group_money, launder
from .money import (
    background_payments,
    legit_home_sales,
    legit_trade,
    owner_occupied,
    professional_invoices,
    shop_takings,
)
from .population import build_background
from .registers import REGISTERS, brp, kadaster, kvk, rdw
from .truth import build_truth, write_truth
from .world import World

SIZES = {
    "small": {"persons": 420, "groups": 3, "facilitators": 6, "card_rate": 0.6, "calls": 1.0,
              "cell": 0.7, "reps": {"structuring": 2, "layering": 2, "scatter_gather": 1,
                                    "funnel": 1, "trade_based": 1, "loan_back": 1, "abc_resale": 1}},
    "full": {"persons": 4750, "groups": 7, "facilitators": 14, "card_rate": 1.0, "calls": 6.0,
             "cell": 1.0, "reps": {"structuring": 5, "layering": 3, "scatter_gather": 2,
                                   "funnel": 1, "trade_based": 2, "loan_back": 1, "abc_resale": 1}},
}
COLLECTED = "2025-03-15"


def build_world(seed: int, size: str) -> World:
    cfg = SIZES[size]
    w = World(seed=seed, rng=random.Random(seed))
    build_background(w, cfg["persons"])
    for i in range(cfg["groups"]):
        build_group(w, f"G{i + 1}", cfg["cell"])
    build_facilitators(w, cfg["facilitators"])
    for g in w.groups:
        build_assets(w, g)
    build_family_cars(w)
    background_payments(w, cfg["card_rate"])
    shop_takings(w)
    professional_invoices(w)
    legit_trade(w)
    legit_home_sales(w)
    owner_occupied(w)
    for g in w.groups:
        group_money(w, g)
        launder(w, g, cfg["reps"])
        group_calls(w, g)
        group_meetings(w, g)
    facilitator_ties(w)
    background_calls(w, cfg["calls"])
    sort_calls(w)
    return w


def generate(out: Path, *, seed: int = 7, size: str = "small") -> dict:
    """Write the world's partner files, manifest and truth into ``out``; return a summary."""
    w = build_world(seed, size)
    src_dir, truth_dir = out / "sources", out / "truth"
    src_dir.mkdir(parents=True, exist_ok=True)
    truth_dir.mkdir(parents=True, exist_ok=True)
    # registers first: kadaster and rdw store their record ids on the world for the truth
    sources = [brp(w, seed), kvk(w, seed), kadaster(w, seed), rdw(w, seed), bank(w, seed),
               police(w, seed), telecom(w, seed)]
    described = {**REGISTERS, **DELIVERIES}
    datasets = []
    for s in sources:
        path = s.write(src_dir)
        partner, regime, title = described[s.name]
        datasets.append({"name": s.name, "partner": partner, "regime": regime,
                         "purpose": "onderzoek ondermijning (blind validatiewereld)",
                         "collected_at": COLLECTED, "retention": "5y", "title": title,
                         "files": [{"path": f"sources/{path.name}", "format": "jsonl", "mapping": None}]})
    csv_path, mapping = payments_csv(w, src_dir)
    partner, regime, title = DELIVERIES["bank-mutaties"]
    datasets.append({"name": "bank-mutaties", "partner": partner, "regime": regime,
                     "purpose": "transactiemonitoring (Wwft)", "collected_at": COLLECTED,
                     "retention": "5y", "title": title,
                     "files": [{"path": f"sources/{csv_path.name}", "format": "csv",
                                "mapping": f"sources/{mapping.name}"}]})
    (out / "datasets.json").write_text(json.dumps({"datasets": datasets}, indent=2), encoding="utf-8")
    truth = build_truth(w, sources, size)
    write_truth(truth, truth_dir)
    return {"out": str(out), "seed": seed, "size": size, **truth["counts"],
            "records": {s.name: len(s.entities) for s in sources}}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--size", choices=sorted(SIZES), default="small")
    args = ap.parse_args(argv)
    print(json.dumps(generate(args.out, seed=args.seed, size=args.size), indent=1))
