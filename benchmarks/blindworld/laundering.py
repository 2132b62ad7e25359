"""Laundering by the standard typologies, and the groups' other money.

Written from the FATF/Egmont and FIU-Nederland descriptions: structuring (smurfing) of cash
under the EUR 10,000 indicator across a group's accounts; layering through chains of company
accounts within days, each hop keeping a small fee; scatter-gather and funnel accounts run by
money mules; trade-based laundering by over-invoiced imports between a Dutch trading front and
a foreign counterpart; and real estate bought through own companies, with loan-back
constructions and ABC resales at a higher price within months.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

from .money import MONTHS, month_day
from .places import CITIES, draw_address
from .world import DAYS, World

DEPOSIT_TEXT = ("Storting", "Storting contant geld", "Kasstorting", "Storting automaat")


def _instance(w: World, typology: str, g: dict, ids: list[str], **extra) -> None:
    w.instances.append({"typology": typology, "group": g["group"], "payments": ids, **extra})


def structuring(w: World, g: dict) -> None:
    rng = w.rng
    pool = g["money_mules"] + g["straw_men"] + g["fronts"]
    accounts = [w.holdings[t][-1] for t in rng.sample(pool, rng.randint(3, min(6, len(pool))))]
    start = rng.randint(0, DAYS - 30)
    ids = []
    for _ in range(rng.randint(6, 14)):
        amount = rng.randint(8000, 9950) + rng.choice((0, 0, rng.randint(1, 99) / 100))
        city = rng.choice(CITIES)[0]
        text = rng.choice(DEPOSIT_TEXT) + (f" {city}" if rng.random() < 0.3 else "")
        ids.append(w.pay(w.when(start, start + rng.randint(7, 25)), "", rng.choice(accounts),
                         amount, "Storting", text))
    _instance(w, "structuring", g, ids)


def layering(w: World, g: dict) -> None:
    rng = w.rng
    chain = rng.sample(g["fronts"] + [g["holding"], g["trade"]], 3) + [g["foreign"]]
    if rng.random() < 0.5:
        chain.append(rng.choice(g["straw_men"]))
    amount = rng.randint(40, 250) * 1000 + rng.randint(0, 999)
    ts = w.when(0, DAYS - 20)
    ids = []
    for a, b in pairwise(chain):
        text = rng.choice(("Doorbelasting kosten", "Managementfee", "Lening rekening-courant",
                           "Consultancy werkzaamheden", "Voorschot project"))
        ids.append(w.pay(ts, w.account(a), w.account(b), amount, "Overschrijving", text))
        amount *= 1 - rng.uniform(0.005, 0.03)
        ts += timedelta(hours=rng.randint(3, 72))
    _instance(w, "layering", g, ids, hops=len(ids))


def scatter_gather(w: World, g: dict) -> None:
    rng = w.rng
    source = rng.choice(g["fronts"] + [g["trade"]])
    sink = rng.choice([g["foreign"], *g["straw_men"]])
    mules = rng.sample(g["money_mules"], min(len(g["money_mules"]), rng.randint(4, 7)))
    ts = w.when(0, DAYS - 10)
    ids = []
    for m in mules:
        amount = rng.randint(2500, 9000)
        ids.append(w.pay(ts + timedelta(minutes=rng.randint(0, 600)), w.account(source),
                         w.account(m), amount, "Overschrijving",
                         rng.choice(("Loon", "Voorschot", "Vergoeding werkzaamheden"))))
        ids.append(w.pay(ts + timedelta(hours=rng.randint(20, 72)), w.account(m),
                         w.account(sink), amount * rng.uniform(0.93, 0.99), "Online bankieren",
                         rng.choice(("Terugbetaling", "Lening", "Gift", "Auto"))))
    _instance(w, "scatter_gather", g, ids)


def funnel(w: World, g: dict) -> None:
    """Mules in several cities deposit cash and wire it on to one funnel account."""
    rng = w.rng
    sink = rng.choice([g["foreign"], g["trade"]])
    ts = w.when(0, DAYS - 10)
    ids = []
    for m in rng.sample(g["money_mules"], min(len(g["money_mules"]), rng.randint(4, 7))):
        acct = w.holdings[m][-1]
        amount = rng.randint(3000, 9500)
        when = ts + timedelta(hours=rng.randint(0, 48))
        ids.append(w.pay(when, "", acct, amount, "Storting", rng.choice(DEPOSIT_TEXT)))
        ids.append(w.pay(when + timedelta(hours=rng.randint(1, 30)), acct, w.account(sink),
                         amount - rng.randint(0, 150), "Overschrijving",
                         rng.choice(("Betaling factuur", "Bestelling", "Aflossing"))))
    _instance(w, "funnel", g, ids)


def trade_based(w: World, g: dict) -> None:
    """Over-invoiced imports: 2-6x the market unit price or round sums, with container numbers."""
    rng = w.rng
    ids = []
    for _ in range(rng.randint(3, 6)):
        qty = rng.randint(5, 40)
        if rng.random() < 0.5:
            amount = float(rng.randint(3, 15) * 10_000)
        else:
            amount = qty * 1000 * g["unit_price"] * rng.uniform(2.0, 6.0)
        container = "".join(rng.choice("MSKUTZCGHL") for _ in range(4)) + str(rng.randint(1000000, 9999999))
        ids.append(w.pay(w.when(), w.account(g["trade"]), w.account(g["foreign"]), amount,
                         "Overschrijving", f"Factuur INV-{rng.randint(2024, 2025)}-{rng.randint(1000, 9999)} "
                         f"{g['goods']} {qty} pallets container {container}"))
    _instance(w, "trade_based", g, ids)


def _seller(w: World) -> str:
    return w.rng.choice([p.tid for p in w.persons.values() if p.role == "background"])


def _notary(w: World) -> str:
    return w.holdings[w.rng.choice([c.tid for c in w.companies.values() if c.kind == "notary"])][-1]


def _property(w: World, g: dict, kind: str, owner: str, seller: str, bought: datetime,
              price: float, *, extra: list | None = None, address=None,
              beneficiary: str | None = None) -> dict:
    """A property the group controls; ``address`` is where its user lives or works."""
    addr = address or draw_address(w.rng, w.next_id("adr-"))
    history = [(seller, date(2010, 6, 1), bought.date(), None)] + (extra or [])
    history.append((owner, bought.date(), None, price))
    estate = {"eid": w.next_id("E"), "address": addr, "kind": kind, "history": history}
    w.estates.append(estate)
    w.assets.append({"asset": estate["eid"], "kind": "real_estate", "value": price,
                     "owner": beneficiary or g["kingpin"], "group": g["group"]})
    return estate


def own_company_purchase(w: World, g: dict) -> None:
    """Fronts fund the holding, the holding lends to the property BV, which buys the villa."""
    rng = w.rng
    price = rng.randint(85, 240) * 10_000
    ts = w.when(30, DAYS - 40)
    ids, parts = [], []
    remaining = price
    for f in g["fronts"] + [g["trade"]]:
        part = round(price / 3 + rng.randint(0, 20_000)) if f != g["trade"] else remaining
        part = min(part, remaining)
        remaining -= part
        parts.append(part)
        ids.append(w.pay(ts - timedelta(days=rng.randint(5, 25)), w.account(f), w.account(g["holding"]),
                         part, "Overschrijving", rng.choice(("Rekening-courant", "Dividenduitkering", "Agiostorting"))))
    ids.append(w.pay(ts - timedelta(days=3), w.account(g["holding"]), w.account(g["vastgoed"]),
                     price, "Overschrijving", "Lening rekening-courant"))
    notary = _notary(w)
    seller = _seller(w)
    # the kingpin lives in the villa (the BRP registers him there) and pays rent to the BV
    estate = _property(w, g, "villa", g["vastgoed"], seller, ts, price,
                       address=w.persons[g["kingpin"]].address)
    ids.append(w.pay(ts, w.account(g["vastgoed"]), notary, price, "Overschrijving",
                     f"Koopsom {estate['address'].street} {estate['address'].number}"))
    ids.append(w.pay(ts + timedelta(days=1), notary, w.account(seller), price, "Overschrijving",
                     "Uitbetaling koopsom"))
    _instance(w, "real_estate", g, ids, variant="own_company_purchase", estate=estate["eid"])


def loan_back(w: World, g: dict) -> None:
    """A foreign company 'lends' the money for a nominee's flat, where a lieutenant lives;
    interest flows back."""
    rng = w.rng
    nominee = rng.choice(g["straw_men"])
    user = w.persons[rng.choice(g["lieutenants"])]
    price = rng.randint(30, 70) * 10_000
    ts = w.when(20, DAYS - 120)
    ids = [w.pay(ts - timedelta(days=10), w.account(g["foreign"]), w.account(nominee), price,
                 "Overschrijving", "Lening conform overeenkomst d.d. " + (ts - timedelta(days=40)).strftime("%d-%m-%Y"))]
    notary, seller = _notary(w), _seller(w)
    estate = _property(w, g, "appartement", nominee, seller, ts, price, address=user.address,
                       beneficiary=user.tid)
    ids.append(w.pay(ts, w.account(nominee), notary, price, "Overschrijving", "Koopsom appartement"))
    ids.append(w.pay(ts + timedelta(days=1), notary, w.account(seller), price, "Overschrijving",
                     "Uitbetaling koopsom"))
    for m in range(1, 4):
        ids.append(w.pay(ts + timedelta(days=30 * m), w.account(nominee), w.account(g["foreign"]),
                         round(price * 0.06 / 12, 2), "Overschrijving", f"Rente lening {MONTHS[(ts.month + m - 1) % 12]}"))
    _instance(w, "real_estate", g, ids, variant="loan_back", estate=estate["eid"])


def abc_resale(w: World, g: dict) -> None:
    """A -> B (a front buys at market) -> C (the property BV pays far more) within months."""
    rng = w.rng
    a = _seller(w)
    b, c = rng.choice(g["fronts"] + [g["trade"]]), g["vastgoed"]
    p1 = rng.randint(25, 60) * 10_000
    p2 = round(p1 * rng.uniform(1.3, 1.9), -3)
    t1 = w.when(10, DAYS - 160)
    t2 = t1 + timedelta(days=rng.randint(45, 150))
    notary = _notary(w)
    ids = [w.pay(t1, w.account(b), notary, p1, "Overschrijving", "Koopsom bedrijfspand"),
           w.pay(t1 + timedelta(days=1), notary, w.account(a), p1, "Overschrijving", "Uitbetaling koopsom"),
           w.pay(t2 - timedelta(days=6), w.account(g["holding"]), w.account(c), p2,
                 "Overschrijving", "Kapitaalstorting"),
           w.pay(t2, w.account(c), notary, p2, "Overschrijving", "Koopsom bedrijfspand"),
           w.pay(t2 + timedelta(days=1), notary, w.account(b), p2, "Overschrijving", "Uitbetaling koopsom")]
    estate = _property(w, g, "bedrijfspand", c, a, t2, p2, extra=[(b, t1.date(), t2.date(), p1)],
                       address=w.companies[b].address)  # the front works from the premises
    estate["history"][0] = (a, date(2008, 3, 1), t1.date(), None)
    _instance(w, "real_estate", g, ids, variant="abc_resale", estate=estate["eid"])


def group_money(w: World, g: dict) -> None:
    """Front takings, fake wages for the family, facilitators' fees, phone subscriptions."""
    rng = w.rng
    k = w.persons[g["kingpin"]]
    spouse = next(b for a, b, r in w.families if a == k.tid and r == "partner")
    for f in g["fronts"]:
        for week in range(52):
            for _ in range(rng.randint(2, 4)):
                w.pay(w.when(week * 7, min(DAYS - 1, week * 7 + 6)), "", w.account(f),
                      rng.randint(900, 5200), "Storting", "Storting dagomzet")
    for m in range(12):
        w.pay(month_day(m, 25), w.account(g["fronts"][0]), w.account(spouse), 4250.0,
              "Overschrijving", f"Salaris {MONTHS[month_day(m, 1).month - 1]}")
        for lt in g["lieutenants"]:
            w.pay(month_day(m, 25, 10), w.account(g["fronts"][-1]), w.account(lt),
                  rng.choice((2800.0, 3100.0, 3500.0)), "Overschrijving", "Salaris")
    for fac in w.facilitators:
        if g["group"] not in fac["groups"]:
            continue
        target = w.account(fac["firm"] or fac["person"])
        sub = fac["subtype"]
        for q in range(4):
            if sub in ("accountant", "trust_office"):
                payer = g["holding"] if sub == "trust_office" else rng.choice(g["fronts"])
                w.pay(month_day(q * 3 + 1, 15), w.account(payer), target, rng.randint(2, 9) * 1000.0,
                      "Overschrijving", f"Factuur {rng.randint(100, 999)} {'beheer' if sub == 'trust_office' else 'administratie'} Q{q + 1}")
            elif sub in ("cryptophone", "it_hosting"):
                for p in rng.sample(g["lieutenants"] + g["money_mules"], 2):
                    w.pay(month_day(q * 3, rng.randint(1, 28)), w.account(p), target,
                          rng.choice((1250.0, 1500.0, 1750.0)), "iDEAL", "Abonnement 6 mnd")
            elif sub == "transport":
                w.pay(month_day(q * 3 + 2, 10), w.account(g["trade"]), target,
                      rng.randint(3000, 14000) + 0.5, "Overschrijving", f"Vrachtkosten rit {rng.randint(1000, 9999)}")
            else:
                w.pay(month_day(q * 3 + 2, 3), w.account(rng.choice(g["money_mules"])), target,
                      rng.randint(20, 45) * 100.0, "Online bankieren", "lening")


def launder(w: World, g: dict, reps: dict[str, int]) -> None:
    for fn, n in ((structuring, reps["structuring"]), (layering, reps["layering"]),
                  (scatter_gather, reps["scatter_gather"]), (funnel, reps["funnel"]),
                  (trade_based, reps["trade_based"]), (own_company_purchase, 1),
                  (loan_back, reps["loan_back"]), (abc_resale, reps["abc_resale"])):
        for _ in range(n):
            fn(w, g)
