"""Asset inventory and beneficial owners, for afpakken.

Assets are the ``RealEstate``, ``Vehicle``, ``Company`` and ``BankAccount`` entities in the
store (records of one vehicle or parcel in several sources — the same licence plate or
cadastral designation — are one asset), valued from their ``amountEur``/``amount``
(``capital`` for companies, ``balance`` for accounts, or else the account's net inflow;
an account without an owner record is attributed to the party its payments name with it —
``payments_read`` then lists the accounts whose payments the value or the holder came from).

For each asset the evidence an investigator collects is gathered per candidate beneficial
owner and ranked (:mod:`offensief.finance.beneficial`):

1. the *register*: the ownership chain up to natural persons, UBO and pseudo-UBO entries,
   nominee holdings seen through (:mod:`offensief.finance.ownership`);
2. the *controller* behind a corporate cluster's straw men, or behind a straw man who launders
   with the cluster;
3. the *source of funds*: the purchase payments traced back through companies and accounts
   to the persons whose money it was (:mod:`offensief.finance.funds`);
4. who pays its *costs* and *rent*;
5. who *uses* it: residents at a property's address, a vehicle's operator, the controllers of
   a company registered at a business property;
6. *nominee* indicators of the registered holders (:mod:`offensief.finance.nominees`) and the
   relatives and associates of such nominees.

The top candidate is the ``beneficial_owner``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

import duckdb

from offensief.finance.addresses import Address
from offensief.finance.beneficial import rank
from offensief.finance.control import corporate_clusters, register_clusters
from offensief.finance.evidence import Evidence
from offensief.finance.funds import Identity, Money, code
from offensief.finance.ownership import alert_controllers, cluster_controllers
from offensief.finance.registers import Registers, load_registers
from offensief.finance.settings import Settings
from offensief.finance.transactions import Engine, canonical_map, prepare

KINDS = {"RealEstate": "real_estate", "Vehicle": "vehicle", "Company": "company", "BankAccount": "account"}

_ASSETS = """
SELECT coalesce(m.canonical_id, s.entity_id) AS id, min(s.schema) AS schema,
       list(DISTINCT s.entity_id) AS source_ids,
       max(try_cast(s.value AS DOUBLE)) FILTER (WHERE s.prop IN ('amountEur', 'amount', 'capital', 'balance')) AS value,
       min(s.value) FILTER (WHERE s.prop IN ('name', 'address', 'registrationNumber', 'iban')) AS label,
       list(DISTINCT s.value) FILTER (WHERE s.prop = 'cadastralCode'
           OR (s.schema = 'Vehicle' AND s.prop = 'registrationNumber')) AS codes,
       min(s.value) FILTER (WHERE s.prop IN ('createDate', 'registrationDate', 'buildDate')) AS acquired
