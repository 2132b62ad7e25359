"""Criminal groups, their company structures and assets, and the facilitators they share.

After the network literature (Morselli 2009; Duijn et al. 2014 on Dutch cannabis networks):
the kingpin keeps distance — few calls, meetings with lieutenants and advisers — while the
lieutenants run the cells and are the best-connected members. Beneficial ownership runs
through depositary receipts of a STAK (Stichting Administratiekantoor): the registers show a
chain of 100 % shareholdings ending at a BV that owns the villa, and the UBO register names a
pseudo-UBO (a senior manager), never the receipt holder.
"""

from __future__ import annotations

from datetime import date, timedelta

from .places import CITIES, draw_plate
from .population import make_company, make_person
from .world import Company, Person, World

FRONT_SECTORS = (("Shisha lounge {s}", "Cafés"), ("Autowasstraat {s}", "Autowasserijen"),
                 ("Nagelstudio {s}", "Schoonheidsverzorging"), ("Cafetaria {s}", "Snackbars, ijssalons e.d."),
                 ("Belwinkel {s}", "Detailhandel in telecommunicatieapparatuur"))
TRADE_FRONTS = (("{s} Agro Import B.V.", "Groothandel in groenten en fruit", "bananen", 14.0),
                ("{s} Bouwmaterialen B.V.", "Groothandel in bouwmaterialen", "tegels", 9.0),
                ("{s} Textiel B.V.", "Import en export van textiel", "kleding", 6.0))
FOREIGN = (("ae", "AE", "General Trading LLC"), ("tr", "TR", "Dis Ticaret Ltd. Sti."),
           ("cy", "CY", "Holdings Ltd"), ("es", "ES", "Comercial S.L."), ("be", "BE", "BVBA"),
           ("lu", "LU", "S.a r.l."))
CARS = (("Range Rover Sport", 145_000), ("Porsche Cayenne", 125_000), ("Mercedes-Benz G 63", 210_000),
        ("Audi RS6", 135_000), ("BMW X5", 95_000), ("Volkswagen Golf", 32_000),
        ("Lamborghini Urus", 260_000))
FACILITATORS = (  # type, subtype, profession, firm pattern, sector, legal form
    ("financial", "accountant", "boekhouder", "Administratiekantoor {s}",
     "Administratie en belastingadvies", "Eenmanszaak"),
    ("financial", "trust_office", "trustdirecteur", "{s} Trust & Management B.V.",
     "Trustkantoren", "Besloten Vennootschap"),
    ("digital", "cryptophone", "eigenaar telefoonwinkel", "GSM Point {s}",
     "Reparatie van communicatieapparatuur", "Eenmanszaak"),
    ("logistics", "transport", "transportondernemer", "Transportbedrijf {s}",
     "Goederenvervoer over de weg", "Eenmanszaak"),
    ("logistics", "port_insider", "planner containerterminal", None, None, None),
    ("digital", "it_hosting", "ICT-consultant", "{s} Hosting & Security",
     "Webhosting, webportals en datacenters", "Eenmanszaak"),
    ("financial", "accountant", "belastingadviseur", "{s} Fiscaal Advies",
     "Accountancy", "Eenmanszaak"),
)


