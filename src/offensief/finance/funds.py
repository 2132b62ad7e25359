"""Source of funds: whose money bought an asset, and who pays its costs.

Registers show who *holds* an asset; whose it is shows in the money (FATF guidance on
beneficial ownership, 2014/2023, and on money laundering through real estate, 2022: "follow
the money" — the purchase funds, loans from related or foreign parties, who services them).

* **Purchase payments** — payments of at least :data:`MIN_SHARE` of the asset's value that
  leave an account of the asset's holder or of a company above it in the register with
  purchase words ("koopsom", "notaris", "purchase", …) naming no other asset, or naming the asset (street and house
  number, plate, cadastral designation), or that leave any account naming the asset (not rent).
* **Bank to bank** — accounts with one IBAN are one account (:func:`account_aliases`): each
  bank delivers its own payments and writes the other bank's account under an id of its own.
* **Backward trace** — the money that came into the paying account in the :data:`LOOKBACK`
  before is followed back, most recent first until the amount is covered (last in, first
  out: the money that arrived just before a purchase is what paid for it), hop by hop up to
  :data:`DEPTH` accounts, each hop earlier than the one after it. Only *material* inflows are
  followed — at least :data:`MATERIAL` of the amount traced at that account; smaller ones
  and whatever no inflow explains are the account holder's own money. Money from a
  *hub* (an account paying more than :data:`HUB_DEGREE` distinct counterparties: a bank
  lending a mortgage, an employer, a payment provider) is the receiver's own money (their
  loan, their wages) and is not followed into the hub.
* **Costs** — payments whose text names the asset (mortgage, insurance, road tax, energy);
  rent: payments into an account of the asset's holder, or naming the asset with rent words
  (:data:`RENT_WORDS`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb

from offensief.finance.addresses import Address, street_keys
from offensief.model.accounts import is_iban

DAY = 86400
#: How far back purchase money is followed at each hop (purchases are financed within months).
LOOKBACK = 90 * DAY
#: A purchase payment pays at least this share of the asset's value (a down payment or more).
MIN_SHARE = 0.1
#: An inflow is followed back when it is at least this share of the amount traced at that
#: account (audit materiality); smaller ones are the holder's own mixed funds.
MATERIAL = 0.1
#: Accounts followed back from the paying account (purchase account ← holding ← front ← …).
DEPTH = 4
#: An account paying more distinct counterparties than this is a hub (bank, employer, shop
#: chain, payment provider): the layering detectors' ``max_degree``.
HUB_DEGREE = 50
#: Words of a purchase (Dutch and English).
PURCHASE_WORDS = ("koopsom", "aankoop", "aanschaf", "koop ", "notaris", "levering", "transport akte", "woning",
                  "pand", "vastgoed", "kadaster", "purchase", "property", "real estate", "auto", "voertuig",
                  "vehicle", "kenteken", "vaartuig", "boot", "jacht", "aanbetaling", "down payment")
#: Words of rent (Dutch and English): a tenant's payment, not an owner's cost.
RENT_WORDS = ("huur", "rent ", "rent:", "pacht", "lease", "servicekosten")
_PLATE_CHARS = re.compile(r"[^A-Z0-9]")
_TOKEN = re.compile(r"[A-Z0-9]+")


@dataclass
class Money:
    """The payments and account holders the searches read, loaded once."""

    accounts: dict[str, list[str]]              # entity -> accounts it holds
    holders: dict[str, str]                      # account -> its holder (canonical id)
    inflows: dict[str, list[tuple[float, str, str, float]]]   # account -> (t, tx, src, amount), by t
    outgoing: dict[str, list[tuple[str, float, float, str, str]]]  # account -> (tx, amount, t, text, dst)
    out_degree: dict[str, int]
    income: dict[str, float]
    paid_by: dict[str, tuple[str, float, float]] = field(default_factory=dict)  # tx -> (src, amount, t)
    by_street: dict[str, list[str]] = field(default_factory=dict)  # "street|number" -> tx named so
    coded: list[tuple[str, str]] = field(default_factory=list)  # (tx, upper-case text) with digits
    by_code: dict[str, set[str]] = field(default_factory=dict)  # plate / parcel -> tx naming it
    texts: dict[str, str] = field(default_factory=dict)  # tx -> lower-case description and purpose
    claimed: set[str] = field(default_factory=set)  # tx naming some asset of the inventory

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> Money:
        same = account_aliases(con)
        kyc = {e for (e,) in con.execute(_KYC_HOLDERS).fetchall()}
        accounts: dict[str, list[str]] = defaultdict(list)
        holders: dict[str, str] = {}
        rows = con.execute("SELECT account, entity FROM fin_holders ORDER BY 1, 2").fetchall()
        # the bank's own customer (KYC) holds an account before the name a payer typed for it
        for account, entity in sorted(rows, key=lambda r: (r[1] not in kyc, r[0], r[1])):
            one = same.get(account, account)
            if entity not in accounts or one not in accounts[entity]:
                accounts[entity].append(one)
            holders.setdefault(one, entity)
        for alias, one in same.items():
            if one in holders:
                holders.setdefault(alias, holders[one])
        inflows: dict[str, list[tuple[float, str, str, float]]] = defaultdict(list)
        outgoing: dict[str, list[tuple[str, float, float, str, str]]] = defaultdict(list)
        paid_by: dict[str, tuple[str, float, float]] = {}
        by_street: dict[str, list[str]] = defaultdict(list)
        coded: list[tuple[str, str]] = []
        texts: dict[str, str] = {}
        received: dict[str, float] = defaultdict(float)
        for tx, src, dst, amount, t, text in con.execute(
                "SELECT f.id, f.src, f.dst, f.amount, f.t, lower(concat(coalesce(t2.description, ''), ' ',"
                " coalesce(t2.purpose, ''))) FROM fin_tx f JOIN transactions t2 ON t2.id = f.id"
                " WHERE f.amount > 0 ORDER BY f.t").fetchall():
            src, dst = same.get(src, src), same.get(dst, dst)
            if dst is not None:
                received[dst] += float(amount)
            if dst is not None and src is not None and src != dst:
                inflows[dst].append((float(t), tx, src, float(amount)))
            if src is not None:
                outgoing[src].append((tx, float(amount), float(t), text, dst or ""))
            texts[tx] = text
            if src is not None:
                paid_by[tx] = (src, float(amount), float(t))
                if any(ch.isdigit() for ch in text):
                    coded.append((tx, text.upper()))
                    for key in street_keys(text):
                        by_street[key].append(tx)
        out_degree = {a: len({o[4] for o in rows}) for a, rows in outgoing.items()}
        income = {e: float(sum(received.get(a, 0.0) for a in owned)) for e, owned in accounts.items()}
        return cls(dict(accounts), holders, dict(inflows), dict(outgoing), out_degree, income, paid_by=paid_by,
                   by_street=dict(by_street), coded=coded, texts=texts)

    def index_codes(self, codes: set[str]) -> None:
        """Find, in one pass over the payment texts, the payments that name any of ``codes``
        (plates, cadastral designations; written with or without spaces and dashes)."""
        self.by_code = defaultdict(set)
        if not codes:
            return
        for tx, text in self.coded:
            tokens = _TOKEN.findall(text)
            for i in range(len(tokens)):
                joined = ""
                for token in tokens[i:i + 4]:
                    joined += token
                    if joined in codes:
                        self.by_code[joined].add(tx)

    def naming(self, identity: Identity) -> set[str]:
        """Payments whose text names the asset (:meth:`index_codes` first for its codes)."""
        found = {tx for a in identity.addresses for tx in self.by_street.get(a.key, [])}
        for c in identity.codes:
            found |= self.by_code.get(c, set())
        return found

    def claim(self, identity: Identity) -> None:
        """Note the payments naming an asset of the inventory: a purchase payment that names
        one asset pays for that one, not for every asset of the same holder."""
        self.claimed |= self.naming(identity)

    def holder(self, account_or_party: str) -> str:
        """The holder of an account, or the party itself (a cash depositor has no account)."""
        return self.holders.get(account_or_party, account_or_party)

    def is_hub(self, account: str) -> bool:
        return self.out_degree.get(account, 0) > HUB_DEGREE


#: Entities a bank's customer file (an ``Ownership`` of a ``BankAccount``) names as holder.
_KYC_HOLDERS = """
SELECT DISTINCT coalesce(m.canonical_id, owner.value)
FROM statements asset
JOIN statements owner ON owner.entity_id = asset.entity_id AND owner.prop = 'owner'
JOIN statements acct ON acct.entity_id = asset.value AND acct.schema = 'BankAccount'
LEFT JOIN fin_canonical m ON m.source_id = owner.value
WHERE asset.schema = 'Ownership' AND asset.prop = 'asset'
"""

_IBANS = "SELECT DISTINCT entity_id, value FROM statements WHERE schema = 'BankAccount' AND prop = 'iban'"


def account_aliases(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Account id → one id per IBAN. A payment is delivered by one bank, which writes the
    other side's account as the transfer names it (its IBAN) under an id of its own; the
    other bank's customer file holds the same account under another id. The IBAN (ISO 13616,
    unique per account) joins them, so money is followed from bank to bank."""
    groups: dict[str, set[str]] = defaultdict(set)
    for account, iban in con.execute(_IBANS).fetchall():
        key = _PLATE_CHARS.sub("", str(iban).upper())
        if is_iban(key):  # a bare account number may be an account at any bank
            groups[key].add(account)
    same: dict[str, str] = {}
    for ids in groups.values():
        if len(ids) > 1:
            first = min(ids)
            same.update({a: first for a in ids if a != first})
    return same


