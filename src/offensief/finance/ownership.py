"""Who the registers and the money say controls a company: the ownership chain, and the
controller behind a corporate cluster's straw men.

1. *Ownership chain*: from a holder up through ``Ownership`` of companies, multiplying
   percentages; natural persons whose effective share reaches ``threshold`` (25 %, the UBO
   threshold of the AMLD and the Wwft) own it. A UBO-register entry names the owner directly;
   a *pseudo-UBO* entry and the directors of a company without qualifying owners (the
   "senior managing official" fallback) are marked as such: they run it, it is not theirs
   (``PSEUDO`` for a pseudo-UBO entry and a foundation's directors, ``DIRECTOR`` for a company
   whose shareholders the register does not show, often its director-shareholder).
   Trustee / nominee holdings (a trust office, a STAK) are seen through: the chain continues
   at the directors of the company they hold.
2. *Controller behind the register*: for a corporate cluster (``offensief.finance.control``)
   the person outside the register with the strongest evidence of control. Control needs
   *benefit*: the cluster's money reaching the person beyond what it pays for work. Regular,
   wage-like pay is what an employee gets, so steady amounts, and any payment no larger than
   the highest wage the cluster pays its staff, are no evidence; nor is what a registered
   person pays a relative out of their own account (household money, not the firm's). Ties
   alone are not enough either: every straw man has relatives. Among those who benefit the
   score is family or associate ties to the cluster's registered people + months with such
   money / 4 + EUR received / 50,000 (the last two capped at 3), at least ``min_evidence``.
   Someone younger than :data:`~offensief.finance.nominees.YOUNG` when the money last reached
   him is a recruit (a money mule, "jonge aanwas"), not the boss behind the register.
   One cluster can hold the straw men of several bosses, so control is decided per member:
   the benefiting candidate closest to it (paid by its own companies' accounts, else tied to
   its registered people), the cluster's top scorer only when none is close.
3. *Straw men outside the register*: a private holder whose accounts take part in laundering
   alerts together with a controlled cluster's accounts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from offensief.finance.nominees import YOUNG
from offensief.finance.registers import Registers

#: How a person came out of the chain walk.
OWNER, UBO, PSEUDO, DIRECTOR = "owner", "ubo", "pseudo_ubo", "director"

#: Every payment out of an account to an entity, with the holders of the paying account and
#: the month (for "benefit from a cluster's accounts").
_PAYMENTS = """
SELECT f.src, p.payers, h.entity, f.amount, year(f.ts) * 12 + month(f.ts) AS month
FROM fin_tx f JOIN fin_holders h ON h.account = f.dst
LEFT JOIN (SELECT account, list(entity) AS payers FROM fin_holders GROUP BY account) p ON p.account = f.src
WHERE f.kind IN ('transfer', 'invoice')
"""
#: Steady amounts (std/mean below 5 %) are pay for work, not a share of the profit.
STEADY = 0.05
#: Paid in at least this many months: a wage (a steady amount paid once is no wage).
WAGE_MONTHS = 3


@dataclass(frozen=True)
class ChainOwner:
    """A natural person at the top of an ownership chain."""

    person: str
    share: float
    how: str  # OWNER, UBO or PSEUDO
    chain: tuple[str, ...]


@dataclass(frozen=True)
class Control:
    """A controller behind a cluster or a straw man, with the evidence."""

    person: str
    score: float
    why: str


def chain_owners(reg: Registers, asset: str, *, threshold: float, depth: int = 8) -> list[ChainOwner]:
    """Natural persons at the top of ``asset``'s ownership chain, qualifying owners first."""
    found: dict[str, ChainOwner] = {}

    def walk(node: str, share: float, how: str, chain: tuple[str, ...], seen: frozenset[str]) -> None:
        if reg.is_person(node) and node != asset:
            best = found.get(node)
            if best is None or (share, how == OWNER) > (best.share, best.how == OWNER):
                found[node] = ChainOwner(node, share, how, chain)
            return
        if len(chain) > depth or node in seen:
            return
        seen = seen | {node}
        holdings = reg.owners.get(node, [])
        declared = [h for h in holdings if h.is_ubo_entry]
        real = [h for h in holdings if not h.is_ubo_entry and not reg.nominee_holding(h)]
        nominees = [h for h in holdings if not h.is_ubo_entry and reg.nominee_holding(h)]
        step = tuple(f"{reg.name(h.owner)} (trustee/nominee, seen through)" for h in nominees)
        for h in declared:
            kind = PSEUDO if h.is_pseudo_ubo else UBO
            label = "pseudo-UBO: senior manager registered" if kind == PSEUDO else "UBO register"
            walk(h.owner, share, kind, chain + (f"{reg.name(h.owner)} ({label})",), seen)
        if declared and any(not h.is_pseudo_ubo for h in declared):
            return
        if real:
            for h in real:
                walk(h.owner, share * h.pct / 100.0, how,
                     chain + step + (f"{reg.name(h.owner)} ({h.role or 'owner'} {h.pct:g}%)",), seen)
        elif reg.directors.get(node):
            how = PSEUDO if node in reg.foundations else DIRECTOR
            for director in reg.directors[node]:
                walk(director, share, how,
                     chain + step + (f"{reg.name(director)} (director, no qualifying owner)",), seen)

    walk(asset, 100.0, OWNER, (), frozenset())
    owners = sorted(found.values(), key=lambda o: (o.how != OWNER and o.how != UBO, -o.share, o.person))
    qualified = [o for o in owners if o.share >= threshold]
    return qualified or owners