def build_group(w: World, gid: str, size_factor: float) -> dict:
    rng = w.rng
    city = rng.choice(CITIES)
    k = make_person(w, city=city, role="kingpin", age=(36, 62))
    k.group, k.profession = gid, None
    spouse = make_person(w, address=k.address, age=(30, 60), female=not k.female)
    w.families.append((k.tid, spouse.tid, "partner"))
    lts = [make_person(w, city=city if rng.random() < 0.7 else None, role="lieutenant", age=(26, 50))
           for _ in range(rng.choice((2, 3, 3)))]
    steps = ("import", "opslag", "koerier", "verkoop", "geldophaler")
    cells: dict[str, list[Person]] = {}
    for lt in lts:
        cell = []
        for _ in range(max(3, round(rng.randint(4, 7) * size_factor))):
            p = make_person(w, city=city if rng.random() < 0.6 else None, role="worker", age=(19, 45))
            p.step = rng.choice(steps)
            cell.append(p)
        cells[lt.tid] = cell
    mules = [make_person(w, role="money_mule", age=(18, 26)) for _ in range(rng.randint(4, 7))]
    straw = [make_person(w, role="straw_man", age=(45, 75)) for _ in range(rng.randint(2, 4))]
    family_straw = rng.choice(straw)  # a brother-in-law as nominee
    w.families.append((k.tid, family_straw.tid, "zwager"))
    members = [k, *lts, *(p for c in cells.values() for p in c), *mules, *straw]
    for p in members:
        p.group = gid
        if p.role in ("money_mule", "straw_man"):
            p.profession = rng.choice((None, "student", "uitkeringsgerechtigde"))
        if p.tid not in w.holdings:
            w.open_account(p.tid)
    for m in mules:
        w.open_account(m.tid)  # mules hold accounts at two banks
    group = {"group": gid, "city": city[0], "kingpin": k.tid, "lieutenants": [p.tid for p in lts],
             "cells": {lt: [p.tid for p in c] for lt, c in cells.items()},
             "money_mules": [p.tid for p in mules], "straw_men": [p.tid for p in straw],
             "facilitators": []}
    build_structure(w, group, k, straw)
    w.groups.append(group)
    return group


def build_structure(w: World, group: dict, k: Person, straw: list[Person]) -> None:
    """STAK -> holding -> property BV; fronts; a trading front and its foreign counterpart."""
    rng, gid = w.rng, group["group"]
    neutral = rng.choice(("Zeester", "Horizon", "Noorderlicht", "Eikenhof", "Vivaldi", "Orion",
                          "Kempen", "Duinzicht", "Polaris", "Avalon"))
    stak = make_company(w, "stak", name=f"Stichting Administratiekantoor {neutral}",
                        sector="Administratiekantoren", legal_form="Stichting", group=gid)
    holding = make_company(w, "holding", name=f"{neutral} Holding B.V.", group=gid,
                           sector="Financiële holdings")
    vastgoed = make_company(w, "property_bv", name=f"{neutral} Vastgoed B.V.", group=gid,
                            sector="Verhuur en handel van onroerend goed")
    w.receipts.append((k.tid, stak.tid))
    w.shares += [(stak.tid, holding.tid, 100.0, "aandeelhouder"),
                 (holding.tid, vastgoed.tid, 100.0, "aandeelhouder")]
    s0, s1 = straw[0], straw[-1]
    w.directors += [(s0.tid, stak.tid, "bestuurder", stak.founded),
                    (s0.tid, holding.tid, "bestuurder", holding.founded),
                    (s1.tid, vastgoed.tid, "bestuurder", vastgoed.founded)]
    w.ubo += [(s0.tid, holding.tid, "pseudo-UBO (hoger leidinggevend personeel)"),
              (s1.tid, vastgoed.tid, "pseudo-UBO (hoger leidinggevend personeel)")]
    fronts = []
    for name, sector in rng.sample(FRONT_SECTORS, 2):
        owner = rng.choice(straw)
        f = make_company(w, "front", owner=owner, name=name.format(s=owner.name.surname),
                         sector=sector, legal_form="Eenmanszaak", group=gid)
        fronts.append(f)
    tname, tsector, goods, unit = rng.choice(TRADE_FRONTS)
    trade = make_company(w, "trade_front", name=tname.format(s=neutral), sector=tsector, group=gid)
    w.shares.append((holding.tid, trade.tid, 100.0, "aandeelhouder"))
    w.directors.append((straw[rng.randrange(len(straw))].tid, trade.tid, "bestuurder", trade.founded))
    country, _code, suffix = rng.choice(FOREIGN)
    foreign = make_company(w, "foreign", name=f"{neutral} {suffix}", sector="Trading",
                           country=country, group=gid)
    group.update(stak=stak.tid, holding=holding.tid, vastgoed=vastgoed.tid,
                 fronts=[f.tid for f in fronts], trade=trade.tid, foreign=foreign.tid,
                 goods=goods, unit_price=unit, companies=[stak.tid, holding.tid, vastgoed.tid,
                                                          *(f.tid for f in fronts), trade.tid, foreign.tid])