@dataclass(frozen=True)
class Identity:
    """What names an asset in a payment text."""

    addresses: tuple[Address, ...] = ()
    codes: tuple[str, ...] = ()  # cadastral designations, licence plates (letters and digits only)


def code(value: str) -> str:
    """A plate or cadastral designation reduced to letters and digits ("12-ABC-3" → "12ABC3")."""
    return _PLATE_CHARS.sub("", value.upper())


def purchases(money: Money, holders: Iterable[str], value: float, identity: Identity,
              ) -> list[tuple[str, float, float, str]]:
    """Payments that pay for the asset: (tx, amount, t, paying account), largest first — out
    of the holders' accounts naming the asset or with purchase words and naming no other asset
    (:meth:`Money.claim`), or from any account naming it, for at least :data:`MIN_SHARE` of
    its value."""
    named = money.naming(identity)
    found: dict[str, tuple[str, float, float, str]] = {}
    for entity in holders:
        for account in money.accounts.get(entity, []):
            for tx, amount, t, text, _ in money.outgoing.get(account, []):
                big = value <= 0 or amount >= MIN_SHARE * value
                if big and (tx in named or tx not in money.claimed and any(w in text for w in PURCHASE_WORDS)):
                    found[tx] = (tx, amount, t, account)
    for tx in named - set(found):
        src, amount, t = money.paid_by[tx]
        if value > 0 and amount >= MIN_SHARE * value and not any(w in money.texts.get(tx, "") for w in RENT_WORDS):
            found[tx] = (tx, amount, t, src)
    return sorted(found.values(), key=lambda p: (-p[1], p[0]))[:3]