def holders_above(reg: Registers, asset: str, depth: int = 8) -> list[str]:
    """The asset's registered holders and everything above them in the register."""
    seen: list[str] = []
    frontier = [h.owner for h in reg.owners.get(asset, []) if not h.is_ubo_entry]
    while frontier and len(seen) < 50 and depth > 0:
        nxt = []
        for node in frontier:
            if node not in seen and node != asset:
                seen.append(node)
                if not reg.is_person(node):
                    nxt += [h.owner for h in reg.owners.get(node, []) if not h.is_ubo_entry]
        frontier, depth = nxt, depth - 1
    return seen


def _benefit(con: duckdb.DuckDBPyConnection, reg: Registers, clusters: Mapping[str, str],
             registered: Mapping[str, set[str]]
             ) -> tuple[dict[tuple[str, str], tuple[float, set[int]]], dict[str, set[str]]]:
    """(cluster, person) -> (EUR, months) of the cluster's money a person outside its register
    received beyond what the cluster pays for work, and account -> the people it paid so.
    Left out: steady amounts (a wage: std/mean below :data:`STEADY`), any payment no larger
    than the highest wage the cluster pays its staff (pay in line with a wage is what an
    employee gets, however regular), and what a person pays a relative out of their own
    account (household money, not the firm's)."""
    pairs: dict[tuple[str, str], list[tuple[float, int, bool]]] = defaultdict(list)
    for account, payers, entity, amount, month in con.execute(_PAYMENTS).fetchall():
        if clusters.get(account) is not None and reg.is_person(entity):
            household = any(reg.is_person(p) and reg.ties.get(p, {}).get(entity) == "Family" for p in payers or [])
            pairs[(account, entity)].append((float(amount), int(month), household))
    steady: set[tuple[str, str]] = set()
    wage: dict[str, float] = defaultdict(float)  # cluster -> the highest wage it pays
    for (account, entity), paid in pairs.items():
        amounts = [a for a, _, _ in paid]
        mean = sum(amounts) / len(amounts)
        spread = (sum((a - mean) ** 2 for a in amounts) / len(amounts)) ** 0.5
        if spread < STEADY * mean:
            steady.add((account, entity))
            if len({m for _, m, _ in paid}) >= WAGE_MONTHS:
                cluster = clusters[account]
                wage[cluster] = max(wage[cluster], mean)
    found: dict[tuple[str, str], tuple[float, set[int]]] = {}
    paid_by: dict[str, set[str]] = defaultdict(set)
    for (account, entity), paid in pairs.items():
        cluster = clusters[account]
        if (account, entity) in steady or entity in registered.get(cluster, set()):
            continue
        for amount, month, household in paid:
            if amount <= wage[cluster] or household:
                continue
            money, months = found.get((cluster, entity), (0.0, set()))
            found[(cluster, entity)] = (money + amount, months | {month})
            paid_by[account].add(entity)
    return found, paid_by