def build_facilitators(w: World, n: int) -> None:
    """``n`` facilitators, each serving two or three groups, with a professional footprint."""
    rng = w.rng
    terminal = make_company(w, "terminal", name="Delta Container Terminal B.V.",
                            sector="Laad-, los- en overslagactiviteiten", city=CITIES[1])
    for i in range(n):
        ftype, sub, prof, pattern, sector, form = FACILITATORS[i % len(FACILITATORS)]
        p = make_person(w, role="facilitator", age=(30, 64))
        p.fac_type, p.profession = ftype, prof
        w.open_account(p.tid)
        served = rng.sample(w.groups, min(len(w.groups), rng.choice((2, 2, 3))))
        firm = None
        if pattern is None:
            w.employment.append((p.tid, terminal.tid))
        else:
            firm = make_company(w, f"facilitator:{sub}", owner=p, name=pattern.format(s=p.name.surname),
                                sector=sector, legal_form=form)
            for _ in range(rng.randint(2, 6)):  # legitimate clients as well
                client = rng.choice([c for c in w.companies.values() if c.kind == "employer"])
                w.benign.append({"kind": "facilitator_legit_client", "client": client.tid,
                                 "firm": firm.tid})
        fac = {"person": p.tid, "type": ftype, "subtype": sub, "firm": firm.tid if firm else None,
               "groups": [g["group"] for g in served]}
        w.facilitators.append(fac)
        for g in served:
            g["facilitators"].append(p.tid)
            if sub == "trust_office" and firm is not None:  # the trust office runs the STAK
                w.directors.append((p.tid, g["stak"], "bestuurder", date(2021, 5, 1)))


def build_assets(w: World, group: dict) -> None:
    """Cars registered to fronts and nominees but driven by the bosses; property is added by
    the real-estate typologies in ``laundering.py``."""
    rng = w.rng
    k = group["kingpin"]
    holders = group["fronts"] + group["straw_men"] + [group["holding"]]
    for model, value in rng.sample(CARS[:5] + CARS[6:], 2):
        vid = w.next_id("V")
        w.vehicles.append({"vid": vid, "plate": draw_plate(rng, w.used), "model": model,
                           "value": value, "holder": rng.choice(holders), "driver": k,
                           "since": date(2023, rng.randint(1, 12), rng.randint(1, 28))})
        w.assets.append({"asset": vid, "kind": "vehicle", "value": value, "owner": k,
                         "group": group["group"]})
    for lt in group["lieutenants"]:
        model, value = rng.choice(CARS[:5])
        vid = w.next_id("V")
        holder = rng.choice(group["money_mules"])
        w.vehicles.append({"vid": vid, "plate": draw_plate(rng, w.used), "model": model,
                           "value": value, "holder": holder, "driver": lt,
                           "since": date(2023, rng.randint(1, 12), rng.randint(1, 28))})
        w.assets.append({"asset": vid, "kind": "vehicle", "value": value, "owner": lt,
                         "group": group["group"]})


def build_family_cars(w: World) -> None:
    """Ordinary cars, registered to and driven by the same person."""
    rng = w.rng
    for p in list(w.persons.values())[::6]:
        if p.role == "background":
            w.vehicles.append({"vid": w.next_id("V"), "plate": draw_plate(rng, w.used),
                               "model": rng.choice(("Toyota Yaris", "Kia Picanto", "Opel Corsa",
                                                    "Skoda Octavia", "Volkswagen Polo")),
                               "value": rng.randint(8, 30) * 1000, "holder": p.tid,
                               "driver": p.tid,
                               "since": date(2020, 1, 1) + timedelta(days=rng.randrange(1400))})


def company(w: World, tid: str) -> Company:
    return w.companies[tid]