FROM statements s LEFT JOIN fin_canonical m ON m.source_id = s.entity_id
WHERE s.schema IN ('RealEstate', 'Vehicle', 'Company', 'BankAccount')
GROUP BY 1
"""

_BALANCES = """
SELECT account, sum(amount) AS net FROM (
    SELECT beneficiary_account AS account, amount FROM transactions WHERE beneficiary_account IS NOT NULL
    UNION ALL
    SELECT payer_account AS account, -amount FROM transactions WHERE payer_account IS NOT NULL
) x GROUP BY account
"""


def _merge_by_code(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """One asset per licence plate / cadastral designation (records of several sources)."""
    merged: dict[str, dict[str, Any]] = {}
    first: dict[str, str] = {}
    for asset, schema, source_ids, value, label, codes, acquired in sorted(rows, key=lambda r: r[0]):
        keys = [f"{schema}:{code(c)}" for c in (codes or []) if code(c)]
        target = next((first[k] for k in keys if k in first), asset)
        for k in keys:
            first.setdefault(k, target)
        row = merged.setdefault(target, {"id": target, "schema": schema, "source_ids": set(), "value": None,
                                         "label": None, "codes": set(), "acquired": None, "members": set()})
        row["source_ids"] |= set(source_ids)
        row["members"].add(asset)
        row["codes"] |= {code(c) for c in (codes or []) if code(c)}
        if value is not None:
            row["value"] = max(row["value"] or 0.0, float(value))
        row["label"] = row["label"] or label
        row["acquired"] = min(filter(None, (row["acquired"], acquired)), default=None)
    return list(merged.values())


def _residents(reg: Registers) -> dict[str, list[tuple[Address, str]]]:
    """Street|number → (address, entity) of every person and organisation with an address."""
    index: dict[str, list[tuple[Address, str]]] = defaultdict(list)
    for entity, addresses in reg.addresses.items():
        if reg.is_person(entity) or reg.is_organisation(entity):
            for address in addresses:
                index[address.key].append((address, entity))
    return index


def _acquired(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def asset_inventory(
    con: duckdb.DuckDBPyConnection,
    *,
    threshold: float = 25.0,
    min_evidence: float = 1.5,
    canonical: Mapping[str, str] | None = None,
    kinds: tuple[str, ...] = ("real_estate", "vehicle", "company", "account"),
    alerts: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Every asset with value, ranked candidate beneficial owners with evidence and confidence,
    the top one as ``beneficial_owner``, the register chain and the source ids.

    ``alerts`` (from :func:`offensief.finance.alerts.detect_alerts`) add one more way to see
    through straw men: people whose accounts launder together with a controlled cluster."""
    prepare(Engine(con), settings=Settings(), canonical=canonical)
    clusters = corporate_clusters(con, min_percentage=threshold)
    register_clusters(con, clusters)
    reg = load_registers(con)
    money = Money.load(con)
    controllers = cluster_controllers(con, reg, clusters, min_evidence=min_evidence)
    holdings: dict[str, set[str]] = defaultdict(set)
    for account, entity in money.holders.items():
        if reg.is_person(entity):
            holdings[entity].add(account)
    in_alerts = {a for alert in alerts or [] for a in alert.get("account_ids", [])}
    mules = frozenset(p for p, owned in holdings.items() if owned & in_alerts)
    rows = _merge_by_code(con.execute(_ASSETS).fetchall())
    asset_kinds = {m: KINDS[r["schema"]] for r in rows for m in r["members"]}
    money.index_codes({c for r in rows if KINDS[r["schema"]] in ("real_estate", "vehicle") for c in r["codes"]})
    evidence = Evidence(reg, money, clusters=clusters, controllers=controllers,
                        laundering=alert_controllers(alerts or [], holdings, clusters, controllers),
                        mules=mules, kinds=asset_kinds, threshold=threshold, residents=_residents(reg))
    mapping = canonical_map(con)
    sources: dict[str, list[str]] = defaultdict(list)
    for source, target in mapping.items():
        sources[target].append(source)
    balances = dict(con.execute(_BALANCES).fetchall())
    identities: dict[str, Identity] = {}
    for row in rows:
        asset, kind = row["id"], KINDS[row["schema"]]
        for member in row["members"] - {asset}:
            reg.owners[asset] += [h for h in reg.owners.get(member, []) if h not in reg.owners[asset]]
            reg.operators[asset] |= reg.operators.get(member, set())
            reg.addresses[asset] += [a for a in reg.addresses.get(member, []) if a not in reg.addresses[asset]]
        identities[asset] = Identity(tuple(reg.addresses.get(asset, [])) if kind == "real_estate" else (),
                                     tuple(sorted(row["codes"])))
        if kind in ("real_estate", "vehicle"):
            money.claim(identities[asset])
    out = []
    for row in rows:
        kind = KINDS[row["schema"]]
        if kind not in kinds:
            continue
        asset, value, label = row["id"], row["value"], row["label"]
        paid = False  # whether the value or the holder was read from the account's payments
        if kind == "account":
            if value is None:
                value = max(0.0, float(sum(balances.get(s, 0.0) for s in row["source_ids"])))
                paid = True
            if not reg.owners.get(asset) and asset in money.holders:
                reg.add_holding(asset, money.holders[asset], "account holder")
                paid = True
        found = evidence.collect(asset, kind, float(value or 0.0), identities[asset], _acquired(row["acquired"]))
        ranked = rank(found.candidates)
        top = ranked[0]["entity"] if ranked else None
        chain = [f"{label or asset} ({kind})", *found.chain]
        if top is not None:
            chain.append(f"{reg.name(top)}: {'; '.join(ranked[0]['evidence'])}")
        out.append({
            "asset_id": asset, "kind": kind, "value": round(float(value or 0.0), 2),
            "label": label, "beneficial_owner": top,
            "beneficial_owner_name": reg.names.get(top) if top else None,
            "beneficial_owner_source_ids": sorted(set(sources.get(top, [])) | {top}) if top else [],
            "basis": "; ".join(ranked[0]["evidence"]) if ranked else "no owner known", "chain": chain,
            "source_ids": sorted(set(row["source_ids"]) | {s for m in row["members"] for s in sources.get(m, [])}),
            "candidates": ranked, "nominee": found.nominee, "source_of_funds": found.funds,
            "payments_read": sorted(row["source_ids"]) if paid else [],
            "confidence": ranked[0]["confidence"] if ranked else None,
        })
    out.sort(key=lambda a: (-a["value"], a["asset_id"]))
    return out


def seizable_by_subject(assets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Estimated seizable value per beneficial owner (sum of their assets' values)."""
    per: dict[str, dict[str, Any]] = {}
    for asset in assets:
        ubo = asset["beneficial_owner"]
        if ubo is None:
            continue
        entry = per.setdefault(ubo, {"subject": ubo, "name": asset["beneficial_owner_name"],
                                     "value": 0.0, "assets": 0, "by_kind": defaultdict(float)})
        entry["value"] += asset["value"]
        entry["assets"] += 1
        entry["by_kind"][asset["kind"]] += asset["value"]
    rows = sorted(per.values(), key=lambda e: -e["value"])
    for row in rows:
        row["value"] = round(row["value"], 2)
        row["by_kind"] = {k: round(v, 2) for k, v in row["by_kind"].items()}
    return rows