def _recruit(reg: Registers, person: str, months: set[int]) -> bool:
    """Younger than :data:`~offensief.finance.nominees.YOUNG` when the cluster's money last
    reached him: the age of recruits ("jonge aanwas", money mules), not of the boss behind a
    corporate group's register."""
    last = max(months)
    age = reg.age_on(person, date((last - 1) // 12, (last - 1) % 12 + 1, 1))
    return age is not None and age < YOUNG


def cluster_controllers(con: duckdb.DuckDBPyConnection, reg: Registers, clusters: Mapping[str, str],
                        *, min_evidence: float) -> dict[str, Control]:
    """Per member of a corporate cluster (company, account, asset, registered person): the
    controller behind it, when someone outside the register shows enough evidence of control
    of the cluster, money beyond a wage among it.

    One cluster can hold the straw men of several bosses (a shared accountant's firm, a
    director sitting on two groups' companies), so the cluster's top scorer is not everyone's
    boss: a member's controller is the benefiting candidate closest to it, i.e. paid beyond a
    wage by the accounts of the member's own companies (the member and the companies above it
    in the register, or for a registered person the companies he is registered for), else tied
    to its registered people (family/associate), else paid by the accounts of their companies;
    only without any such candidate the cluster's top scorer."""
    registered: dict[str, set[str]] = defaultdict(set)
    members: dict[str, list[str]] = defaultdict(list)
    for entity, cluster in clusters.items():
        members[cluster].append(entity)
        if reg.is_person(entity):
            registered[cluster].add(entity)
    benefit, paid_by = _benefit(con, reg, clusters, registered)
    ties: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cluster, people in registered.items():
        for person in people:
            for other, kind in reg.ties.get(person, {}).items():
                if other not in people and reg.is_person(other) and kind in ("Family", "Associate"):
                    ties[cluster][other] += 1
    # account -> its holders; person -> the companies he is registered for (owner or director)
    held_by: dict[str, set[str]] = defaultdict(set)
    runs: dict[str, set[str]] = defaultdict(set)
    for asset, holdings in reg.owners.items():
        for h in holdings:
            if not h.is_ubo_entry:
                held_by[asset].add(h.owner)
                runs[h.owner].add(asset)
    for org, directors in reg.directors.items():
        for director in directors:
            runs[director].add(org)
    accounts_of: dict[str, set[str]] = defaultdict(set)
    for account in paid_by:
        for holder in held_by.get(account, ()):
            accounts_of[holder].add(account)
        accounts_of[account].add(account)

    def paid(orgs: set[str]) -> set[str]:
        return {p for org in orgs for a in accounts_of.get(org, ()) for p in paid_by[a]}

    result: dict[str, Control] = {}
    for cluster, on_register in registered.items():
        ranked = []
        # ties alone say whom the registered people know, not who takes the profit
        for entity in sorted(e for c, e in benefit if c == cluster):
            if _recruit(reg, entity, benefit[(cluster, entity)][1]):
                continue
            n_ties = ties.get(cluster, {}).get(entity, 0)
            money, months = benefit[(cluster, entity)]
            score = n_ties + min(len(months), 12) / 4.0 + min(3.0, money / 50_000.0)
            ranked.append((score, money, n_ties, len(months), entity))
        ranked.sort(reverse=True)
        if not ranked or ranked[0][0] < min_evidence:
            continue
        controls = {r[4]: Control(r[4], r[0], (
            f"controller behind the register: {r[2]} family/associate tie(s) to its registered "
            f"people, paid EUR {r[1]:,.0f} beyond a wage by its accounts in {r[3]} month(s)"))
            for r in ranked}
        order = [r[4] for r in ranked]
        own_orgs = {m: set(runs.get(m, ())) if reg.is_person(m) else
                    {m, *(o for o in holders_above(reg, m) if not reg.is_person(o))} for m in members[cluster]}

        def closest(member: str, on_register: set[str] = on_register, own_orgs: dict[str, set[str]] = own_orgs,
                    order: list[str] = order) -> str:
            if reg.is_person(member):
                people = {member}
            else:
                people = {o for o in holders_above(reg, member) if reg.is_person(o) and o in on_register}
            tied = {other for p in people for other, kind in reg.ties.get(p, {}).items()
                    if kind in ("Family", "Associate")}
            for near in (paid(own_orgs[member]), tied, paid({o for p in people for o in own_orgs.get(p, ())})):
                hits = [e for e in order if e in near]
                if hits:
                    return hits[0]
            return order[0]

        for member in members[cluster]:
            result[member] = controls[closest(member)]
    return result


def alert_controllers(alerts: list[dict[str, Any]], holdings: Mapping[str, set[str]],
                      clusters: Mapping[str, str], controllers: Mapping[str, Control]) -> dict[str, Control]:
    """Person -> controller, for people whose accounts take part in laundering alerts together
    with accounts of a corporate cluster that has a controller (``controllers`` per cluster
    member, from :func:`cluster_controllers`; the most frequent one wins)."""
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for alert in alerts:
        accounts = set(alert.get("account_ids", []))
        bosses = {controllers[a].person for a in accounts if a in controllers}
        if not bosses:
            continue
        for person, owned in holdings.items():
            if owned & accounts:
                for boss in bosses:
                    if boss != person:
                        votes[person][boss] += 1
    result: dict[str, Control] = {}
    for person, tally in votes.items():
        boss, n = max(tally.items(), key=lambda kv: (kv[1], kv[0]))
        result[person] = Control(boss, float(n), (
            f"straw man: their accounts take part in {n} laundering alert(s) with accounts of a "
            "corporate cluster this person controls"))
    return result
