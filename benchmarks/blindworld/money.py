"""Everyday money: wages, rent, bills, card payments, cash, and the benign look-alikes.

Mutation kinds (``mutatiesoort``) are those a Dutch bank export shows: Overschrijving,
Incasso, Betaalautomaat, Geldautomaat, Storting, iDEAL, Online bankieren.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .population import make_company
from .world import DAYS, START, World

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def month_day(month: int, day: int, hour: int = 9) -> datetime:
    """Day ``day`` of the ``month``-th month of the period."""
    y, m = START.year + (START.month - 1 + month) // 12, (START.month - 1 + month) % 12 + 1
    return datetime(y, m, min(day, 28), hour, 0) + timedelta(minutes=month * 7 % 50)


def background_payments(w: World, card_rate: float) -> None:
    rng = w.rng
    cos = w.companies.values()
    landlords = [c.tid for c in cos if c.kind == "landlord"]
    payers = [c.tid for c in cos if c.kind == "big_payer"]
    shops = [c.tid for c in cos if c.kind in ("cash_shop", "employer", "car_dealer")]
    employer_of = dict(w.employment)
    own_bv = {g["kingpin"]: g["vastgoed"] for g in w.groups}  # the boss rents from his own BV
    for p in list(w.persons.values()):
        acct = w.account(p.tid)
        emp = employer_of.get(p.tid)
        wage = rng.randint(1900, 5800) + rng.random()
        housing = own_bv.get(p.tid) or rng.choice(landlords)
        rent = rng.randint(650, 1900)
        for m in range(12):
            mname = f"{MONTHS[month_day(m, 1).month - 1]} {month_day(m, 1).year}"
            if emp:
                w.pay(month_day(m, 24 + rng.randint(0, 2), 6), w.account(emp), acct, wage,
                      "Overschrijving", f"Salaris {mname}")
            elif p.profession != "student":
                w.pay(month_day(m, 23, 5), w.account(payers[0]), acct, rng.randint(1100, 1500),
                      "Overschrijving", f"Uitkering {mname}")
            w.pay(month_day(m, 1, 8), acct, w.account(housing), rent, "Incasso", f"Huur {mname}")
            if rng.random() < 0.5:
                w.pay(month_day(m, 27, 7), acct, w.account(rng.choice(payers)),
                      rng.randint(70, 260), "Incasso", f"Termijnbedrag {mname}")
            for _ in range(rng.randint(0, max(1, round(2 * card_rate)))):
                shop = rng.choice(shops)
                c = w.companies[shop]
                w.pay(w.when(m * 30, min(DAYS - 1, m * 30 + 29)), acct, w.account(shop),
                      rng.randint(300, 12000) / 100, "Betaalautomaat",
                      f"BEA {c.name} {c.address.city.upper()}")
            if rng.random() < 0.3:
                w.pay(w.when(m * 30, min(DAYS - 1, m * 30 + 29)), acct, "",
                      rng.choice((20, 50, 50, 100, 150, 200, 300)), "Geldautomaat",
                      f"GEA Geldautomaat {p.address.city}")


def shop_takings(w: World) -> None:
    """Cash-intensive shops deposit their takings; busy ones deposit EUR 6-10k weekly."""
    rng = w.rng
    for c in [c for c in w.companies.values() if c.kind == "cash_shop"]:
        busy = rng.random() < 0.35
        acct = w.account(c.tid)
        ids = []
        for week in range(52):
            for _ in range(1 if busy else rng.randint(1, 3)):
                amount = rng.randint(6000, 11500) if busy else rng.randint(250, 4200)
                ids.append(w.pay(w.when(week * 7, min(DAYS - 1, week * 7 + 6)), "", acct,
                                 amount + rng.randint(0, 99) / 100, "Storting",
                                 rng.choice(("Storting", "Afstorting dagontvangsten", "Storting munten/biljetten"))))
        w.benign.append({"kind": "cash_intensive_shop", "company": c.tid, "payments": ids})


def professional_invoices(w: World) -> None:
    """Real accountants (and facilitators' legitimate clients) bill firms every quarter."""
    rng = w.rng
    employers = [c.tid for c in w.companies.values() if c.kind in ("employer", "cash_shop")]
    pairs = [(rng.choice(employers), c.tid) for c in w.companies.values()
             if c.kind == "accountant" for _ in range(rng.randint(8, 20))]
    pairs += [(b["client"], b["firm"]) for b in w.benign if b["kind"] == "facilitator_legit_client"]
    for client, firm in pairs:
        ids = []
        for q in range(4):
            amount = rng.randint(450, 3800) + rng.randint(0, 99) / 100
            ids.append(w.pay(month_day(q * 3 + 1, rng.randint(2, 25)), w.account(client),
                             w.account(firm), amount, "Overschrijving",
                             f"Factuur {2024 + q // 4}-{rng.randint(100, 999)} administratie Q{q + 1}"))
        w.benign.append({"kind": "professional_fees", "company": firm, "payments": ids})


def legit_trade(w: World) -> None:
    """Importers pay foreign suppliers at market prices, amounts never round."""
    rng = w.rng
    goods = (("bananen", 14.0), ("tegels", 9.0), ("kleding", 6.0), ("noten", 21.0))
    for c in [c for c in list(w.companies.values()) if c.kind == "importer"]:
        country = rng.choice(("BE", "DE", "ES", "TR"))
        sup = make_company(w, "supplier", name=f"{c.name.split()[0]} Export {country}",
                           sector="Groothandel", country=country.lower())
        item, unit = rng.choice(goods)
        ids = []
        for _ in range(rng.randint(6, 14)):
            qty = rng.randint(800, 9000)
            price = unit * rng.uniform(0.9, 1.12)
            ids.append(w.pay(w.when(), w.account(c.tid), w.account(sup.tid), qty * price,
                             "Overschrijving",
                             f"Factuur INV-{rng.randint(2024, 2025)}-{rng.randint(1000, 9999)} "
                             f"{item} {qty} kg"))
        w.benign.append({"kind": "legit_import", "company": c.tid, "payments": ids})


def legit_home_sales(w: World) -> None:
    """Developers sell homes through a notary; the buyer's mortgage comes from the bank."""
    rng = w.rng
    devs = [c for c in w.companies.values() if c.kind == "developer"]
    notaries = [c for c in w.companies.values() if c.kind == "notary"]
    bank = next(c for c in w.companies.values() if c.kind == "big_payer")
    buyers = [p for p in w.persons.values() if p.role == "background" and p.resident]
    for dev in devs:
        for _ in range(rng.randint(3, 8)):
            buyer = rng.choice(buyers)
            notary = rng.choice(notaries)
            client_money = w.holdings[notary.tid][-1]
            price = rng.randint(28, 75) * 10_000
            ts = w.when(20, DAYS - 30)
            own = rng.randint(10, 60) * 1000
            ids = [w.pay(ts, w.account(buyer.tid), client_money, own, "Overschrijving",
                         "Eigen inbreng aankoop woning"),
                   w.pay(ts + timedelta(hours=2), w.account(bank.tid), client_money, price - own,
                         "Overschrijving", f"Hypotheekverstrekking {buyer.name.surname}"),
                   w.pay(ts + timedelta(days=1), client_money, w.account(dev.tid), price,
                         "Overschrijving", "Koopsom nieuwbouwwoning")]
            estate = {"eid": w.next_id("E"), "address": buyer.address, "kind": "woning",
                      "history": [(dev.tid, date(2022, 1, 1), ts.date(), None),
                                  (buyer.tid, ts.date(), None, price)]}
            w.estates.append(estate)
            w.benign.append({"kind": "legit_home_purchase", "estate": estate["eid"], "payments": ids})


def owner_occupied(w: World) -> None:
    """Homes bought before the period: in the land registry, no payments now."""
    rng = w.rng
    seen = {p.address.aid for p in w.persons.values() if p.group}  # their homes come later
    for p in w.persons.values():
        if p.role == "background" and p.address.aid not in seen and rng.random() < 0.4:
            seen.add(p.address.aid)
            bought = date(rng.randint(1995, 2023), rng.randint(1, 12), rng.randint(1, 28))
            w.estates.append({"eid": w.next_id("E"), "address": p.address, "kind": "woning",
                              "history": [(p.tid, bought, None, rng.randint(15, 70) * 10_000)]})
