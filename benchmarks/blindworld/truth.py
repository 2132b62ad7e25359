"""The ground truth, written apart from the partner files.

``truth.json``: for every person/company record in every dataset its true id (clusters for
resolution); every person's role, group, process step and facilitator type; the facilitators
with the groups they serve; every laundering instance with its typology, variant and the FtM
ids of its payments (as the store's transaction ids) and the raw ``mutatie_id``s; the benign
look-alikes; every criminal asset with its records, value and true beneficial owner.
"""

from __future__ import annotations

import json
from pathlib import Path

from .deliveries import PAYMENT_KEY, mapped_id
from .records import Source
from .world import World


def payment_id(txid: str) -> str:
    return mapped_id(PAYMENT_KEY, txid)


def build_truth(w: World, sources: list[Source], size: str) -> dict:
    persons = {p.tid: {"name": p.name.full(), "birth_date": p.birth.isoformat(), "role": p.role,
                       "group": p.group, "step": p.step, "facilitator_type": p.fac_type}
               for p in w.persons.values()}
    companies = {c.tid: {"name": c.name, "kind": c.kind, "group": c.group, "country": c.country}
                 for c in w.companies.values()}
    records = {s.name: dict(sorted(s.truth.items())) for s in sources}
    groups = [{"group": g["group"], "city": g["city"], "kingpin": g["kingpin"],
               "lieutenants": g["lieutenants"], "cells": g["cells"],
               "money_mules": g["money_mules"], "straw_men": g["straw_men"],
               "facilitators": g["facilitators"], "companies": g["companies"]} for g in w.groups]
    laundering = [{"instance": f"L{i + 1:03d}", "typology": inst["typology"],
                   "variant": inst.get("variant"), "group": inst["group"],
                   "payment_ids": [payment_id(t) for t in inst["payments"]],
                   "raw_ids": inst["payments"]} for i, inst in enumerate(w.instances)]
    benign = [{"kind": b["kind"], "payment_ids": [payment_id(t) for t in b.get("payments", [])]}
              for b in w.benign if b.get("payments")]
    estates = {e["eid"]: e.get("record") for e in w.estates}
    vehicles = {v["vid"]: v.get("record") for v in w.vehicles}
    assets = []
    for a in w.assets:
        if a["kind"] == "real_estate":
            rec = {"kadaster": estates[a["asset"]]}
        else:
            rec = {"rdw-kentekens": vehicles[a["asset"]]}
        assets.append({"asset": a["asset"], "kind": a["kind"], "value": a["value"],
                       "true_owner": a["owner"], "group": a["group"], "records": rec})
    return {"world": "blindworld", "seed": w.seed, "size": size,
            "counts": {"persons": len(w.persons), "companies": len(w.companies),
                       "payments": len(w.payments), "calls": len(w.calls),
                       "meetings": len(w.meetings), "groups": len(w.groups),
                       "facilitators": len(w.facilitators), "laundering": len(laundering),
                       "assets": len(assets)},
            "groups": groups, "persons": persons, "companies": companies, "records": records,
            "facilitators": w.facilitators, "laundering": laundering, "benign": benign,
            "assets": assets}


def write_truth(truth: dict, folder: Path) -> Path:
    path = folder / "truth.json"
    path.write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return path
