"""The ground truth: who is who across sources, groups, facilitators, typologies, assets, benign."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from offensief.demo.finance import Benign
from offensief.demo.laundering import Instance
from offensief.demo.ledger import Ledger
from offensief.demo.sources import Source
from offensief.demo.world import World


def source_ids(sources: list[Source], *, persons: int | None = None, company: int | None = None) -> dict[str, list[str]]:
    """Ids of one person or company per dataset (only datasets that recorded it)."""
    out: dict[str, list[str]] = {}
    for src in sources:
        table = src.persons if persons is not None else src.companies
        key = persons if persons is not None else company
        entity_id = table.get(key)  # type: ignore[arg-type]
        if entity_id is not None and entity_id in src.recorded:
            out[src.name] = [entity_id]
    return out


def _true_id(world: World) -> Callable[[int], str]:
    """Person index → ground-truth id."""
    def tid(idx: int) -> str:
        return world.persons[idx].true_id
    return tid


def persons_truth(world: World, sources: list[Source]) -> list[dict[str, Any]]:
    """``persons.json``."""
    return [{
        "true_id": p.true_id, "name": p.name.full, "birth_date": p.born.isoformat(),
        "source_ids": source_ids(sources, persons=p.idx), "group": p.group, "role": p.role,
        "process_step": p.process_step, "facilitator_type": p.facilitator_type,
        "facilitator_subtype": p.facilitator_subtype,
    } for p in world.persons]


def companies_truth(world: World, sources: list[Source]) -> list[dict[str, Any]]:
    """``companies.json``: organisations with their KvK number and ids per source."""
    out = []
    for c in world.companies:
        ids = source_ids(sources, company=c.idx)
        out.append({"true_id": c.true_id, "name": c.name, "kvk": c.kvk or None, "kind": c.kind,
                    "jurisdiction": c.jurisdiction, "group": c.group,
                    "beneficial_owner": world.persons[c.beneficial_owner].true_id if c.beneficial_owner is not None else None,
                    "source_ids": ids})
    return out


def groups_truth(world: World) -> list[dict[str, Any]]:
    """``groups.json``."""
    tid = _true_id(world)
    return [{
        "group": g.name, "scope": g.scope, "kingpin": tid(g.kingpin),
        "lieutenants": [tid(i) for i in g.lieutenants],
        "workers": {step: [tid(i) for i in members] for step, members in g.workers.items()},
        "money_mules": [tid(i) for i in g.mules], "straw_men": [tid(i) for i in g.straw_men],
        "companies": [world.companies[c].true_id for c in g.companies],
        "facilitators": [tid(i) for i in g.facilitators],
    } for g in world.groups]


def facilitators_truth(world: World, sources: list[Source], firms: dict[int, int]) -> list[dict[str, Any]]:
    """``facilitators.json``: type, subtype, groups served, ids and their firm's ids."""
    out = []
    for p in world.persons:
        if p.role != "facilitator":
            continue
        firm = firms.get(p.idx)
        out.append({"true_id": p.true_id, "name": p.name.full, "type": p.facilitator_type,
                    "subtype": p.facilitator_subtype, "profession": p.profession, "groups": list(p.serves),
                    "source_ids": source_ids(sources, persons=p.idx),
                    "company": world.companies[firm].true_id if firm is not None else None,
                    "company_source_ids": source_ids(sources, company=firm) if firm is not None else {}})
    return out


