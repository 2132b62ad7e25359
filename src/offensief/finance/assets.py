"""Asset inventory and ultimate beneficial owners (UBO), for afpakken.

Assets are the ``RealEstate``, ``Vehicle``, ``Company`` and ``BankAccount`` entities in the
store, valued from their ``amountEur``/``amount`` (``capital`` for companies, ``balance`` for
accounts, or else the account's net inflow in ``transactions``). Registered holders come from
``Ownership`` (owner → asset), ``Vehicle.owner`` and, for accounts, the payments' payers.

The beneficial owner is found in these steps:

0. *UBO register*: an ``Ownership`` declared as UBO entry names the owner, unless step 3
   finds a controller behind the register (a straw man declared as UBO).
1. *Ownership chain*: from the registered holder up through ``Ownership`` of companies,
   multiplying percentages; natural persons whose effective share reaches ``threshold``
   (default 25 %) own it. A company without qualifying owners is controlled by its directors
   (the "senior managing official" fallback of the UBO register).
2. *Nominees seen through*: a trust office holding shares as trustee/nominee is skipped
   (the chain continues at the directors of the company it holds).
3. *Straw men seen through*: for a corporate cluster (``offensief.finance.control``) the
   registered people may be straw men. The *controller* of a cluster is the person outside the
   register with the strongest evidence of control: family or associate ties to the cluster's
   registered people, regular money from the cluster's accounts (distinct months paid, steady
   wages excluded) and how much money (score: ties + months / 4 + EUR received / 50,000, the
   last two capped at 3).
   When one has a score of at least ``min_evidence``, the assets of the cluster and those held
   privately by its registered people are attributed to the controller; the chain says why.
4. *Straw men outside the register*: a private holder whose accounts take part in laundering
   alerts together with a controlled cluster's accounts (``alerts=``), or who has a family or
   associate tie to a controller, is taken for that controller's straw man.

Only current ownerships and directorships count (no ``endDate`` today or earlier).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb

from offensief.finance.control import (
    corporate_clusters,
    edges_sql,
    is_nominee,
    is_ubo_entry,
    register_clusters,
)
from offensief.finance.funds import Candidate, Money, purchases, rank, trace_funders
from offensief.finance.settings import Settings
from offensief.finance.transactions import Engine, canonical_map, prepare

KINDS = {"RealEstate": "real_estate", "Vehicle": "vehicle", "Company": "company", "BankAccount": "account"}
PERSON = "Person"

_ASSETS = """
SELECT coalesce(m.canonical_id, s.entity_id) AS id, min(s.schema) AS schema,
       list(DISTINCT s.entity_id) AS source_ids,
       max(try_cast(s.value AS DOUBLE)) FILTER (WHERE s.prop IN ('amountEur', 'amount', 'capital', 'balance')) AS value,
       min(s.value) FILTER (WHERE s.prop IN ('name', 'address', 'registrationNumber', 'iban')) AS label
