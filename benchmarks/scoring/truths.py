"""Read a world's ground truth into one shape the scorer uses.

Two formats: the blind world's ``truth/truth.json`` (also written by the third world,
``benchmarks/thirdworld``, which names itself in its ``world`` field) and the demo world's ``ground_truth/*.json``
(as docs/demo.md describes it). The shape:

``persons``: record id -> true id (Person records); ``companies``: same for firms;
``kingpins``; ``groups`` (count); ``facilitators``: true id -> type; ``laundering``:
[{typology, payment_ids}]; ``benign``: payment ids; ``assets``: [{asset, records, value,
owner, owner_records}].
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Truth:
    world: str
    persons: dict[str, str]
    companies: dict[str, str]
    kingpins: set[str]
    groups: int
    facilitators: dict[str, str]
    laundering: list[dict]
    benign: set[str]
    assets: list[dict]
    counts: dict[str, int] = field(default_factory=dict)

    def records_of(self, true_id: str) -> set[str]:
        return {r for r, t in self.persons.items() if t == true_id} | \
            {r for r, t in self.companies.items() if t == true_id}


def read_truth(folder: Path) -> Truth:
    """The truth of a generated world folder (blind or demo)."""
    if (folder / "truth" / "truth.json").exists():
        return _blind(json.loads((folder / "truth" / "truth.json").read_text(encoding="utf-8")))
    if (folder / "ground_truth").is_dir():
        return _demo(folder / "ground_truth")
    raise FileNotFoundError(f"{folder}: neither truth/truth.json nor ground_truth/")


def _blind(t: dict) -> Truth:
    persons, companies = {}, {}
    for records in t["records"].values():
        for rid, tid in records.items():
            (companies if tid in t["companies"] else persons)[rid] = tid
    facs = {f["person"]: f["type"] for f in t["facilitators"]}
    lau = [{"typology": i["typology"], "variant": i.get("variant"),
            "payment_ids": i["payment_ids"]} for i in t["laundering"]]
    benign = {p for b in t["benign"] for p in b["payment_ids"]}
    truth = Truth(t.get("world", "blind"), persons, companies, {g["kingpin"] for g in t["groups"]},
                  len(t["groups"]), facs, lau, benign, [], dict(t["counts"]))
    for a in t["assets"]:
        truth.assets.append({"asset": a["asset"], "records": set(a["records"].values()),
                             "value": float(a["value"]), "owner": a["true_owner"],
                             "owner_records": truth.records_of(a["true_owner"])})
    return truth


def _load(folder: Path, name: str) -> list[dict]:
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))


def _demo(folder: Path) -> Truth:
    persons, companies = {}, {}
    for p in _load(folder, "persons"):
        for ids in p["source_ids"].values():
            for rid in ids:
                persons[rid] = p["true_id"]
    for c in _load(folder, "companies"):
        for ids in (c.get("source_ids") or {}).values():
            for rid in ids:
                companies[rid] = c["true_id"]
    groups = _load(folder, "groups")
    facs = {f["true_id"]: f["type"] for f in _load(folder, "facilitators")}
    lau = [{"typology": t["typology"], "variant": None, "payment_ids": t["transaction_ids"]}
           for t in _load(folder, "typologies")]
    benign = {p for b in _load(folder, "benign") for p in b.get("transaction_ids", [])}
    truth = Truth("demo", persons, companies, {g["kingpin"] for g in groups}, len(groups),
                  facs, lau, benign, [])
    for a in _load(folder, "assets"):
        records = {r for ids in (a.get("source_ids") or {}).values() for r in ids}
        truth.assets.append({"asset": a["asset_id"], "records": records | {a["asset_id"]},
                             "value": float(a["value"]), "owner": a["beneficial_owner"],
                             "owner_records": truth.records_of(a["beneficial_owner"])})
    truth.counts = {"persons": len(set(persons.values())), "groups": len(groups),
                    "laundering": len(lau), "assets": len(truth.assets)}
    return truth
