"""Planted laundering typologies (AMLSim's eight plus Dutch practice) and the payments that tie
groups to their facilitators. Each instance is recorded for the ground truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import pairwise

from offensief.demo.ledger import CASH_DEPOSIT, CASH_WITHDRAWAL, INVOICE, TRANSFER, Ledger, epoch
from offensief.demo.world import Group, World

HOUR = 3600
DAY = 86_400
TYPOLOGIES = ("fan_in", "fan_out", "cycle", "scatter_gather", "gather_scatter", "bipartite",
              "stacked_bipartite", "structuring", "rapid_pass_through", "trade_based", "real_estate")
CASH_RULE_CHANGE = date(2026, 1, 1)
LOAN_WORDS = ("Lening", "Terugbetaling lening", "Gift", "Voorschot", "Investering", "Auto verkoop")


@dataclass(slots=True)
class Instance:
    """One planted instance: its typology, group, payments (provisional numbers) and accounts."""

    typology: str
    group: str
    payments: list[int] = field(default_factory=list)
    accounts: list[int] = field(default_factory=list)
    assets: list[int] = field(default_factory=list)


class Launderer:
    """Plants typology instances for each group at random moments in the period."""

    def __init__(self, world: World, ledger: Ledger, rng: random.Random, *, per_group: int) -> None:
        self.world, self.ledger, self.rng = world, ledger, rng
        self.per_group = per_group
        self.instances: list[Instance] = []
        self.current: Instance | None = None
        self.slot = 0
        self.slot_days = 30

    # -- helpers ---------------------------------------------------------------------------
    def party_of(self, account: int) -> int:
        """Party number of an account's holder."""
        a = self.world.accounts[account]
        return a.holder if a.holder_kind == "person" else len(self.world.persons) + a.holder

    def pay(self, ts: int, amount: float, src: int, dst: int, *, channel: int = TRANSFER,
            purpose: str | None = None) -> int:
        """A transfer between two accounts, recorded in the current instance."""
        number = self.ledger.add_one(
            ts=ts, amount=round(amount, 2), payer_account=src, beneficiary_account=dst,
            payer=self.party_of(src), beneficiary=self.party_of(dst), channel=channel,
            purpose=purpose or self.rng.choice(LOAN_WORDS),
        )
        if self.current is not None:
            self.current.payments.append(number)
            for acc in (src, dst):
                if acc >= 0 and acc not in self.current.accounts:
                    self.current.accounts.append(acc)
        return number

    def moment(self, *, span_days: int = 10) -> int:
        """A start time inside the current slot, leaving room for ``span_days``."""
        room = max(1, self.slot_days - span_days)
        day = 7 + self.slot * self.slot_days + self.rng.randrange(room)
        return epoch(self.world.start) + day * DAY + self.rng.randrange(8, 18) * HOUR

    def pools(self, group: Group) -> dict[str, list[int]]:
        """The group's accounts by kind."""
        w = self.world
        acc = w.main_account
        companies = {kind: [acc[("company", c)] for c in group.companies if w.companies[c].kind == kind]
                     for kind in ("holding", "front", "shell", "foreign_shell")}
        return {
            "mules": [acc[("person", m)] for m in group.mules],
            "straw": [acc[("person", s)] for s in group.straw_men],
            "cash": [acc[("person", c)] for c in group.workers["cash_collection"]],
            "kingpin": [acc[("person", group.kingpin)]],
            **companies,
            "corporate": [acc[("company", c)] for c in group.companies],
        }

    def begin(self, typology: str, group: Group) -> Instance:
        """Start recording an instance."""
        self.current = Instance(typology=typology, group=group.name)
        self.instances.append(self.current)
        return self.current

    # -- typologies ------------------------------------------------------------------------
    def plant(self) -> None:
        """Every typology ``per_group`` times for every group.

        The period is cut into one time slot per instance of a group, so a group's instances
        never overlap in time (their accounts do overlap); the real-estate purchases of
        different groups, which share notaries, fall in different slots where possible.
        """
        slots = len(TYPOLOGIES) * self.per_group
        self.slot_days = ((self.world.end - self.world.start).days - 21) // slots
        for g, group in enumerate(self.world.groups):
            pools = self.pools(group)
            order = list(range(slots))
            self.rng.shuffle(order)
            estate = order.index(g % slots)
            order[estate], order[len(TYPOLOGIES) - 1] = order[len(TYPOLOGIES) - 1], order[estate]
            k = 0
            for _ in range(self.per_group):
                for typology in TYPOLOGIES:
                    self.slot = order[k]
                    k += 1
                    self.begin(typology, group)
                    getattr(self, typology)(group, pools)
                    self.current = None

    def fan_in(self, group: Group, pools: dict[str, list[int]]) -> None:
        """Many mule / straw-man accounts pay one front company within a few days."""
        rng = self.rng
        sources = rng.sample(pools["mules"] + pools["straw"] + pools["cash"], min(12, len(pools["mules"]) + 3))
        target = rng.choice(pools["front"])
        t = self.moment(span_days=4)
        for src in sources:
            self.pay(t + rng.randrange(0, 4 * DAY), rng.uniform(4000, 9500), src, target)

    def fan_out(self, group: Group, pools: dict[str, list[int]]) -> None:
        """One shell pays many mule accounts within a few days."""
        rng = self.rng
        src = rng.choice(pools["shell"])
        sinks = rng.sample(pools["mules"] + pools["straw"], min(10, len(pools["mules"]) + 2))
        t = self.moment(span_days=3)
        for dst in sinks:
            self.pay(t + rng.randrange(0, 3 * DAY), rng.uniform(3000, 9000), src, dst)

    def cycle(self, group: Group, pools: dict[str, list[int]]) -> None:
        """Round-tripping: money returns to where it started, every hop later than the last."""
        rng = self.rng
        ring = rng.sample(pools["corporate"], min(len(pools["corporate"]), rng.randint(3, 5)))
        amount, t = rng.uniform(40_000, 150_000), self.moment(span_days=20)
        for k, src in enumerate(ring):
            t += rng.randrange(6 * HOUR, 4 * DAY)
            self.pay(t, amount, src, ring[(k + 1) % len(ring)], channel=INVOICE if k % 2 else TRANSFER,
                     purpose=f"Factuur {rng.randrange(2025001, 2026999)}")
            amount *= rng.uniform(0.97, 0.995)

    def scatter_gather(self, group: Group, pools: dict[str, list[int]]) -> None:
        """A front scatters money over mules who each pass it to one holding or shell."""
        rng = self.rng
        src, sink = rng.choice(pools["front"]), rng.choice(pools["holding"] + pools["shell"])
        middle = rng.sample(pools["mules"], min(len(pools["mules"]), rng.randint(4, 7)))
        t = self.moment(span_days=5)
        for mid in middle:
            amount = rng.uniform(5000, 15000)
            t1 = t + rng.randrange(0, DAY)
            self.pay(t1, amount, src, mid)
            self.pay(t1 + rng.randrange(4 * HOUR, 3 * DAY), amount * rng.uniform(0.95, 0.99), mid, sink)

    def gather_scatter(self, group: Group, pools: dict[str, list[int]]) -> None:
        """Many accounts pay one shell, which then pays out to many others."""
        rng = self.rng
        people = pools["mules"] + pools["straw"] + pools["cash"]
        sources = rng.sample(people, min(len(people), rng.randint(4, 7)))
        rest = [a for a in people if a not in sources] or people
        sinks = rng.sample(rest, min(len(rest), rng.randint(4, 7)))
        hub = rng.choice(pools["shell"])
        t = self.moment(span_days=7)
        total = 0.0
        for src in sources:
            amount = rng.uniform(5000, 12000)
            total += amount
            self.pay(t + rng.randrange(0, 2 * DAY), amount, src, hub)
        t += 2 * DAY + rng.randrange(HOUR, DAY)
        for dst in sinks:
            self.pay(t + rng.randrange(0, 2 * DAY), total * 0.95 / len(sinks), hub, dst)

    def bipartite(self, group: Group, pools: dict[str, list[int]]) -> None:
        """A set of mule accounts pays a set of corporate accounts, many-to-many."""
        rng = self.rng
        left = rng.sample(pools["mules"], min(4, len(pools["mules"])))
        right = rng.sample(pools["corporate"], min(3, len(pools["corporate"])))
        t = self.moment(span_days=4)
        for a in left:
            for b in right:
                self.pay(t + rng.randrange(0, 4 * DAY), rng.uniform(2500, 8000), a, b)

    def stacked_bipartite(self, group: Group, pools: dict[str, list[int]]) -> None:
        """Layers: mules → straw men → corporate accounts, each layer after the one before."""
        rng = self.rng
        layers = [rng.sample(pools["mules"], min(3, len(pools["mules"]))),
                  rng.sample(pools["straw"], min(3, len(pools["straw"]))),
                  rng.sample(pools["corporate"], min(3, len(pools["corporate"])))]
        t = self.moment(span_days=8)
        for upper, lower in pairwise(layers):
            for a in upper:
                for b in lower:
                    self.pay(t + rng.randrange(0, 2 * DAY), rng.uniform(3000, 7000), a, b)
            t += 3 * DAY

    def structuring(self, group: Group, pools: dict[str, list[int]]) -> None:
        """Cash deposits just under the reporting threshold, spread over accounts and days."""
        rng = self.rng
        depositor = rng.choice(group.workers["cash_collection"])
        targets = rng.sample(pools["mules"] + pools["front"], min(4, len(pools["mules"]) + 1))
        t = self.moment(span_days=23)
        late = t >= epoch(CASH_RULE_CHANGE)
        for _ in range(rng.randint(7, 11)):
            t += rng.randrange(DAY // 2, 2 * DAY)
            amount = rng.uniform(2700, 2990) if late else rng.uniform(9000, 9950)
            dst = rng.choice(targets)
            number = self.ledger.add_one(ts=t, amount=round(amount, 2), payer_account=-1, beneficiary_account=dst,
                                         payer=depositor, beneficiary=self.party_of(dst), channel=CASH_DEPOSIT,
                                         purpose="Storting contant")
            assert self.current is not None
            self.current.payments.append(number)
            if dst not in self.current.accounts:
                self.current.accounts.append(dst)

    def rapid_pass_through(self, group: Group, pools: dict[str, list[int]]) -> None:
        """A mule receives money and sends almost all of it on within hours, a few times."""
        rng = self.rng
        mule = rng.choice(pools["mules"])
        onward = pools["foreign_shell"] + pools["shell"]
        t = self.moment(span_days=13)
        for _ in range(rng.randint(3, 4)):
            amount = rng.uniform(5000, 20000)
            self.pay(t, amount, rng.choice(pools["front"] + pools["shell"]), mule)
            out = t + rng.randrange(HOUR, 6 * HOUR)
            if rng.random() < 0.25:
                number = self.ledger.add_one(ts=out, amount=round(amount * rng.uniform(0.9, 0.98), 2),
                                             payer_account=mule, beneficiary_account=-1, payer=self.party_of(mule),
                                             beneficiary=self.party_of(mule), channel=CASH_WITHDRAWAL,
                                             purpose="Opname contant")
                assert self.current is not None
                self.current.payments.append(number)
            else:
                self.pay(out, amount * rng.uniform(0.9, 0.98), mule, rng.choice(onward))
            t += rng.randrange(DAY, 3 * DAY)

    def trade_based(self, group: Group, pools: dict[str, list[int]]) -> None:
        """Invoices at round or inflated amounts between related shells and fronts."""
        rng = self.rng
        parties = pools["shell"] + pools["front"][:1] + pools["foreign_shell"]
        t = self.moment(span_days=28)
        for _ in range(rng.randint(4, 7)):
            a, b = rng.sample(parties, 2)
            amount = rng.choice((25_000, 40_000, 50_000, 75_000, 100_000, 150_000))
            t += rng.randrange(DAY, 4 * DAY)
            self.pay(t, float(amount), a, b, channel=INVOICE,
                     purpose=f"Factuur {rng.randrange(1000, 9999)} {rng.choice(('consultancy', 'import groente en fruit', 'marketing', 'handelsgoederen'))}")

    def real_estate(self, group: Group, pools: dict[str, list[int]]) -> None:
        """Layered money buys a property through a notary's client account."""
        rng, w = self.rng, self.world
        used = self.used_estates()
        owned = [r for r in w.real_estate if r.group == group.name and r.idx not in used]
        estate = (owned or [r for r in w.real_estate if r.group == group.name])[0]
        buyer = w.main_account[(estate.owners[0][0], estate.owners[0][1])]
        notaries = [p for p in group.facilitators if w.persons[p].facilitator_subtype == "notary"]
        notary_companies = [c for c in w.companies if c.kind == "facilitator:notary"
                            and (not notaries or c.directors[0] in notaries)]
        notary = w.main_account[("company", notary_companies[0].idx)]
        t = self.moment(span_days=12)
        total = 0.0
        for src in rng.sample(pools["mules"] + pools["straw"], min(5, len(pools["mules"]))):
            amount = rng.uniform(30_000, 80_000)
            total += amount
            self.pay(t + rng.randrange(0, 3 * DAY), amount, src, buyer)
        t += 5 * DAY
        price = round(total + rng.uniform(0, 20_000), -3)
        estate.value = price
        self.pay(t, price, buyer, notary, purpose=f"Koopsom {estate.address.street} {estate.address.number}")
        developers = [c.idx for c in w.companies if c.kind == "landlord"]
        estate.seller = rng.choice(developers)
        seller = w.main_account[("company", estate.seller)]
        self.pay(t + 2 * DAY, price, notary, seller, purpose=f"Uitbetaling koopsom {estate.address.street}")
        estate.acquired = estate.sold_since = datetime.fromtimestamp(t + 3 * DAY, UTC).date()
        assert self.current is not None
        self.current.assets.append(estate.idx)

    def used_estates(self) -> set[int]:
        """Real estate already bought by an earlier instance."""
        return {a for i in self.instances for a in i.assets}

    # -- flows that tie groups to facilitators and to the kingpin -------------------------
    def service_flows(self) -> None:
        """Fees to facilitators, phone subscriptions, and the kingpin's "management fee"."""
        rng, w = self.rng, self.world
        acc = w.main_account
        months = range((w.end - w.start).days // 30)
        for group in w.groups:
            pools = self.pools(group)
            for f in group.facilitators:
                person = w.persons[f]
                firm = [c for c in w.companies if c.kind.startswith("facilitator:") and f in c.directors]
                target = acc[("company", firm[0].idx)] if firm else acc[("person", f)]
                sub = person.facilitator_subtype
                if sub in ("accountant", "trust_office", "notary"):
                    payers, every, low, high = pools["front"] + pools["holding"], 3, 1200, 4500
                elif sub == "cryptophone_reseller":
                    payers = [acc[("person", p)] for p in [group.kingpin, *group.lieutenants]]
                    every, low, high = 6, 1500, 1500
                elif sub == "transport_firm":
                    payers, every, low, high = pools["front"], 1, 2500, 9000
                elif sub == "mule_recruiter":
                    payers, every, low, high = pools["mules"], 12, 300, 900
                else:  # port insider: paid by the import workers
                    payers = [acc[("person", p)] for p in group.workers["import"] if ("person", p) in acc]
                    every, low, high = 2, 2000, 5000
                for payer in payers:
                    for m in months:
                        if m % every == rng.randrange(every):
                            t = epoch(w.start) + m * 30 * DAY + rng.randrange(0, 28 * DAY) + 10 * HOUR
                            self.pay(t, rng.uniform(low, high), payer, target,
                                     channel=INVOICE if sub != "mule_recruiter" else TRANSFER,
                                     purpose=f"Factuur dienstverlening {rng.randrange(100, 999)}")
            for m in months:
                t = epoch(w.start) + m * 30 * DAY + 20 * DAY + 9 * HOUR
                self.pay(t, rng.uniform(4000, 8000), pools["holding"][0], pools["kingpin"][0],
                         purpose="Managementfee")
                if m % 3 == 1:  # the laundered profit reaches the kingpin
                    source = rng.choice(pools["foreign_shell"] + pools["holding"])
                    self.pay(t + 3 * DAY, round(rng.uniform(15_000, 40_000), -2), source, pools["kingpin"][0],
                             purpose=rng.choice(("Dividend", "Lening", "Winstuitkering")))