FROM statements s LEFT JOIN fin_canonical m ON m.source_id = s.entity_id
WHERE s.schema IN ('RealEstate', 'Vehicle', 'Company', 'BankAccount')
GROUP BY 1
"""

_VEHICLE_OWNERS = """
SELECT coalesce(m1.canonical_id, v.entity_id), coalesce(m2.canonical_id, v.value)
FROM statements v
LEFT JOIN fin_canonical m1 ON m1.source_id = v.entity_id
LEFT JOIN fin_canonical m2 ON m2.source_id = v.value
WHERE v.schema = 'Vehicle' AND v.prop = 'owner'
"""

#: Who uses an asset: persons registered at a property's address, a vehicle's operator.
_USERS = """
SELECT coalesce(m1.canonical_id, a.entity_id), coalesce(m2.canonical_id, p.entity_id)
FROM statements a
JOIN statements p ON p.prop = 'address' AND p.schema = 'Person' AND lower(trim(p.value)) = lower(trim(a.value))
LEFT JOIN fin_canonical m1 ON m1.source_id = a.entity_id
LEFT JOIN fin_canonical m2 ON m2.source_id = p.entity_id
WHERE a.schema = 'RealEstate' AND a.prop IN ('address', 'name')
UNION
SELECT coalesce(m1.canonical_id, v.entity_id), coalesce(m2.canonical_id, v.value)
FROM statements v
LEFT JOIN fin_canonical m1 ON m1.source_id = v.entity_id
LEFT JOIN fin_canonical m2 ON m2.source_id = v.value
WHERE v.schema = 'Vehicle' AND v.prop = 'operator'
"""

#: A street address shared by more residents than this is a building, not a household.
MAX_RESIDENTS = 6

_BALANCES = """
SELECT account, sum(amount) AS net FROM (
    SELECT beneficiary_account AS account, amount FROM transactions WHERE beneficiary_account IS NOT NULL
    UNION ALL
    SELECT payer_account AS account, -amount FROM transactions WHERE payer_account IS NOT NULL
) x GROUP BY account
"""

_TIES = """
SELECT coalesce(m1.canonical_id, a.value), coalesce(m2.canonical_id, b.value), a.schema
FROM statements a
JOIN statements b ON b.entity_id = a.entity_id AND b.prop IN ('relative', 'associate')
LEFT JOIN fin_canonical m1 ON m1.source_id = a.value
LEFT JOIN fin_canonical m2 ON m2.source_id = b.value
WHERE a.schema IN ('Family', 'Associate') AND a.prop = 'person'
"""

#: Months in which an entity received money from an account (for "regular benefit"). Steady
#: amounts (wages: std/mean below 5 %) are pay for work, not a share of the profit.
_PAID = """
SELECT f.src AS account, h.entity, count(DISTINCT year(f.ts) * 12 + month(f.ts)) AS months,
       sum(f.amount) AS amount