def trace_back(money: Money, account: str, amount: float, t: float, *, depth: int = DEPTH
               ) -> dict[str, tuple[float, tuple[str, ...]]]:
    """Whose money paid ``amount`` out of ``account`` at ``t``: origin entity → (amount, the
    entities the money passed through on the way, nearest the origin first)."""
    result: dict[str, tuple[float, tuple[str, ...]]] = {}

    def credit(entity: str, got: float, path: tuple[str, ...]) -> None:
        before, old = result.get(entity, (0.0, path))
        result[entity] = (before + got, old if before >= got else path)

    def walk(node: str, want: float, when: float, left_depth: int, path: tuple[str, ...], seen: frozenset[str]) -> None:
        holder = money.holder(node)
        if left_depth == 0 or node in seen:
            credit(holder, want, path)
            return
        left = want
        for t_in, _, src, paid in reversed(money.inflows.get(node, [])):
            if left <= 0 or t_in < when - LOOKBACK:
                break
            if t_in > when:
                continue
            take = min(paid, left)
            left -= take
            source = money.holder(src)
            if take < MATERIAL * want or source == holder and src == node:
                credit(holder, take, path)
            elif money.is_hub(src) or src not in money.holders and src not in money.inflows:
                credit(holder if money.is_hub(src) else source, take, path if money.is_hub(src) else (holder, *path))
            else:
                walk(src, take, t_in, left_depth - 1, (holder, *path) if source != holder else path, seen | {node})
        if left > 0:
            credit(holder, left, path)

    walk(account, amount, t, depth, (), frozenset())
    return result


def costs(money: Money, identity: Identity, holder_accounts: set[str], exclude: set[str]
          ) -> dict[str, tuple[float, list[str], bool]]:
    """Who pays the asset's costs: payer → (amount, transaction ids, whether rent). Payments
    whose text names the asset (mortgage, insurance, road tax, energy; rent when they say so)
    and payments from others' accounts into the holder's (rent)."""
    paid: dict[str, list[str]] = defaultdict(list)
    to_holder: set[str] = set()
    for account in holder_accounts:
        for _, tx, src, _ in money.inflows.get(account, []):
            if tx not in exclude and src not in holder_accounts and not money.is_hub(src):
                paid[money.holder(src)].append(tx)
                to_holder.add(money.holder(src))
    for tx in sorted(money.naming(identity) - exclude):
        payer = money.holder(money.paid_by[tx][0])
        paid[payer].append(tx)
        if any(w in money.texts.get(tx, "") for w in RENT_WORDS):
            to_holder.add(payer)  # rent, wherever it goes, is a tenant's payment, not an owner's cost
    return {p: (sum(money.paid_by[t][1] for t in set(txs)), sorted(set(txs)), p in to_holder)
            for p, txs in paid.items()}
