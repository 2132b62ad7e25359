"""Legitimate background payments, vectorised: salaries, rent, bills, card shopping, family
transfers, shop cash deposits and ATM withdrawals. Benign look-alikes are recorded so tests
can check that detectors leave them alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from offensief.demo.ledger import CARD, CASH_DEPOSIT, CASH_WITHDRAWAL, TRANSFER, Ledger, epoch
from offensief.demo.population import UTILITIES, is_adult
from offensief.demo.world import World

DAY = 86_400
MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december")


@dataclass(slots=True)
class Benign:
    """A planted benign look-alike: kind and the provisional payment numbers."""

    kind: str
    account: int
    payments: list[int]
    note: str


@dataclass(slots=True)
class Background:
    """Builds the background into a ledger; ``benign`` lists the look-alikes."""

    world: World
    ledger: Ledger
    gen: np.random.Generator
    budget: int
    benign: list[Benign] = field(default_factory=list)
    #: salary runs: (people, provisional numbers, times, amounts)
    paid: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)

    def months(self) -> list[date]:
        """First day of every month in the period."""
        out, day = [], date(self.world.start.year, self.world.start.month, 1)
        while day <= self.world.end:
            out.append(day)
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return out

    def party(self, kind: str, idx: int) -> int:
        """Party number of a person or company."""
        return idx if kind == "person" else len(self.world.persons) + idx

    def acc(self, kind: str, idx: int) -> int:
        """Main account index of a person or company."""
        return self.world.main_account[(kind, idx)]

    def build(self) -> None:
        """All background flows, within the payment budget."""
        self.salaries()
        self.paydays()
        self.benefits()
        self.rents()
        self.bills()
        self.family()
        self.shop_cash()
        self.atm()
        self.cards(max(0, self.budget - self.ledger.size))

    def _fraction(self, events: int, share: float) -> float:
        return min(1.0, share * self.budget / max(1, events))

    def salaries(self) -> None:
        """Employers pay their staff on the 25th, in one batch run (payroll fan-out)."""
        w, g = self.world, self.gen
        staff: dict[int, list[int]] = {}
        for p in w.persons:
            if p.employer is not None and p.role in ("background", "facilitator", "money_mule"):
                staff.setdefault(p.employer, []).append(p.idx)
        months = self.months()
        keep = self._fraction(sum(len(v) for v in staff.values()) * len(months), 0.28)
        for employer in sorted(staff):
            people = np.array(staff[employer])
            people = people[g.random(len(people)) < keep]
            if len(people) == 0:
                continue
            pay = np.clip(g.normal(3100, 900, len(people)), 1750, 8500).round(2)
            for month in months:
                run = epoch(date(month.year, month.month, 25)) + 6 * 3600 + int(g.integers(0, 3600))
                ts = run + np.arange(len(people)) % 60
                numbers = self.ledger.add(
                    ts=ts, amount=pay,
                    payer_account=np.full(len(people), self.acc("company", employer)),
                    beneficiary_account=np.array([self.acc("person", int(p)) for p in people]),
                    payer=np.full(len(people), self.party("company", employer)), beneficiary=people,
                    channel=TRANSFER, purpose=self.ledger.purpose(f"Salaris {MONTHS_NL[month.month - 1]} {month.year}"),
                )
                self.paid.append((people, numbers, ts, pay))
                if len(people) >= 5:
                    self.benign.append(Benign("payroll", self.acc("company", employer), numbers.tolist(),
                                              f"{w.companies[employer].name}: salaries {month:%Y-%m}"))

    def benefits(self) -> None:
        """UWV benefits for adults without a job, state pension (AOW) from 67."""
        w, g = self.world, self.gen
        agencies = [c.idx for c in w.companies if c.kind == "agency"]
        if len(agencies) < 2:
            return
        uwv, svb = agencies[0], agencies[1]
        jobless = [p for p in w.persons if is_adult(p, w.end) and p.employer is None]
        old = np.array([p.idx for p in jobless if (w.end - p.born).days >= 67 * 365])
        young = np.array([p.idx for p in jobless if (w.end - p.born).days < 67 * 365
                          and (p.role in ("straw_man", "money_mule") or g.random() < 0.45)])
        months = self.months()
        keep = self._fraction((len(old) + len(young)) * len(months), 0.06)
        for agency, people, mean, day, text in ((svb, old, 1450.0, 21, "AOW"), (uwv, young, 1250.0, 23, "Uitkering")):
            if len(people) == 0:
                continue
            roles = np.array([w.persons[int(p)].role in ("straw_man", "money_mule") for p in people])
            people = people[roles | (g.random(len(people)) < keep)]
            amount = np.clip(g.normal(mean, 150, len(people)), 600, None).round(2)
            for month in months:
                numbers = self.ledger.add(
                    ts=epoch(date(month.year, month.month, day)) + 5 * 3600 + np.arange(len(people)) % 60,
                    amount=amount, payer_account=np.full(len(people), self.acc("company", agency)),
                    beneficiary_account=np.array([self.acc("person", int(p)) for p in people]),
                    payer=np.full(len(people), self.party("company", agency)), beneficiary=people,
                    channel=TRANSFER, purpose=self.ledger.purpose(f"{text} {MONTHS_NL[month.month - 1]} {month.year}"),
                )
                self.benign.append(Benign("benefits", self.acc("company", agency), numbers.tolist(),
                                          f"{w.companies[agency].name}: {text} {month:%Y-%m}"))

    def paydays(self) -> None:
        """Some people pay their mortgage within hours of their salary: money in, bills out."""
        w, g = self.world, self.gen
        lenders = [c.idx for c in w.companies if c.kind == "landlord"]
        if not self.paid or not lenders:
            return
        people = np.unique(np.concatenate([p for p, _, _, _ in self.paid]))
        chosen = set(g.choice(people, min(len(people), max(10, len(people) // 100)), replace=False).tolist())
        rows: dict[int, list[int]] = {}
        purpose = self.ledger.purpose("Hypotheek termijn")
        for who, numbers, ts, pay in self.paid:
            mask = np.isin(who, list(chosen))
            if not mask.any():
                continue
            lender = np.array([lenders[int(p) % len(lenders)] for p in who[mask]])
            out = self.ledger.add(
                ts=ts[mask] + g.integers(3600, 4 * 3600, int(mask.sum())),
                amount=np.round(pay[mask] * g.uniform(0.3, 0.45, int(mask.sum())), 2),
                payer_account=np.array([self.acc("person", int(p)) for p in who[mask]]),
                beneficiary_account=np.array([self.acc("company", int(c)) for c in lender]),
                payer=who[mask], beneficiary=len(w.persons) + lender, channel=TRANSFER, purpose=purpose,
            )
            for p, n_in, n_out in zip(who[mask].tolist(), numbers[mask].tolist(), out.tolist()):
                rows.setdefault(p, []).extend((n_in, n_out))
        for p in sorted(rows):
            self.benign.append(Benign("salary_and_bills", self.acc("person", p), rows[p],
                                      "salary in, mortgage out within hours, every month"))

    def rents(self) -> None:
        """Tenants pay their landlord on the first of the month (rent collection fan-in)."""
        w, g = self.world, self.gen
        tenants: dict[int, list[int]] = {}
        for hh, landlord in sorted(w.tenancy.items()):
            tenants.setdefault(landlord, []).append(w.households[hh][0])
        months = self.months()
        keep = self._fraction(sum(len(v) for v in tenants.values()) * len(months), 0.08)
        for landlord in sorted(tenants):
            people = np.array([p for p in tenants[landlord] if is_adult(w.persons[p], w.end)])
            people = people[g.random(len(people)) < keep]
            if len(people) == 0:
                continue
            rent = (g.integers(65, 165, len(people)) * 10).astype(float)
            for month in months:
                ts = epoch(month) + g.integers(0, 3 * DAY, len(people))
                numbers = self.ledger.add(
                    ts=ts, amount=rent,
                    payer_account=np.array([self.acc("person", int(p)) for p in people]),
                    beneficiary_account=np.full(len(people), self.acc("company", landlord)),
                    payer=people, beneficiary=np.full(len(people), self.party("company", landlord)),
                    channel=TRANSFER, purpose=self.ledger.purpose(f"Huur {MONTHS_NL[month.month - 1]}"),
                )
                if len(people) >= 5:
                    self.benign.append(Benign("rent_collection", self.acc("company", landlord), numbers.tolist(),
                                              f"{w.companies[landlord].name}: rents {month:%Y-%m}"))

    def bills(self) -> None:
        """Households pay utilities by direct debit (salary in, bills out)."""
        w, g = self.world, self.gen
        utilities = [c for c in w.companies if c.kind == "utility"]
        heads = np.array([m[0] for m in w.households if is_adult(w.persons[m[0]], w.end)])
        months = self.months()
        keep = self._fraction(len(heads) * len(utilities) * len(months), 0.22)
        for company, (_, _, _, mean) in zip(utilities, UTILITIES):
            payers = heads[g.random(len(heads)) < keep]
            amount = np.clip(g.normal(mean, mean * 0.25, len(payers)), 5, None).round(2)
            for month in months:
                ts = epoch(date(month.year, month.month, 27)) + g.integers(0, 12 * 3600, len(payers))
                self.ledger.add(
                    ts=ts, amount=amount,
                    payer_account=np.array([self.acc("person", int(p)) for p in payers]),
                    beneficiary_account=np.full(len(payers), self.acc("company", company.idx)),
                    payer=payers, beneficiary=np.full(len(payers), self.party("company", company.idx)),
                    channel=TRANSFER, purpose=self.ledger.purpose(f"Incasso {company.name.split()[0]} {MONTHS_NL[month.month - 1]}"),
                )

    def family(self) -> None:
        """Parents send grown-up children pocket money or support; recorded as benign."""
        w, g = self.world, self.gen
        pairs = [(a, b) for kind, a, b, rel in w.relations
                 if kind == "family" and rel == "parent"
                 and is_adult(w.persons[a], w.end) and is_adult(w.persons[b], w.end)]
        months = self.months()
        keep = self._fraction(len(pairs) * len(months), 0.05)
        for a, b in pairs:
            if g.random() >= keep:
                continue
            ts = np.array([epoch(m) + int(g.integers(0, 28 * DAY)) for m in months])
            numbers = self.ledger.add(
                ts=ts, amount=np.round(g.uniform(50, 400, len(months)), 0),
                payer_account=np.full(len(months), self.acc("person", a)),
                beneficiary_account=np.full(len(months), self.acc("person", b)),
                payer=np.full(len(months), a), beneficiary=np.full(len(months), b),
                channel=TRANSFER, purpose=self.ledger.purpose("Bijdrage"),
            )
            self.benign.append(Benign("family_transfers", self.acc("person", b), numbers.tolist(),
                                      "parent supports adult child monthly"))

    def shop_cash(self) -> None:
        """Shops deposit their till takings: many small cash deposits (benign)."""
        w, g = self.world, self.gen
        shops = [c for c in w.companies if c.kind == "shop"]
        days = (w.end - w.start).days
        per_shop = max(12, int(0.05 * self.budget / max(1, len(shops))))
        for shop in shops:
            n = min(per_shop, days)
            ts = epoch(w.start) + np.sort(g.choice(days, n, replace=False)) * DAY + 17 * 3600 + g.integers(0, 3 * 3600, n)
            numbers = self.ledger.add(
                ts=ts, amount=np.round(g.uniform(150, 2400, n), 2),
                payer_account=np.full(n, -1), beneficiary_account=np.full(n, self.acc("company", shop.idx)),
                payer=np.full(n, self.party("company", shop.idx)), beneficiary=np.full(n, self.party("company", shop.idx)),
                channel=CASH_DEPOSIT, purpose=self.ledger.purpose("Storting dagomzet"),
            )
            self.benign.append(Benign("shop_cash_deposits", self.acc("company", shop.idx), numbers.tolist(),
                                      f"{shop.name}: till takings"))

    def atm(self) -> None:
        """ATM cash withdrawals by ordinary account holders."""
        w, g = self.world, self.gen
        adults = np.array([k[1] for k in w.main_account if k[0] == "person"])
        n = int(0.04 * self.budget)
        who = g.choice(adults, n)
        self.ledger.add(
            ts=epoch(w.start) + g.integers(0, (w.end - w.start).days * DAY, n),
            amount=(g.integers(2, 30, n) * 10).astype(float),
            payer_account=np.array([self.acc("person", int(p)) for p in who]), beneficiary_account=np.full(n, -1),
            payer=who, beneficiary=who, channel=CASH_WITHDRAWAL, purpose=self.ledger.purpose("Geldautomaat"),
        )

    def cards(self, n: int) -> None:
        """Card payments at shops (the bulk of the background)."""
        w, g = self.world, self.gen
        adults = np.array([k[1] for k in w.main_account if k[0] == "person"])
        shops = np.array([c.idx for c in w.companies if c.kind == "shop"])
        who, where = g.choice(adults, n), g.choice(shops, n)
        seconds = g.integers(0, (w.end - w.start).days, n) * DAY + g.integers(8 * 3600, 21 * 3600, n)
        self.ledger.add(
            ts=epoch(w.start) + seconds, amount=np.round(np.clip(g.lognormal(3.3, 0.9, n), 1, 2500), 2),
            payer_account=np.array([self.acc("person", int(p)) for p in who]),
            beneficiary_account=np.array([self.acc("company", int(s)) for s in where]),
            payer=who, beneficiary=len(w.persons) + where, channel=CARD,
            purpose=self.ledger.purpose("Betaalautomaat"),
        )