FROM fin_tx f JOIN fin_holders h ON h.account = f.dst
WHERE f.kind IN ('transfer', 'invoice')
GROUP BY f.src, h.entity
HAVING stddev_pop(f.amount) >= 0.05 * avg(f.amount)
"""


@dataclass
class Graph:
    """What the UBO search needs, loaded once."""

    schema: dict[str, str]
    names: dict[str, str]
    owners: dict[str, list[tuple[str, float | None, str]]] = field(default_factory=lambda: defaultdict(list))
    directors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def is_person(self, entity: str) -> bool:
        return self.schema.get(entity) == PERSON


def _load_graph(con: duckdb.DuckDBPyConnection) -> Graph:
    schema = dict(con.execute(
        "SELECT coalesce(m.canonical_id, s.entity_id), min(s.schema) FROM statements s "
        "LEFT JOIN fin_canonical m ON m.source_id = s.entity_id "
        "WHERE s.schema IN ('Person', 'Company', 'Organization', 'LegalEntity', 'PublicBody') GROUP BY 1"
    ).fetchall())
    names = dict(con.execute(
        "SELECT coalesce(m.canonical_id, s.entity_id), min(s.value) FROM statements s "
        "LEFT JOIN fin_canonical m ON m.source_id = s.entity_id WHERE s.prop = 'name' GROUP BY 1"
    ).fetchall())
    graph = Graph(schema, names)
    for org, ctl, kind, role, pct in con.execute(edges_sql()).fetchall():
        if kind == "owner":
            graph.owners[org].append((ctl, pct, role))
        else:
            graph.directors[org].append(ctl)
    for vehicle, owner in con.execute(_VEHICLE_OWNERS).fetchall():
        graph.owners[vehicle].append((owner, 100.0, "eigenaar"))
    return graph


def _chain_owners(graph: Graph, asset: str, *, threshold: float, depth: int = 8
                  ) -> list[tuple[str, float, list[str]]]:
    """Natural persons at the top of the ownership chain: (person, effective %, chain)."""
    found: dict[str, tuple[float, list[str]]] = {}

    def walk(node: str, share: float, chain: list[str], seen: frozenset[str]) -> None:
        if graph.is_person(node) and node != asset:
            best = found.get(node)
            if best is None or share > best[0]:
                found[node] = (share, chain)
            return
        if len(chain) > depth or node in seen:
            return
        declared = [o for o, p, r in graph.owners.get(node, []) if is_ubo_entry(r)]
        if declared:
            for person in declared:
                walk(person, share, chain + [f"{graph.names.get(person, person)} (UBO register)"], seen | {node})
            return
        holders = [(o, 100.0 if p is None else p, r) for o, p, r in graph.owners.get(node, [])]
        real = [(o, p, r) for o, p, r in holders if not is_nominee(r, graph.names.get(o, ""))]
        nominees = [o for o, p, r in holders if is_nominee(r, graph.names.get(o, ""))]
        step = [f"{graph.names.get(n, n)} (trustee/nominee, seen through)" for n in nominees]
        if real:
            for owner, pct, role in real:
                walk(owner, share * pct / 100.0, chain + step + [f"{graph.names.get(owner, owner)} ({role or 'owner'} {pct:g}%)"],
                     seen | {node})
        elif graph.directors.get(node):
            for director in graph.directors[node]:
                walk(director, share, chain + step + [f"{graph.names.get(director, director)} (director, no qualifying owner)"],
                     seen | {node})

    walk(asset, 100.0, [], frozenset())
    qualified = [(p, s, c) for p, (s, c) in found.items() if s >= threshold]
    return qualified or [(p, s, c) for p, (s, c) in found.items()]


def _controllers(con: duckdb.DuckDBPyConnection, graph: Graph, clusters: Mapping[str, str],
                 *, min_evidence: float) -> dict[str, tuple[str, float, str]]:
    """Per corporate cluster: (controller, score, evidence) when someone outside the register
    shows enough evidence of control."""
    registered: dict[str, set[str]] = defaultdict(set)
    for entity, cluster in clusters.items():
        if graph.is_person(entity):
            registered[cluster].add(entity)
    ties = _ties(con)
    months: dict[tuple[str, str], int] = defaultdict(int)
    received: dict[tuple[str, str], float] = defaultdict(float)
    for account, entity, n, amount in con.execute(_PAID).fetchall():
        paying = clusters.get(account)
        if paying is not None and graph.is_person(entity) and entity not in registered[paying]:
            months[(paying, entity)] = max(months[(paying, entity)], int(n))
            received[(paying, entity)] += float(amount)
    scores: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for cluster, people in registered.items():
        for person in people:
            for other in ties.get(person, ()):
                if other not in people and graph.is_person(other):
                    scores[cluster][other][0] += 1
    for (cluster, entity), n in months.items():
        scores[cluster][entity][1] = n
    result: dict[str, tuple[str, float, str]] = {}
    for cluster, candidates in scores.items():
        if not registered.get(cluster):
            continue
        ranked = []
        for entity, (n_ties, n_months) in candidates.items():
            money = received.get((cluster, entity), 0.0)
            score = n_ties + min(n_months, 12) / 4.0 + min(3.0, money / 50_000.0)
            ranked.append((score, money, n_ties, n_months, entity))
        ranked.sort(reverse=True)
        if ranked and ranked[0][0] >= min_evidence:
            score, amount, n_ties, n_months, entity = ranked[0]
            why = (f"controller behind the register: {n_ties} family/associate tie(s) to its "
                   f"registered people, paid EUR {amount:,.0f} by its accounts in {n_months} month(s)")
            result[cluster] = (entity, score, why)
    return result


def _ties(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    ties: dict[str, set[str]] = defaultdict(set)
    for a, b, _ in con.execute(_TIES).fetchall():
        ties[a].add(b)
        ties[b].add(a)
    return ties


def _tied_controller(owners: list[tuple[str, float, list[str]]], ties: Mapping[str, set[str]],
                     controller_of: Mapping[str, tuple[str, float, str]]) -> tuple[str, float, str] | None:
    """A private holder with a family/associate tie to a cluster's controller is taken for
    that controller's straw man."""
    for person, _, _ in owners:
        for other in sorted(ties.get(person, ())):
            if other in controller_of:
                entity, score, why = controller_of[other]
                return entity, score, f"straw man: tie to the controller of a corporate cluster ({why})"
    return None


