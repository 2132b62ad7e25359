"""The evidence for each candidate beneficial owner of one asset (see
:mod:`offensief.finance.beneficial` for what each kind weighs and why)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from offensief.finance.addresses import Address, same
from offensief.finance.beneficial import ADULT, LR, MAX_RESIDENTS, Candidates, mark
from offensief.finance.funds import Identity, Money, costs, purchases, trace_back
from offensief.finance.nominees import indicators
from offensief.finance.ownership import (
    DIRECTOR,
    OWNER,
    PSEUDO,
    UBO,
    ChainOwner,
    Control,
    chain_owners,
    holders_above,
)
from offensief.finance.registers import Registers

#: How sure a company's money is the money of its pseudo-UBO or of a foundation's directors
#: (a company's directors, when the register shows no shareholder, count in full: the
#: director-shareholder of a small BV).
PSEUDO_CERTAINTY = 0.5
#: How a person who runs, but does not own, the asset's holder appears in the register.
RUNS = {PSEUDO: "pseudo-UBO or director of a foundation", DIRECTOR: "director of a holder without registered owners"}
#: How a company's money is credited to a person: their own accounts, or a company they own
#: (a shareholder's means include the company's money; a director's do not).
OWN_ACCOUNTS, OWNS = "own accounts", "owns"
#: Rent is paid monthly: at least this many payments into the holder's accounts.
RENT_PAYMENTS = 3
#: How money credited through a firm a person only runs is labelled (:meth:`Evidence.controllers_of`).
RAN = "runs "


@dataclass(frozen=True)
class Credit:
    """A person's traced share of an asset's price, the part of it via firms they only run,
    and the payments it rests on."""

    share: float
    ran: float
    why: list[str]
    txs: list[str]


def adult(age: float | None, *, unknown: bool) -> bool:
    """Of age (:data:`ADULT` years or more); ``unknown`` is the answer for an unknown age. An
    age of 0 is a newborn, not an unknown age.

    >>> adult(0.0, unknown=True), adult(None, unknown=False), adult(42.0, unknown=False)
    (False, False, True)
    """
    return unknown if age is None else age >= ADULT


@dataclass
class Found:
    """Candidates, the register chain, the nominee and the traced purchase payments."""

    candidates: Candidates
    chain: list[str]
    nominee: dict[str, Any] | None
    funds: list[dict[str, Any]]


@dataclass
class Evidence:
    """Collects evidence per asset from registers, money and alerts loaded once."""

    reg: Registers
    money: Money
    clusters: Mapping[str, str]
    controllers: Mapping[str, Control]
    laundering: Mapping[str, Control]
    mules: frozenset[str]
    kinds: Mapping[str, str]
    threshold: float
    residents: Mapping[str, list[tuple[Address, str]]]
    _control: dict[str, list[tuple[str, float, str]]] = field(default_factory=dict)

    @property
    def network(self) -> frozenset[str]:
        """Members of the network: people in laundering alerts and inferred controllers."""
        return self.mules | {c.person for c in self.controllers.values()} | {c.person for c in self.laundering.values()}

    # -- who controls a company ------------------------------------------------------------

    def controllers_of(self, org: str) -> list[tuple[str, float, str]]:
        """(person, certainty, why) of the people whose money a company's money is."""
        if org in self._control:
            return self._control[org]
        reg, name = self.reg, mark(org)
        if reg.is_person(org):
            found = [(org, 1.0, OWN_ACCOUNTS)]
        else:
            owners = chain_owners(reg, org, threshold=self.threshold)
            real = [o for o in owners if o.how in (OWNER, UBO)]
            if real:
                total = max(100.0, sum(min(o.share, 100.0) for o in real))
                found = [(o.person, min(o.share, 100.0) / total, f"{OWNS} {o.share:.0f}% of {name}") for o in real]
            else:
                found = [(o.person, (1.0 if o.how == DIRECTOR else PSEUDO_CERTAINTY) / len(owners),
                          f"{RAN}{name} (no registered owner)") for o in owners]
        self._control[org] = found
        return found

    def _controller(self, asset: str, owners: list[ChainOwner]) -> Control | None:
        """The controller behind the asset's register: of its cluster (the asset's, or that of
        a person holding it through a company), or the one a registered straw man launders with
        or is tied to. An asset in a person's own name is not part of a firm's register: that
        the person also runs a firm whose control is inferred says nothing of it."""
        for entity in [asset, *(o.person for o in owners if len(o.chain) > 1)]:
            control = self.controllers.get(entity)
            if control is not None:
                return control
        for o in owners:
            if o.person in self.laundering:
                return self.laundering[o.person]
        bosses = {c.person: c for c in self.controllers.values()}
        for o in owners:
            for other in sorted(self.reg.ties.get(o.person, {})):
                if other in bosses:
                    c = bosses[other]
                    return Control(c.person, c.score, f"straw man: tie to the controller of a corporate cluster ({c.why})")
        return None

    # -- one asset -------------------------------------------------------------------------

    def collect(self, asset: str, kind: str, value: float, identity: Identity, acquired: date | None) -> Found:
        reg = self.reg
        cands = Candidates()
        owners = chain_owners(reg, asset, threshold=self.threshold)
        chain = list(owners[0].chain) if owners else []
        for o in owners:
            if o.how in (PSEUDO, DIRECTOR):
                cands.of(o.person).add("pseudo_ubo", f"in the register only as {RUNS[o.how]}", entities=[asset, o.person])
            else:
                label = "declared UBO" if o.how == UBO else f"registered owner {o.share:.0f}%"
                cands.of(o.person).add("register", label, entities=[asset, o.person])
        control = self._controller(asset, owners)
        if control is not None:
            cands.of(control.person).add("controller", control.why, entities=[control.person])
            for o in owners:
                if o.person != control.person:
                    cands.of(o.person).add("fronting", f"fronts for the controller behind the register ({mark(control.person)})",
                                           entities=[control.person])
        funds: list[dict[str, Any]] = []
        passed: dict[str, float] = defaultdict(float)
        through: list[str] = []
        credits: dict[str, Credit] = {}
        if kind in ("real_estate", "vehicle"):
            funds, passed, through, own, credits = self._funds(asset, value, identity)
        else:
            own = set()
        flagged = self._flagged(owners, through, value, acquired, passed, own)
        self._credit(cands, credits, flagged)
        if kind in ("real_estate", "vehicle"):
            self._costs(cands, asset, kind, identity, {f["transaction_id"] for f in funds}, owners)
            self._use(cands, asset, kind)
        # a payer's indicators count when he is a candidate or paid more than 1% of the price
        nominee = self._nominees(cands, owners, {p: f for p, f in flagged.items() if p in cands or p in credits},
                                 value, passed)
        return Found(cands, chain, nominee, funds)

    def _funds(self, asset: str, value: float, identity: Identity
               ) -> tuple[list[dict[str, Any]], dict[str, float], list[str], set[str], dict[str, Credit]]:
        money = self.money
        holders = holders_above(self.reg, asset)
        paid = purchases(money, holders, value, identity)
        price = max(value, sum(p[1] for p in paid))
        share: dict[str, float] = defaultdict(float)
        why: dict[str, list[str]] = defaultdict(list)
        txs: dict[str, list[str]] = defaultdict(list)
        passed: dict[str, float] = defaultdict(float)
        through: set[str] = set()
        own: dict[str, float] = defaultdict(float)
        ran: dict[str, float] = defaultdict(float)
        report = []
        for tx, amount, t, account in paid:
            traced = trace_back(money, account, amount, t)
            payer = money.holder(account)
            persons: dict[str, float] = defaultdict(float)
            holding = {e for e, owned in money.accounts.items() if account in owned} | {payer}
            for origin, (got, path) in traced.items():
                if origin not in holding:
                    for entity in holding:
                        passed[entity] += got
                for person, certainty, how in self.controllers_of(origin):
                    persons[person] += certainty * got
                    if origin in holders and not self.reg.is_person(origin):
                        continue  # the holder company's own money: no more than the register says
                    share[person] += certainty * got / price if price else 0.0
                    txs[person].append(tx)
                    via = f" via {', '.join(mark(p) for p in path)}" if path else ""
                    why[person].append(f"EUR {got * certainty:,.0f} of purchase payment {tx}{via} ({how})")
                    if how != OWN_ACCOUNTS:
                        through.add(person)
                    if how.startswith(RAN):
                        ran[person] += certainty * got / price if price else 0.0
                    if how == OWN_ACCOUNTS or how.startswith(OWNS):
                        own[person] += certainty * got / price if price else 0.0
            report.append({"transaction_id": tx, "amount": round(amount, 2),
                           "traced": {e: round(a, 2) for e, a in sorted(persons.items(), key=lambda x: -x[1])},
                           "origins": [{"entity": e, "amount": round(a, 2), "via": list(path)}
                                       for e, (a, path) in sorted(traced.items(), key=lambda x: -x[1][0])]})
        credits = {person: Credit(s, ran.get(person, 0.0), why[person], txs[person])
                   for person, s in sorted(share.items(), key=lambda x: -x[1]) if s > 0.01}
        return report, passed, sorted(through), {p for p, s in own.items() if s >= 0.5}, credits

    @staticmethod
    def _credit(cands: Candidates, credits: Mapping[str, Credit], flagged: Mapping[str, list[Any]]) -> None:
        """Source-of-funds evidence. Money that came through firms a person only *runs* (no
        registered owner) is not credited to a nominee whose own accounts take part in
        laundering alerts: such a straw man fronts those firms as he fronts the asset, and
        their money is the hidden owner's. Without the alerts a director keeps it (the
        director-shareholder of a small BV whose register shows no shareholder)."""
        for person, c in credits.items():
            s, note = c.share, ""
            if c.ran > 0.0 and any(i.kind == "mule" for i in flagged.get(person, [])):
                s = max(0.0, c.share - c.ran)
                note = f" (of {c.share:.0%}: money via firms they only run is not counted for a nominee in laundering alerts)"
            if s > 0.01:
                cands.of(person).add("funds", f"source of funds: {s:.0%} of the price{note}; " + "; ".join(c.why[:3]),
                                     lr=LR["funds"] ** min(1.0, s), transactions=c.txs, entities=[person])

    def _costs(self, cands: Candidates, asset: str, kind: str, identity: Identity, purchase_txs: set[str],
               owners: list[ChainOwner]) -> None:
        money, reg = self.money, self.reg
        direct = [h.owner for h in reg.owners.get(asset, []) if not h.is_ubo_entry]
        accounts = {a for h in direct for a in money.accounts.get(h, [])} if kind == "real_estate" else set()
        registered = {o.person for o in owners if o.how in (OWNER, UBO)}
        anonymous = not any(o.how in (OWNER, UBO) for o in owners)
        for payer, (amount, txs, rent) in costs(money, identity, accounts, purchase_txs).items():
            if not reg.is_person(payer):
                continue
            if rent:
                if len(txs) < RENT_PAYMENTS or payer in direct:
                    continue
                controls = any(p == payer for h in direct for p, _, _ in self.controllers_of(h))
                if not (anonymous or controls) or payer in registered:
                    continue
                reason = "controls the landlord" if controls else "whose register names no owner"
                cands.of(payer).add("rent", f"pays rent to its holder ({reason}): {len(txs)} payments, EUR {amount:,.0f}",
                                    transactions=txs, entities=direct)
            else:
                cands.of(payer).add("costs", f"pays its costs: {len(txs)} payment(s) naming it, EUR {amount:,.0f}",
                                    transactions=txs, entities=[asset])

    def _use(self, cands: Candidates, asset: str, kind: str) -> None:
        reg = self.reg
        if kind == "vehicle":
            for person in sorted(reg.operators.get(asset, set())):
                if reg.is_person(person):
                    cands.of(person).add("drives", "seen driving it (operator)", entities=[asset, person])
            return
        at: dict[str, None] = {}
        for address in reg.addresses.get(asset, []):
            for other, entity in (r for key in address.keys for r in self.residents.get(key, [])):
                if entity != asset and same(address, other):
                    at[entity] = None
        # the register lists every resident: one of unknown age may use it, a child does not
        people = [e for e in at if reg.is_person(e) and adult(reg.age_on(e, date.today()), unknown=True)]
        firms = [e for e in at if reg.is_organisation(e)]
        if len(people) <= MAX_RESIDENTS:
            for person in people:
                cands.of(person).add("use", "lives at its address (population register)", entities=[asset, person])
        if len(firms) <= MAX_RESIDENTS:
            for firm in firms:
                for person, certainty, how in self.controllers_of(firm):
                    cands.of(person).add("use", f"{mark(firm)} is established at its address ({how})",
                                         lr=LR["use"] ** certainty, entities=[asset, firm])

    def _flagged(self, owners: list[ChainOwner], through: list[str],
                 value: float, acquired: date | None,
                 passed: Mapping[str, float], own: set[str]) -> dict[str, list[Any]]:
        """The nominee indicators of registered holders and of people whose firms paid."""
        registered = [o.person for o in owners if o.how in (OWNER, UBO)]
        people = registered + list(through)
        flagged: dict[str, list[Any]] = {}
        for person in dict.fromkeys(people):
            found = indicators(self.reg, self.money, person, value=value, acquired=acquired,
                               passed=passed.get(person, 0.0), mules=self.mules, kinds=self.kinds,
                               network=self.network,
                               paid_it=person in own)
            if found:
                flagged[person] = found
        return flagged

    def _nominees(self, cands: Candidates, owners: list[ChainOwner], flagged: Mapping[str, list[Any]],
                  value: float, passed: Mapping[str, float]) -> dict[str, Any] | None:
        """Nominee indicators of registered holders and of people whose firms paid; their
        relatives and associates among the supported candidates gain the ``tie``."""
        reg, first = self.reg, None
        registered = [o.person for o in owners if o.how in (OWNER, UBO)]
        for person, found in flagged.items():
            for ind in found:
                cands.of(person).add("fronting", "nominee indicator: " + ind.text, lr=ind.lr, entities=[person])
            if person in registered and any(i.kind == "income" for i in found):
                self._household(cands, person, passed.get(person, 0.0))
            for other in sorted(reg.ties.get(person, {})):
                if other in cands and cands[other].supported and other != person:
                    cands[other].add("tie", f"relative or associate of {mark(person)}, who shows nominee indicators",
                                     entities=[person, other])
            if first is None:
                income = max(0.0, self.money.income.get(person, 0.0) - passed.get(person, 0.0))
                first = {"entity": person, "income": round(income, 2), "value": round(value, 2),
                         "reason": "; ".join(i.text for i in found), "indicators": [i.kind for i in found]}
        return first

    def _household(self, cands: Candidates, holder: str, passed: float) -> None:
        """The main earner of the household of a registered holder whose income cannot explain
        the asset: the adult at the holder's address (population register) with the most
        recorded income, more than the holder's. A household spends its earners' money; an
        asset in the name of a partner or child without means is the earner's."""
        reg, money = self.reg, self.money
        at: dict[str, None] = {}
        for address in reg.addresses.get(holder, []):
            for other, entity in (r for key in address.keys for r in self.residents.get(key, [])):
                if entity != holder and reg.is_person(entity) and same(address, other):
                    at[entity] = None
        ages = {e: reg.age_on(e, date.today()) for e in at}
        # a building, not a household: counted as before, residents of unknown age included
        if sum(adult(age, unknown=True) for age in ages.values()) >= MAX_RESIDENTS:
            return
        # a child is no main earner (a newborn's savings are not a household's income); a
        # resident without a birth date is one when income is recorded for him: partner data
        # often carry no birth date, and recorded earnings are what this rule weighs
        adults = [e for e, age in ages.items()
                  if adult(age, unknown=money.income.get(e, 0.0) > 0)]
        if not adults:
            return
        own = max(0.0, money.income.get(holder, 0.0) - passed)
        earner = max(adults, key=lambda e: (money.income.get(e, 0.0), e))
        earned = money.income.get(earner, 0.0)
        if earned > own:
            cands.of(earner).add("household", f"main earner of the household of {mark(holder)}, its registered holder, "
                                              f"whose income cannot explain it (EUR {earned:,.0f} received, the holder "
                                              f"EUR {own:,.0f})", entities=[holder, earner])
