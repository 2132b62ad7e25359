"""The true world: households, firms, criminal groups, shared facilitators and their assets.

Group structure follows the network literature on organised crime: the leader keeps
distance from the work and talks to a few lieutenants (Morselli 2009, "Inside Criminal
Networks"; the CAVIAR network's Serero), lieutenants run the workers, and facilitators are
professionals who sell the same service to several groups (Kleemans & Van de Bunt 1999;
Europol SOCTA 2021 on "crime as a service"). Assets are held the ways FATF's guidance on
beneficial ownership (2014, 2019) describes: own holding chains, foundations with a relative on
the board, and nominees (straw men) with no income of their own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .names import FEMALE, MALE, SURNAMES, Human, bsn, iban, mobile, new_address

SIZES = {"small": {"households": 260, "groups": 4, "workers": (6, 10), "firms": 70},
         "full": {"households": 2000, "groups": 10, "workers": (8, 14), "firms": 500}}


@dataclass
class Firm:
    cid: str
    name: str
    kvk: str
    form: str                 # BV, Stichting, VOF, Eenmanszaak, Ltd, FZE
    kind: str                 # shop, employer, transport, accountancy, front, holding, ...
    address: str
    city: str
    founded: str
    country: str = "NL"
    directors: list[str] = field(default_factory=list)
    shareholders: list[tuple[str, float]] = field(default_factory=list)
    ubo: list[str] = field(default_factory=list)
    group: int | None = None


@dataclass
class Group:
    idx: int
    kingpin: str
    lieutenants: list[str]
    workers: list[str]
    nominee: str                       # relative who signs for the kingpin
    firms: list[str] = field(default_factory=list)
    mules: list[str] = field(default_factory=list)


@dataclass
class Asset:
    aid: str
    kind: str                 # house, apartment, car
    value: float
    label: str                # address or licence plate
    holder: str               # registered owner (person or firm id)
    true_owner: str
    bought: str
    group: int | None = None
    model: str = ""


@dataclass
class World:
    rng: random.Random
    size: str
    humans: dict[str, Human] = field(default_factory=dict)
    households: list[list[str]] = field(default_factory=list)
    firms: dict[str, Firm] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    facilitators: dict[str, tuple[str, list[int]]] = field(default_factory=dict)
    accounts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # owner -> (iban, bank)
    assets: list[Asset] = field(default_factory=list)
    lookalikes: dict[str, list[str]] = field(default_factory=dict)
    employer: dict[str, str] = field(default_factory=dict)
    clients: dict[str, list[str]] = field(default_factory=dict)

    def adults(self) -> list[str]:
        return [t for t, h in self.humans.items() if h.dob < "2007-01-01"]

    def account(self, owner: str) -> str:
        return self.accounts[owner][0][0]


def _date(rng: random.Random, y0: int, y1: int) -> str:
    return f"{rng.randint(y0, y1)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _human(w: World, *, surname: tuple[str, str], gender: str, born: tuple[int, int],
           address: str, city: str) -> Human:
    rng = w.rng
    pool = MALE if gender == "male" else FEMALE
    names = list(pool)
    first = rng.choice(names)
    given = [first] + ([rng.choice(names)] if rng.random() < 0.45 else [])
    tid = f"TP{len(w.humans) + 1:05d}"
    h = Human(tid, given, pool[first], surname[0], surname[1], gender, _date(rng, *born),
              address, city, bsn(rng), mobile(rng))
    w.humans[tid] = h
    return h


def _households(w: World, n: int) -> None:
    rng = w.rng
    for _ in range(n):
        address, city = new_address(rng)
        sur = rng.choice(SURNAMES)
        size = rng.choices([1, 2, 3, 4, 5], [28, 30, 16, 18, 8])[0]
        head = _human(w, surname=sur, gender=rng.choice(["male", "female"]), born=(1950, 1990),
                      address=address, city=city)
        members = [head.tid]
        if size >= 2:
            partner_sur = sur if rng.random() < 0.5 else rng.choice(SURNAMES)
            members.append(_human(w, surname=partner_sur,
                                  gender="female" if head.gender == "male" else "male",
                                  born=(1950, 1990), address=address, city=city).tid)
        for _ in range(size - 2):
            y = int(head.dob[:4])
            child = _human(w, surname=sur, gender=rng.choice(["male", "female"]),
                           born=(min(y + 20, 2012), min(y + 35, 2012)), address=address, city=city)
            if child.gender == head.gender and rng.random() < 0.25:  # namesake son/daughter
                child.given, child.call = list(head.given), head.call
                head.suffix, child.suffix = "sr.", "jr."
            members.append(child.tid)
        w.households.append(members)


def _firm(w: World, kind: str, name: str, form: str, *, country: str = "NL",
          group: int | None = None) -> Firm:
    rng = w.rng
    address, city = new_address(rng)
    cid = f"TC{len(w.firms) + 1:04d}"
    kvk = f"{rng.randint(10_000_000, 99_999_999)}" if country == "NL" else ""
    f = Firm(cid, name, kvk, form, kind, address, city, _date(rng, 1995, 2022), country,
             group=group)
    w.firms[cid] = f
    return f


FIRM_NAMES = {"shop": ["Snackbar {}", "Supermarkt {}", "Bakkerij {}", "Kapsalon {}", "Belwinkel {}"],
              "employer": ["{} Bouw", "{} Installatietechniek", "{} Zorg", "{} Logistiek Services",
                           "{} Schoonmaak", "{} IT Diensten"],
              "transport": ["Transportbedrijf {}", "{} Expeditie"],
              "landlord": ["Woningstichting {}", "{} Vastgoedbeheer"]}


def _background_firms(w: World, n: int) -> None:
    rng = w.rng
    adults = w.adults()
    kinds = ["shop"] * 4 + ["employer"] * 4 + ["transport", "landlord"]
    for i in range(n):
        kind = kinds[i % len(kinds)]
        owner = w.humans[rng.choice(adults)]
        name = rng.choice(FIRM_NAMES[kind]).format(owner.surname if i % 3 else rng.choice(
            ["Noord", "Centrum", "West", "Delta", "Maas", "Polder", "Zuid"]))
        form = "Eenmanszaak" if kind == "shop" and rng.random() < 0.5 else "BV"
        f = _firm(w, kind, f"{name} {form}" if form == "BV" else name, form)
        f.directors.append(owner.tid)
        f.shareholders.append((owner.tid, 100.0))
        f.ubo.append(owner.tid)
    # look-alikes: a busy accountant, busy cash shops, a big carrier, a payroll agency
    acc = w.humans[rng.choice(adults)]
    office = _firm(w, "accountancy", f"Administratiekantoor {acc.surname} BV", "BV")
    office.directors.append(acc.tid)
    office.shareholders.append((acc.tid, 100.0))
    office.ubo.append(acc.tid)
    w.lookalikes["accountant"] = [acc.tid]
    w.lookalikes["busy_shops"] = [f.cid for f in w.firms.values() if f.kind == "shop"][:5]
    carrier = [f.cid for f in w.firms.values() if f.kind == "transport"]
    w.lookalikes["carrier"] = carrier[:1]
    agency = _firm(w, "payroll", "Flexwerk Uitzendbureau BV", "BV")
    agency.directors.append(rng.choice(adults))
    w.lookalikes["payroll"] = [agency.cid]
    w.lookalikes["phone_repair"] = [_firm(w, "shop", "GSM Reparatie Centrum", "Eenmanszaak").cid]
    notary = _firm(w, "notary", "Notariskantoor Van Wijk & De Graaf", "BV")
    notary.directors.append(rng.choice(adults))
    w.lookalikes["notary"] = [notary.cid]
    w.lookalikes["suppliers"] = [_firm(w, "supplier", "Großhandel Rhein-Ruhr GmbH", "GmbH",
                                       country="DE").cid,
                                 _firm(w, "supplier", "Vlaamse Groothandel NV", "NV",
                                       country="BE").cid]
    w.firms[w.lookalikes["phone_repair"][0]].directors.append(rng.choice(adults))
    employers = [f.cid for f in w.firms.values() if f.kind in ("employer", "transport", "payroll")]
    for t in adults:
        if w.humans[t].dob < "2004-01-01" and rng.random() < 0.62:
            w.employer[t] = rng.choice(employers)
    smes = [f.cid for f in w.firms.values() if f.kind in ("shop", "employer", "transport")]
    w.clients[acc.tid] = smes[: max(20, len(smes) * 2 // 3)]


def _group(w: World, idx: int, workers: int) -> Group:
    rng = w.rng

    def recruit(born: tuple[int, int], gender: str = "male") -> Human:
        address, city = new_address(rng)
        h = _human(w, surname=rng.choice(SURNAMES), gender=gender, born=born, address=address,
                   city=city)
        w.households.append([h.tid])
        h.group = idx
        h.extra_phones.append(mobile(rng))  # a prepaid number for the business
        return h

    kp = recruit((1962, 1985))
    kp.role = "kingpin"
    partner = _human(w, surname=rng.choice(SURNAMES), gender="female", born=(1965, 1990),
                     address=kp.address, city=kp.city)
    w.households[-1].append(partner.tid)
    lts = []
    for _ in range(rng.randint(2, 3)):
        h = recruit((1975, 1995))
        h.role = "lieutenant"
        lts.append(h.tid)
    ws = []
    for _ in range(workers):
        h = recruit((1990, 2005))
        h.role = "worker"
        ws.append(h.tid)
    g = Group(idx, kp.tid, lts, ws, partner.tid)
    # firms: a front business run by a lieutenant, a holding and a property firm of the kingpin,
    # a foundation with the partner on its board, an import firm, and a foreign counterparty
    front = _firm(w, "front", rng.choice(["Carwash {}", "Shisha Lounge {}", "Autobedrijf {}"])
                  .format(w.humans[lts[0]].surname) + " BV", "BV", group=idx)
    front.directors.append(lts[0])
    hold = _firm(w, "holding", f"{kp.surname} Holding BV", "BV", group=idx)
    hold.directors.append(kp.tid)
    hold.shareholders.append((kp.tid, 100.0))
    hold.ubo.append(kp.tid)
    front.shareholders.append((hold.cid, 100.0))
    front.ubo.append(kp.tid)
    prop = _firm(w, "realestate", rng.choice(["Vastgoed {}", "{} Real Estate", "Maasvast {}"])
                 .format(rng.choice(["Noord", "Oost", "Delta", "Prime", "Kade"])) + " BV", "BV",
                 group=idx)
    prop.shareholders.append((hold.cid, 100.0))
    prop.ubo.append(kp.tid)
    found = _firm(w, "foundation", f"Stichting {rng.choice(['Familiebelang', 'Beheer', 'Vermogen'])}"
                  f" {partner.surname}", "Stichting", group=idx)
    found.directors.append(partner.tid)
    found.ubo.append(partner.tid)  # pseudo-UBO: the board, as the register allows
    imp = _firm(w, "import", f"{rng.choice(['Agro', 'Fresh', 'Global', 'Euro'])} "
                f"{rng.choice(['Fruit', 'Trading', 'Food', 'Import'])} {idx + 1} BV", "BV", group=idx)
    imp.directors.append(lts[-1])
    imp.shareholders.append((hold.cid, 100.0))
    imp.ubo.append(kp.tid)
    country = rng.choice(["AE", "TR", "CY", "PA"])
    foreign = _firm(w, "foreign", f"{rng.choice(['Gulf', 'Bosphorus', 'Levant', 'Isthmus'])} "
                    f"General Trading {'FZE' if country == 'AE' else 'Ltd'}",
                    "FZE" if country == "AE" else "Ltd", country=country, group=idx)
    g.firms = [front.cid, hold.cid, prop.cid, found.cid, imp.cid, foreign.cid]
    return g


def _facilitators(w: World) -> None:
    """Each facilitator serves two or three groups and also has ordinary customers."""
    rng = w.rng
    n = len(w.groups)
    plan = [("financial", "accountancy", "Fiscaal Advies {} BV"), ("financial", "recruiter", ""),
            ("digital", "phone_shop", "Secure Mobile {}"), ("logistics", "transport",
                                                            "{} Transport & Logistiek BV"),
            ("logistics", "port", "")]
    per_type = max(1, n // 4)
    adults = [t for t in w.adults() if w.humans[t].group is None and w.humans[t].dob < "1995-01-01"]
    rng.shuffle(adults)
    nominees = {g.nominee for g in w.groups}
    for kind, business, fname in plan:
        for _ in range(per_type):
            tid = adults.pop()
            while tid in nominees:  # a kingpin's partner is family, not a service provider
                tid = adults.pop()
            served = sorted(rng.sample(range(n), k=min(n, rng.randint(2, 3))))
            w.facilitators[tid] = (kind, served)
            w.humans[tid].role = f"{kind}_facilitator:{business}"
            if fname:
                f = _firm(w, business, fname.format(w.humans[tid].surname), "BV")
                f.directors.append(tid)
                f.shareholders.append((tid, 100.0))
                f.ubo.append(tid)
                w.clients[tid] = [w.groups[g].firms[0] for g in served]
                if business == "accountancy":  # the trust office also sits on group boards
                    for g in served:
                        w.firms[w.groups[g].firms[2]].directors.append(tid)


def _mules(w: World) -> None:
    rng = w.rng
    young = [t for t, h in w.humans.items() if h.group is None and "2000-01-01" <= h.dob
             <= "2006-06-01" and t not in w.facilitators]
    rng.shuffle(young)
    recruiters = [t for t, h in w.humans.items() if h.role.endswith(":recruiter")]
    for r in recruiters:
        for g in w.facilitators[r][1]:
            w.groups[g].mules = [young.pop() for _ in range(rng.randint(4, 6)) if young]


def _accounts(w: World) -> None:
    rng = w.rng
    number = 100_000
    for t in w.adults():
        bank = "NOBA" if rng.random() < 0.55 else "ZUBA"
        number += rng.randint(1, 900)
        w.accounts[t] = [(iban(bank, number), bank)]
    for f in w.firms.values():
        number += rng.randint(1, 900)
        if f.country == "NL":
            bank = "NOBA" if rng.random() < 0.5 else "ZUBA"
            w.accounts[f.cid] = [(iban(bank, number), bank)]
        else:
            code = {"AE": "0331", "TR": "0006", "CY": "0020", "PA": "0001", "DE": "3705",
                    "BE": "0012"}[f.country]
            w.accounts[f.cid] = [(f"{f.country}-{code}-{number:012d}", "foreign")]


def build(size: str, seed: int) -> World:
    cfg = SIZES[size]
    w = World(random.Random(seed), size)
    _households(w, cfg["households"])
    _background_firms(w, cfg["firms"])
    for i in range(cfg["groups"]):
        w.groups.append(_group(w, i, w.rng.randint(*cfg["workers"])))
    _facilitators(w)
    _mules(w)
    _accounts(w)
    return w