def _alert_controllers(alerts: list[dict[str, Any]], holdings: Mapping[str, set[str]],
                       clusters: Mapping[str, str], controllers: Mapping[str, tuple[str, float, str]]
                       ) -> dict[str, tuple[str, float, str]]:
    """Person -> controller, for people whose accounts take part in laundering alerts together
    with accounts of a corporate cluster that has a controller (the most frequent one wins)."""
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for alert in alerts:
        accounts = set(alert.get("account_ids", []))
        bosses = {controllers[clusters[a]][0] for a in accounts if clusters.get(a) in controllers}
        if not bosses:
            continue
        for person, owned in holdings.items():
            if owned & accounts:
                for boss in bosses:
                    if boss != person:
                        votes[person][boss] += 1
    result: dict[str, tuple[str, float, str]] = {}
    for person, tally in votes.items():
        boss, n = max(tally.items(), key=lambda kv: (kv[1], kv[0]))
        why = (f"straw man: their accounts take part in {n} laundering alert(s) with accounts "
               "of a corporate cluster this person controls")
        result[person] = (boss, float(n), why)
    return result


def asset_inventory(
    con: duckdb.DuckDBPyConnection,
    *,
    threshold: float = 25.0,
    min_evidence: float = 1.5,
    canonical: Mapping[str, str] | None = None,
    kinds: tuple[str, ...] = ("real_estate", "vehicle", "company", "account"),
    alerts: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Every asset with value, beneficial owner(s), the chain that explains it, source ids.

    ``alerts`` (from :func:`offensief.finance.alerts.detect_alerts`) add one more way to see
    through straw men: people whose accounts launder together with a controlled cluster."""
    prepare(Engine(con), settings=Settings(), canonical=canonical)
    clusters = corporate_clusters(con, min_percentage=threshold)
    register_clusters(con, clusters)
    graph = _load_graph(con)
    controllers = _controllers(con, graph, clusters, min_evidence=min_evidence)
    ties = _ties(con)
    controller_of = {c[0]: c for c in controllers.values()}
    mapping = canonical_map(con)
    sources: dict[str, list[str]] = defaultdict(list)
    for source, target in mapping.items():
        sources[target].append(source)
    balances = dict(con.execute(_BALANCES).fetchall())
    holders = dict(con.execute("SELECT account, min(entity) FROM fin_holders GROUP BY account").fetchall())
    holdings: dict[str, set[str]] = defaultdict(set)
    for account, entity in holders.items():
        if graph.is_person(entity):
            holdings[entity].add(account)
    laundering = _alert_controllers(alerts or [], holdings, clusters, controllers)
    money = Money.load(con)
    users: dict[str, set[str]] = defaultdict(set)
    for asset_id, person in con.execute(_USERS).fetchall():
        users[asset_id].add(person)

    def behind(company: str) -> list[str]:
        control = controllers.get(clusters.get(company, ""))
        if control is not None:
            return [control[0]]
        return [p for p, _, _ in _chain_owners(graph, company, threshold=threshold)]

    out = []
    for asset, schema, source_ids, value, label in con.execute(_ASSETS).fetchall():
        kind = KINDS[schema]
        if kind not in kinds:
            continue
        if kind == "account":
            if value is None:
                value = max(0.0, float(sum(balances.get(s, 0.0) for s in source_ids)))
            if not graph.owners.get(asset) and asset in holders:
                graph.owners[asset].append((holders[asset], 100.0, "account holder"))
        owners = _chain_owners(graph, asset, threshold=threshold)
        cluster = clusters.get(asset)
        if cluster is None:
            for person, _, _ in owners:
                cluster = cluster or clusters.get(person)
        chain = [f"{label or asset} ({kind})"]
        control = controllers.get(cluster) if cluster else None
        if control is None and owners:
            control = next((laundering[p] for p, _, _ in owners if p in laundering), None)
        if control is None and owners:
            control = _tied_controller(owners, ties, controller_of)
        if control is not None:
            ubo, basis = control[0], control[2]
            chain += owners[0][2] if owners else []
            chain.append(f"{graph.names.get(ubo, ubo)}: {basis}")
        elif owners:
            best = max(owners, key=lambda o: o[1])
            ubo, basis = best[0], f"registered ownership {best[1]:.0f}%"
            chain += best[2]
        else:
            ubo, basis = None, "no owner known"
        candidates, nominee, funds = _evidence(
            con, graph, money, asset, kind, float(value or 0.0), owners, ubo, basis,
            control is not None, users.get(asset, set()), behind)
        ranked = rank(candidates)
        if ranked and ranked[0]["entity"] != ubo:
            ubo, basis = ranked[0]["entity"], "; ".join(ranked[0]["evidence"])
            chain.append(f"{graph.names.get(ubo, ubo)}: {basis}")
        out.append({
            "asset_id": asset, "kind": kind, "value": round(float(value or 0.0), 2),
            "label": label, "beneficial_owner": ubo,
            "beneficial_owner_name": graph.names.get(ubo) if ubo else None,
            "beneficial_owner_source_ids": sorted(set(sources.get(ubo, [])) | {ubo}) if ubo else [],
            "basis": basis, "chain": chain,
            "source_ids": sorted(set(source_ids) | set(sources.get(asset, []))),
            "candidates": ranked, "nominee": nominee, "source_of_funds": funds,
            "confidence": ranked[0]["confidence"] if ranked else None,
        })
    out.sort(key=lambda a: (-a["value"], a["asset_id"]))
    return out


def _register_holders(graph: Graph, asset: str, depth: int = 8) -> list[str]:
    """The asset's registered holders and the organisations above them (not persons)."""
    seen: list[str] = []
    frontier = [o for o, _, _ in graph.owners.get(asset, [])]
    while frontier and len(seen) < 50 and depth > 0:
        nxt = []
        for node in frontier:
            if node not in seen and node != asset:
                seen.append(node)
                if not graph.is_person(node):
                    nxt += [o for o, _, _ in graph.owners.get(node, [])]
        frontier, depth = nxt, depth - 1
    return seen


def _evidence(con: duckdb.DuckDBPyConnection, graph: Graph, money: Money, asset: str, kind: str, value: float,
              owners: list[tuple[str, float, list[str]]], ubo: str | None, basis: str, controlled: bool,
              users: set[str], behind: Any) -> tuple[dict[str, Candidate], dict[str, Any] | None, list[dict[str, Any]]]:
    """Candidates with register, source-of-funds and use evidence; the nominee; the purchases."""
    candidates: dict[str, Candidate] = {}

    def cand(entity: str) -> Candidate:
        return candidates.setdefault(entity, Candidate(entity))

    if ubo is not None:
        cand(ubo).add("controller" if controlled else "register", 1.0, basis)
    funds: list[dict[str, Any]] = []
    funders: set[str] = set()
    passed: dict[str, float] = defaultdict(float)  # purchase money that only passed through a holder
    if kind in ("real_estate", "vehicle"):
        for tx, amount, t, account in purchases(money, _register_holders(graph, asset), value):
            traced = trace_funders(con, money, account, amount, t, behind=behind, is_person=graph.is_person)
            for holder, accounts in money.accounts.items():
                if account in accounts:
                    passed[holder] += sum(traced.values())
            funds.append({"transaction_id": tx, "amount": round(amount, 2),
                          "traced": {p: round(a, 2) for p, a in sorted(traced.items(), key=lambda x: -x[1])}})
            for person, got in traced.items():
                funders.add(person)
                cand(person).add("funds", got / amount if amount else 0.0,
                                 f"paid EUR {got:,.0f} of the purchase payment {tx} (source of funds)")
        if len(users) <= MAX_RESIDENTS:
            for person in sorted(users):
                if graph.is_person(person):
                    cand(person).add("use", 1.0, "uses it (registered at its address / its operator)")
    nominee = None
    for person, _, _ in owners:
        income = max(0.0, money.income.get(person, 0.0) - passed.get(person, 0.0))
        if (graph.is_person(person) and person in money.accounts and value > 0 and income < value
                and person not in funders):
            reason = f"recorded income EUR {income:,.0f} cannot explain an asset of EUR {value:,.0f}"
            nominee = {"entity": person, "income": round(income, 2), "value": round(value, 2), "reason": reason}
            if funders and person in candidates:
                candidates[person].points *= 0.5
                candidates[person].evidence.append("likely nominee: " + reason)
            break
    return candidates, nominee, funds


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