def typologies_truth(world: World, instances: list[Instance], ledger: Ledger, *, raw_ids: list[str],
                     ftm_ids: list[str], account_ids: dict[int, str], bank: Source,
                     kadaster: Source) -> list[dict[str, Any]]:
    """``typologies.json``: each planted instance with FtM and raw ids."""
    out = []
    for inst in instances:
        rows = ledger.final(inst.payments)
        holders = []
        for acc in inst.accounts:
            a = world.accounts[acc]
            table = bank.persons if a.holder_kind == "person" else bank.companies
            if table[a.holder] not in holders:
                holders.append(table[a.holder])
        entity_ids = holders + [f"{kadaster.prefix}-oz-{r:07d}" for r in inst.assets]
        out.append({"typology": inst.typology, "group": inst.group,
                    "transaction_ids": [ftm_ids[r] for r in rows],
                    "raw_transaction_ids": [raw_ids[r] for r in rows],
                    "account_ids": [account_ids[a] for a in inst.accounts],
                    "ibans": [world.accounts[a].iban for a in inst.accounts],
                    "entity_ids": entity_ids})
    return out


def assets_truth(world: World, sources: list[Source], payments: dict[str, np.ndarray],
                 account_ids: dict[int, str]) -> list[dict[str, Any]]:
    """``assets.json``: criminal assets with value, registered holder and beneficial owner."""
    by = {s.name: s for s in sources}
    tid = _true_id(world)
    n = len(world.accounts)
    inflow = np.bincount(payments["beneficiary_account"][payments["beneficiary_account"] >= 0],
                         weights=payments["amount"][payments["beneficiary_account"] >= 0], minlength=n)
    outflow = np.bincount(payments["payer_account"][payments["payer_account"] >= 0],
                          weights=payments["amount"][payments["payer_account"] >= 0], minlength=n)
    out: list[dict[str, Any]] = []
    for r in world.real_estate:
        if r.beneficial_owner is None:
            continue
        kind, idx, _, _ = r.owners[0]
        out.append({"asset_id": r.true_id, "kind": "real_estate", "value": r.value, "group": r.group,
                    "beneficial_owner": tid(r.beneficial_owner),
                    "registered_holder": tid(idx) if kind == "person" else world.companies[idx].true_id,
                    "source_ids": {"kadaster": [f"{by['kadaster'].prefix}-oz-{r.idx:07d}"]}})
    for v in world.vehicles:
        if v.beneficial_owner is None:
            continue
        out.append({"asset_id": v.true_id, "kind": "vehicle", "value": round(v.value, 2), "group": v.group,
                    "beneficial_owner": tid(v.beneficial_owner),
                    "registered_holder": tid(v.owner) if v.owner_kind == "person" else world.companies[v.owner].true_id,
                    "source_ids": {"politie-bvh": [f"{by['politie-bvh'].prefix}-veh-{v.idx:07d}"]}})
    for c in world.companies:
        if c.beneficial_owner is None:
            continue
        acc = world.main_account[("company", c.idx)]
        balance = max(0.0, float(inflow[acc] - outflow[acc]))
        holder = c.owners[0]
        registered = tid(holder[1]) if holder[0] == "person" else world.companies[holder[1]].true_id
        out.append({"asset_id": c.true_id, "kind": "company", "value": c.capital, "group": c.group,
                    "beneficial_owner": tid(c.beneficial_owner), "registered_holder": registered,
                    "source_ids": source_ids(sources, company=c.idx)})
        out.append({"asset_id": f"account-{acc:06d}", "kind": "account", "value": round(balance, 2),
                    "group": c.group, "beneficial_owner": tid(c.beneficial_owner),
                    "registered_holder": c.true_id, "iban": world.accounts[acc].iban,
                    "source_ids": {"bank-transacties": [account_ids[acc]]}})
    return out


def benign_truth(world: World, benign: list[Benign], ledger: Ledger, *, raw_ids: list[str],
                 ftm_ids: list[str], account_ids: dict[int, str]) -> list[dict[str, Any]]:
    """``benign.json``: planted look-alikes that must not be flagged."""
    out = []
    for b in benign:
        rows = ledger.final(b.payments)
        out.append({"kind": b.kind, "note": b.note, "account_ids": [account_ids[b.account]],
                    "ibans": [world.accounts[b.account].iban],
                    "transaction_ids": [ftm_ids[r] for r in rows],
                    "raw_transaction_ids": [raw_ids[r] for r in rows]})
    return out
