"""A third synthetic world, written from published descriptions only (issue 13).

``generate(out_dir, seed=..., size="small"|"full")`` writes ``datasets.json`` (a manifest of
partner deliveries), ``sources/`` (FtM JSON lines and CSV files with FtM mappings, as the
municipality, KvK, Kadaster, RDW, tax office, police, a telecom provider and two banks would
deliver them) and ``truth/truth.json`` (the format ``benchmarks/scoring/truths.py`` reads).
Its author did not read the detectors, the role rules or the other two generators; see
docs/validity.md, "The third world".
"""

from __future__ import annotations

import json
from pathlib import Path

from . import banks, registers
from .activity import Ledger, background, crime, lookalikes
from .assets import place_assets
from .comms import calls, meetings
from .partners import police, telecom
from .population import World, build
from .sink import Sink

COLLECTED = "2025-07-15"
PURPOSE = "onderzoek Derde Wereld (validatie)"


def _dataset(name: str, partner: str, regime: str, title: str, *files: tuple[str, str | None]) -> dict:
    return {"name": name, "partner": partner, "regime": regime, "purpose": PURPOSE,
            "collected_at": COLLECTED, "retention": "5y", "title": title,
            "files": [{"path": f"sources/{p}", "format": "csv" if p.endswith(".csv") else "ftm",
                       **({"mapping": f"sources/{m}"} if m else {})} for p, m in files]}


MANIFEST = [
    _dataset("gemeente-brp", "gemeente", "avg", "Basisregistratie Personen",
             ("brp_personen.jsonl", None)),
    _dataset("kvk", "kvk", "open", "Handelsregister en UBO-register",
             ("kvk_handelsregister.jsonl", None), ("kvk_ubo.jsonl", None)),
    _dataset("kadaster", "kadaster", "open", "Kadaster eigendomsinformatie",
             ("kadaster_eigendom.jsonl", None)),
    _dataset("rdw", "rdw", "avg", "RDW kentekenregister", ("rdw_kentekens.jsonl", None)),
    _dataset("belastingdienst", "belastingdienst", "awr", "Aangiften inkomstenbelasting 2024",
             ("belastingdienst_ib.jsonl", None)),
    _dataset("politie-bvh", "politie", "wpg-9", "Politie: registraties en observaties",
             ("politie_bvh.jsonl", None)),
    _dataset("telecom", "politie", "wpg-9", "Historische verkeersgegevens (art. 126n Sv)",
             ("telecom_abonnees.jsonl", None),
             ("telecom_verkeersgegevens.csv", "telecom_verkeersgegevens.yml")),
    _dataset("bank-noord", "bank-noord", "wwft", "Bank Noord: klanten, rekeningen, transacties",
             ("bank_noord.jsonl", None),
             ("bank_noord_transacties.csv", "bank_noord_transacties.yml")),
    _dataset("bank-zuid", "bank-zuid", "wwft", "Bank Zuid: klanten, rekeningen, transacties",
             ("bank_zuid.jsonl", None)),
]


def _declared_income(w: World, ledger: Ledger) -> dict[str, float]:
    income: dict[str, float] = {}
    for p in ledger.act.payments:
        if p.ben in w.humans and p.day.year == 2024 and p.purpose.startswith(
                ("Salaris", "Loon", "Managementvergoeding")):
            income[p.ben] = income.get(p.ben, 0.0) + p.amount
    return income


def _truth(w: World, ledger: Ledger, sink: Sink, pay_ids: dict[str, str]) -> dict:
    act = ledger.act
    crime_assets = [a for a in w.assets if a.group is not None]
    return {
        "world": "third",
        "records": {s: dict(sorted(r.items())) for s, r in sorted(sink.records.items())},
        "companies": sorted(w.firms),
        "groups": [{"id": g.idx, "kingpin": g.kingpin, "lieutenants": g.lieutenants,
                    "workers": g.workers, "mules": g.mules, "firms": g.firms} for g in w.groups],
        "facilitators": [{"person": t, "type": kind, "groups": served,
                          "business": w.humans[t].role.split(":")[1]}
                         for t, (kind, served) in w.facilitators.items()],
        "lookalikes": w.lookalikes,
        "laundering": [{**i, "payment_ids": [pay_ids[p] for p in i["payment_ids"]]}
                       for i in act.laundering],
        "benign": [{**b, "payment_ids": [pay_ids[p] for p in b["payment_ids"]]}
                   for b in act.benign],
        "assets": [{"asset": a.aid, "kind": a.kind, "records": sink.assets[a.aid],
                    "value": a.value, "true_owner": a.true_owner, "registered_holder": a.holder,
                    "group": a.group} for a in crime_assets],
        "counts": {"persons": len(w.humans), "firms": len(w.firms), "groups": len(w.groups),
                   "facilitators": len(w.facilitators), "laundering": len(act.laundering),
                   "assets": len(crime_assets), "payments": len(act.payments),
                   "calls": len(act.calls), "meetings": len(act.meetings),
                   "person_records": sum(1 for r in sink.records.values() for t in r.values()
                                         if t in w.humans)},
    }


def generate(out_dir: Path, *, seed: int = 7, size: str = "small") -> dict:
    """Write the world into ``out_dir``; return its counts."""
    out_dir = Path(out_dir)
    sources, truth_dir = out_dir / "sources", out_dir / "truth"
    sources.mkdir(parents=True, exist_ok=True)
    truth_dir.mkdir(parents=True, exist_ok=True)
    w = build(size, seed)
    place_assets(w)
    ledger = Ledger(w)
    background(ledger)
    lookalikes(ledger)
    crime(ledger)
    calls(ledger)
    meetings(ledger)
    sink = Sink()
    registers.brp(w, sink)
    registers.kvk(w, sink)
    registers.kadaster(w, sink)
    registers.rdw(w, sink)
    registers.tax(w, sink, _declared_income(w, ledger))
    police(w, sink, ledger.act)
    telecom(w, sink, ledger.act, sources)
    pay_ids = banks.deliver(w, sink, ledger.act, sources)
    sink.write(sources)
    (out_dir / "datasets.json").write_text(json.dumps({"datasets": MANIFEST}, indent=1),
                                           encoding="utf-8")
    truth = _truth(w, ledger, sink, pay_ids)
    (truth_dir / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True,
                                                     ensure_ascii=False), encoding="utf-8")
    return truth["counts"]
