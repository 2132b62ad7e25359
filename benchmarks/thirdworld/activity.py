"""What happens in the world over eighteen months: payments, calls and observed meetings.

Everyday life (wages, rent, shopping, family calls) is the background; the groups talk
along their hierarchy (the leader only with lieutenants), pay their facilitators, and
launder their proceeds by the typologies as published: cash structuring under the
EUR 10,000 reporting line (Wwft; FATF "Money Laundering through the Physical
Transportation of Cash", 2015), layering chains through own and foreign companies (FATF
"Professional Money Laundering", 2018), trade-based over-invoicing (FATF/Egmont "Trade-Based
Money Laundering", 2020), property bought through own companies and straw men (FATF "Money
Laundering through Real Estate", 2022; FIU-NL annual reports) and money mules who forward
what they receive (Europol EMMA campaigns; FIU-NL "geldezels").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from .population import World

START, MONTHS = date(2024, 1, 1), 18
END = date(2025, 6, 30)


@dataclass
class Pay:
    pid: str
    day: date
    payer: str
    ben: str
    amount: float
    purpose: str
    cash: bool = False        # a cash deposit: no paying account


@dataclass
class Activity:
    payments: list[Pay] = field(default_factory=list)
    calls: list[tuple[str, str, str, int]] = field(default_factory=list)   # ts, from, to, secs
    meetings: list[tuple[date, str, list[str]]] = field(default_factory=list)
    laundering: list[dict] = field(default_factory=list)
    benign: list[dict] = field(default_factory=list)


class Ledger:
    def __init__(self, w: World) -> None:
        self.w, self.rng, self.act = w, w.rng, Activity()

    def pay(self, day: date, payer: str, ben: str, amount: float, purpose: str, *,
            cash: bool = False) -> str:
        pid = f"T{len(self.act.payments) + 1:06d}"
        day = min(max(day, START), END)
        self.act.payments.append(Pay(pid, day, payer, ben, round(amount, 2), purpose, cash))
        return pid

    def day(self) -> date:
        return START + timedelta(days=self.rng.randrange((END - START).days))

    def call(self, a: str, b: str, *, when: date | None = None, secs: tuple[int, int] = (20, 600)) -> None:
        d = when or self.day()
        ts = f"{d.isoformat()}T{self.rng.randint(7, 23):02d}:{self.rng.randint(0, 59):02d}:00"
        self.act.calls.append((ts, a, b, self.rng.randint(*secs)))


def _months() -> list[date]:
    return [date(2024 + (m // 12), m % 12 + 1, 1) for m in range(MONTHS)]


def background(led: Ledger) -> None:
    w, rng = led.w, led.rng
    shops = [f.cid for f in w.firms.values() if f.kind == "shop"]
    landlords = [f.cid for f in w.firms.values() if f.kind == "landlord"]
    adults = [t for t in w.adults() if t in w.accounts]
    for m in _months():
        label = m.strftime("%m-%Y")
        for t, emp in w.employer.items():
            led.pay(m + timedelta(days=24), emp, t, rng.uniform(1900, 4800) // 1, f"Salaris {label}")
        for hh in w.households:
            if hh[0] in w.accounts and rng.random() < 0.9:
                led.pay(m + timedelta(days=rng.randint(0, 4)), hh[0], rng.choice(landlords),
                        rng.randrange(650, 1650, 5), f"Huur {label}")
        for t in adults:
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                led.pay(m + timedelta(days=rng.randint(0, 27)), t, rng.choice(shops),
                        rng.uniform(4, 140), "Betaalautomaat")
    for hh in w.households:  # parents help children
        kids = [t for t in hh[2:] if t in w.accounts]
        for k in kids:
            for _ in range(rng.randint(0, 4)):
                led.pay(led.day(), hh[0], k, rng.randrange(50, 600, 10), "Bijdrage")


def lookalikes(led: Ledger) -> None:
    """Benign patterns that resemble the criminal ones."""
    w, rng, act = led.w, led.rng, led.act
    for shop in w.lookalikes["busy_shops"]:  # cash takings, weekends close to the line
        ids = []
        d = START
        while d < END:
            amount = rng.uniform(7000, 9900) if d.weekday() == 0 else rng.uniform(600, 4800)
            ids.append(led.pay(d, shop, shop, amount // 10 * 10, "Kasstorting dagomzet", cash=True))
            d += timedelta(days=rng.choice([2, 3, 4]))
        act.benign.append({"kind": "cash_takings", "payment_ids": ids})
    acc = w.lookalikes["accountant"][0]
    office = next(f.cid for f in w.firms.values() if f.kind == "accountancy" and acc in f.directors)
    ids = []
    for client in w.clients[acc]:
        for q in range(6):
            ids.append(led.pay(date(2024 + q // 4, (q % 4) * 3 + 1, 15) + timedelta(
                days=rng.randint(0, 20)), client, office, rng.randrange(450, 2500, 5),
                f"Factuur administratie Q{q % 4 + 1}"))
    act.benign.append({"kind": "accountant_fees", "payment_ids": ids})
    agency = w.lookalikes["payroll"][0]
    temps = rng.sample([t for t in w.adults() if t in w.accounts], 14)
    clients = rng.sample([f.cid for f in w.firms.values() if f.kind == "employer"], 5)
    ids = []
    d = START + timedelta(days=4)
    while d < END:  # clients pay the agency, the agency pays its temps the next day
        total = 0.0
        for c in clients:
            amount = rng.randrange(3000, 9000, 10)
            total += amount
            ids.append(led.pay(d, c, agency, amount, f"Inhuur week {d.isocalendar()[1]}"))
        for t in temps:
            ids.append(led.pay(d + timedelta(days=1), agency, t, total * 0.8 / len(temps),
                               f"Loon week {d.isocalendar()[1]}"))
        d += timedelta(days=14)
    act.benign.append({"kind": "payroll_pass_through", "payment_ids": ids})
    carrier = w.lookalikes["carrier"][0]
    firms = [f.cid for f in w.firms.values() if f.kind in ("shop", "employer")]
    act.benign.append({"kind": "carrier_invoices", "payment_ids": [
        led.pay(led.day(), rng.choice(firms), carrier, rng.randrange(800, 12000, 10),
                f"Vrachtfactuur {rng.randint(1000, 9999)}") for _ in range(160)]})
    ids = []
    for sup in w.lookalikes["suppliers"]:
        buyers = rng.sample([f.cid for f in w.firms.values() if f.kind in ("shop", "employer")], 4)
        for _ in range(30):
            ids.append(led.pay(led.day(), rng.choice(buyers), sup, rng.randrange(5000, 60000, 10),
                               f"Invoice {rng.randint(20000, 99999)}"))
    act.benign.append({"kind": "import_invoices", "payment_ids": ids})
    repair = w.lookalikes["phone_repair"][0]
    act.benign.append({"kind": "phone_repairs", "payment_ids": [
        led.pay(led.day(), rng.choice(w.adults()), repair, rng.randrange(40, 350, 5),
                "Reparatie telefoon") for _ in range(120) if True]})
    # the facilitators' own businesses are real businesses with ordinary customers too
    ordinary = [f.cid for f in w.firms.values() if f.kind in ("shop", "employer")]
    for fac in w.facilitators:
        for f in [f for f in w.firms.values() if fac in f.directors and f.group is None]:
            payers = ordinary if f.kind in ("accountancy", "transport") else w.adults()
            for c in rng.sample(payers, k=12):
                for _ in range(rng.randint(2, 6)):
                    led.pay(led.day(), c, f.cid, rng.randrange(60, 3500, 5),
                            f"Factuur {rng.randint(10000, 99999)}")
    notary = w.lookalikes["notary"][0]
    buyers = [a.holder for a in w.assets if a.group is None and a.kind == "house"]
    act.benign.append({"kind": "house_purchases", "payment_ids": [
        led.pay(led.day(), b, notary, rng.randrange(20000, 90000, 100), "Eigen inbreng aankoop woning")
        for b in buyers if b in w.accounts]})


def crime(led: Ledger) -> None:
    w, rng = led.w, led.rng
    notary = w.lookalikes["notary"][0]
    fac_firm = {t: next((f.cid for f in w.firms.values() if t in f.directors and f.group is None
                         and f.kind in ("accountancy", "phone_shop", "transport")), None)
                for t in w.facilitators}
    for g in w.groups:
        front, hold, prop, _found, imp, _foreign = g.firms
        members = g.lieutenants + g.workers
        for m in _months():  # cover wages, management fee
            for t in g.workers[: len(g.workers) // 2]:
                led.pay(m + timedelta(days=27), front, t, rng.randrange(1200, 1900, 10), "Loon")
            led.pay(m + timedelta(days=1), hold, g.kingpin, 6500, "Managementvergoeding")
            led.pay(m + timedelta(days=3), front, hold, rng.randrange(8000, 15000, 100), "Dividend/rc")
        for fac, (kind, served) in w.facilitators.items():
            if g.idx not in served:
                continue
            firm = fac_firm.get(fac)
            if kind == "digital" and firm:
                for t in members:
                    for half in (0, 6, 12):
                        led.pay(START + timedelta(days=30 * half + rng.randint(0, 20)), t, firm,
                                1500, "Abonnement 6 mnd")
            elif kind == "logistics" and firm:
                for m in _months():
                    led.pay(m + timedelta(days=rng.randint(5, 20)), imp, firm,
                            rng.randrange(3000, 9000, 10), "Transport container")
            elif kind == "logistics":
                for _ in range(3):
                    led.pay(led.day(), rng.choice(g.lieutenants), fac, rng.randrange(500, 2500, 50),
                            "Lening")
            elif kind == "financial" and firm:
                for c in (front, hold, prop, imp):
                    for q in range(6):
                        led.pay(date(2024 + q // 4, (q % 4) * 3 + 2, 10), c, firm,
                                rng.randrange(900, 4000, 5), f"Factuur advies Q{q % 4 + 1}")
        _launder(led, g, notary)


def _launder(led: Ledger, g, notary: str) -> None:
    w, rng, act = led.w, led.rng, led.act
    front, hold, prop, found, imp, foreign = g.firms

    def instance(typology: str, variant: str, ids: list[str]) -> None:
        act.laundering.append({"typology": typology, "variant": variant, "group": g.idx,
                               "payment_ids": ids})

    # 1. structuring: cash just under EUR 10,000, spread over days
    for _ in range(2):
        d = led.day()
        if g.idx % 2 == 0:
            who = rng.choice(g.workers)
            ids = [led.pay(d + timedelta(days=i * rng.randint(1, 4)), who, who,
                           rng.randrange(8000, 9950, 50), "Storting contant", cash=True)
                   for i in range(rng.randint(4, 7))]
            instance("structuring", "own_account", ids)
        else:
            ids = [led.pay(d + timedelta(days=i * rng.randint(1, 3)), front, front,
                           rng.randrange(8500, 9950, 50), "Kasstorting omzet", cash=True)
                   for i in range(rng.randint(5, 8))]
            instance("structuring", "cash_business", ids)
    # 2. layering: a chain through own and foreign firms, each hop keeping a small margin
    for _ in range(2):
        d, amount = led.day(), rng.randrange(40000, 150000, 500)
        chain = [front, imp, foreign, hold, prop] if rng.random() < 0.5 else [front, foreign, imp, hold]
        ids = []
        for a, b in pairwise(chain):
            d += timedelta(days=rng.randint(1, 3))
            ids.append(led.pay(d, a, b, amount, rng.choice(["Consultancy", "Lening", "Advies",
                                                            "Management fee"])))
            amount *= rng.uniform(0.96, 0.99)
        instance("layering", "chain", ids)
    # 3. trade-based: the foreign firm pays over-valued export invoices
    d = led.day()
    ids = [led.pay(d + timedelta(days=14 * i + rng.randint(0, 5)), foreign, imp,
                   rng.randrange(35000, 95000, 10), f"Invoice EXP-2024-{rng.randint(100, 999)}")
           for i in range(rng.randint(6, 10))]
    instance("trade_based", "over_invoicing", ids)
    # 4. real estate through own companies, and through a straw man
    for a in [a for a in w.assets if a.group == g.idx and a.kind != "car"]:
        d = date.fromisoformat(a.bought)
        if a.holder == prop:
            ids = [led.pay(d - timedelta(days=30), hold, prop, a.value * 0.6, "Agio storting"),
                   led.pay(d - timedelta(days=20), front, prop, a.value * 0.4, "Lening rc"),
                   led.pay(d, prop, notary, a.value, f"Koopsom {a.label.split(',')[0]}")]
            instance("real_estate", "own_company", ids)
        elif a.holder == found:
            ids = [led.pay(d - timedelta(days=40), hold, found, a.value * 0.5, "Schenking"),
                   led.pay(d - timedelta(days=35), foreign, found, a.value * 0.5, "Loan agreement"),
                   led.pay(d, found, notary, a.value, f"Koopsom {a.label.split(',')[0]}")]
            instance("real_estate", "foundation", ids)
        elif a.holder in g.workers:
            ids = [led.pay(d - timedelta(days=25 - i), front, a.holder, a.value / 4, "Lening")
                   for i in range(4)]
            ids.append(led.pay(d, a.holder, notary, a.value, f"Koopsom {a.label.split(',')[0]}"))
            instance("real_estate", "straw_man", ids)
    # 5. money mules: fan-out to recruited accounts, forwarded within a day, a cut to the recruiter
    if g.mules:
        recruiter = next(t for t, (k, s) in w.facilitators.items()
                         if w.humans[t].role.endswith(":recruiter") and g.idx in s)
        for _ in range(2):
            d, ids = led.day(), []
            for m in g.mules:
                amount = rng.randrange(2000, 4500, 50)
                ids.append(led.pay(d, front, m, amount, "Uitbetaling"))
                ids.append(led.pay(d + timedelta(days=1), m, foreign, amount * 0.9, "Transfer"))
                ids.append(led.pay(d + timedelta(days=2), m, recruiter, amount * 0.05, "Tikkie"))
            instance("money_mules", "collect_forward", ids)
