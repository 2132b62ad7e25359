"""The criminal layer: groups along the drug business process, shared facilitators, and the
companies, real estate and cars that kingpins control through straw men and trust offices.
"""

from __future__ import annotations

import random
from datetime import date

from offensief.demo.geography import (
    FOREIGN_CITIES,
    KINGDOM_CITIES,
    NL_CITIES,
    City,
    make_address,
    pick_city,
)
from offensief.demo.identifiers import foreign_iban, licence_plate
from offensief.demo.population import Registry, add_company, is_adult
from offensief.demo.world import Account, Company, Group, RealEstate, Vehicle, World

STEPS = ("import", "production", "storage", "transport", "distribution", "cash_collection",
         "laundering")
STEP_SIZES = {"import": 2, "production": 3, "storage": 2, "transport": 2, "distribution": 4,
              "cash_collection": 2, "laundering": 1}
#: role → (min age, max age, share of men)
ROLE_PROFILE = {"kingpin": (32, 60, 0.95), "lieutenant": (25, 55, 0.9), "worker": (18, 45, 0.85),
                "money_mule": (18, 30, 0.7), "straw_man": (25, 70, 0.7), "facilitator": (35, 64, 0.7)}
SCOPES = ("local", "regional", "national", "kingdom", "international")
GROUP_NAMES = ("Tulp", "Haven", "Zwaluw", "Orka", "Kraai", "Lynx", "Reiger", "Marter", "Dolfijn",
               "Havik", "Wezel", "Zeehond", "Uil", "Bever", "Egel", "Fazant", "Gier", "Hert",
               "Ijsvogel", "Jaguar", "Koekoek", "Lepel", "Mees", "Nerts", "Otter")
#: Facilitator subtypes: (type, subtype, SBI, sector, company name pattern, profession).
FACILITATOR_KINDS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("financial", "accountant", "6920", "Accountants, administratiekantoren",
     "Administratiekantoor {s} B.V.", "accountant"),
    ("financial", "notary", "6910", "Rechtskundige dienstverlening (notariaat)",
     "Notariskantoor {s}", "notaris"),
    ("financial", "trust_office", "6619", "Overige financiële dienstverlening (trustkantoor)",
     "{s} Trust & Corporate Services B.V.", "trustkantoorhouder"),
    ("financial", "mule_recruiter", "7820", "Uitzendbureaus", "{s} Uitzendbureau B.V.",
     "intercedent"),
    ("digital", "cryptophone_reseller", "4742", "Winkels in telecommunicatieapparatuur",
     "{s} Secure Phones", "telefoonverkoper"),
    ("logistics", "transport_firm", "4941", "Goederenvervoer over de weg",
     "{s} Logistics B.V.", "transportondernemer"),
    ("logistics", "port_insider", "5224", "Laad-, los- en overslagactiviteiten",
     "", "planner containerterminal"),
)
FRONT_KINDS = (
    ("4520", "Autowasstraten", "Carwash {c}"), ("5630", "Cafés (shishalounge)", "Shisha Lounge {c}"),
    ("4511", "Handel in personenauto's", "{s} Auto's B.V."), ("9602", "Schoonheidsverzorging",
    "Beautysalon {f}"), ("4631", "Groothandel in groenten en fruit", "{s} Fruit Import B.V."),
)
SHELL_KIND = ("4690", "Niet-gespecialiseerde groothandel", "{s} Trading B.V.")
HOLDING_KIND = ("6420", "Financiële holdings", "{s} Holding B.V.")
LUXURY_CARS = (("Range Rover Sport", 145000.0), ("Mercedes-Benz G 63", 210000.0),
               ("Porsche Cayenne", 120000.0), ("Audi RS6", 135000.0), ("BMW X5 M", 128000.0),
               ("Lamborghini Urus", 260000.0))
WORK_VEHICLES = (("Mercedes-Benz Sprinter", 42000.0), ("Volkswagen Transporter", 38000.0),
                 ("Ford Transit", 35000.0), ("Renault Master", 31000.0), ("Volkswagen Golf", 24000.0))


def scope_cities(rng: random.Random, scope: str) -> tuple[City, list[City], list[City]]:
    """Base city, the Dutch cities members live in, and places abroad (kingdom/international)."""
    base = pick_city(rng) if scope != "regional" else pick_city(rng, province=rng.choice(
        ("Noord-Brabant", "Zuid-Holland", "Noord-Holland")))
    if scope == "local":
        return base, [base], []
    if scope == "regional":
        return base, [c for c in NL_CITIES if c.province == base.province], []
    cities = [base, *rng.sample([c for c in NL_CITIES if c.province != base.province], 3)]
    if scope == "kingdom":
        return base, cities, [rng.choice(KINGDOM_CITIES)]
    if scope == "international":
        return base, cities, rng.sample(FOREIGN_CITIES, 2)
    return base, cities, []


class CrimeBuilder:
    """Recruits groups and facilitators from the background population."""

    def __init__(self, world: World, rng: random.Random, reg: Registry) -> None:
        self.world = world
        self.rng = rng
        self.reg = reg
        today = world.end
        self.pool = [p.idx for p in world.persons
                     if is_adult(p, today) and (today - p.born).days < 62 * 365]
        rng.shuffle(self.pool)
        self.facilitators: list[int] = []

    def recruit(self, role: str, *, group: str | None, city: City, step: str | None = None) -> int:
        """Take an unused adult who fits the role, move them to ``city`` and give them the role."""
        low, high, male = ROLE_PROFILE[role]
        person = self.world.persons[self.take(low, high, male=self.rng.random() < male)]
        person.role, person.group, person.process_step = role, group, step
        if role == "straw_man":  # straw men typically live on benefits
            person.employer = None
        if person.address.city != city:
            person.address = make_address(self.rng, city)
        return person.idx

    def take(self, low: int, high: int, *, male: bool) -> int:
        """Remove and return the last pool member aged ``low``–``high`` (of the wanted sex if any)."""
        today = self.world.end
        for strict in (True, False):
            for k in range(len(self.pool) - 1, -1, -1):
                p = self.world.persons[self.pool[k]]
                age = (today - p.born).days // 365
                if low <= age <= high and (not strict or (p.gender == "male") == male):
                    return self.pool.pop(k)
        return self.pool.pop()

    def build_groups(self, count: int, *, scale: int) -> None:
        """``count`` groups with kingpin, lieutenants, workers per step, mules and straw men."""
        rng = self.rng
        for g in range(count):
            name = f"groep-{GROUP_NAMES[g % len(GROUP_NAMES)].lower()}" + (f"-{g // 25 + 1}" if g >= 25 else "")
            scope = SCOPES[g % len(SCOPES)]
            base, cities, abroad = scope_cities(rng, scope)
            kingpin = self.recruit("kingpin", group=name, city=base)
            lieutenants = [self.recruit("lieutenant", group=name, city=rng.choice(cities))
                           for _ in range(rng.choice((2, 3)))]
            if abroad:  # a lieutenant runs the Caribbean / foreign end
                self.move_abroad(lieutenants[-1], abroad[0])
            workers: dict[str, list[int]] = {}
            for step in STEPS:
                size = STEP_SIZES[step] * scale + (rng.random() < 0.4)
                workers[step] = [self.recruit("worker", group=name, city=rng.choice(cities), step=step)
                                 for _ in range(size)]
            if abroad:
                for idx in workers["import"][: max(1, len(workers["import"]) // 2)]:
                    self.move_abroad(idx, rng.choice(abroad))
            mules = [self.recruit("money_mule", group=name, city=rng.choice(cities))
                     for _ in range(5 * scale + 1)]
            straw = [self.recruit("straw_man", group=name, city=rng.choice(cities))
                     for _ in range(3 + scale)]
            group = Group(name=name, scope=scope, kingpin=kingpin, lieutenants=lieutenants,
                          workers=workers, mules=mules, straw_men=straw)
            self.world.groups.append(group)
            self.relate(group)
            self.build_holdings(group, base, abroad)
            self.build_assets(group, cities)

    def move_abroad(self, idx: int, city: City) -> None:
        """Give a member an address abroad (they keep their Dutch mobile number)."""
        person = self.world.persons[idx]
        person.address = make_address(self.rng, city)

    def relate(self, group: Group) -> None:
        """Associates and family ties inside the group, as the police would record them."""
        rel = self.world.relations
        for lt in group.lieutenants:
            rel.append(("associate", group.kingpin, lt, "handlanger"))
        for members in group.workers.values():
            for w in members:
                rel.append(("associate", self.rng.choice(group.lieutenants), w, "medeverdachte"))
        for s in group.straw_men[:2]:
            rel.append(("family", group.kingpin, s, self.rng.choice(("zwager", "neef", "broer"))))
        for m in group.mules[:2]:
            rel.append(("associate", group.workers["cash_collection"][0], m, "medeverdachte"))

    def build_holdings(self, group: Group, base: City, abroad: list[City]) -> None:
        """Holding, fronts and trading shells run by straw men; a shell abroad if the scope is wider."""
        world, rng = self.world, self.rng
        kingpin = world.persons[group.kingpin]
        straw = group.straw_men
        sbi, sector, pattern = HOLDING_KIND
        holding = add_company(world, rng, self.reg, name=pattern.format(s=world.persons[straw[0]].name.surname),
                              sbi=sbi, sector=sector, kind="holding", city=base, directors=[straw[0]])
        companies = [holding]
        for k, (sbi, sector, pattern) in enumerate(rng.sample(FRONT_KINDS, 2)):
            director = straw[(k + 1) % len(straw)]
            p = world.persons[director]
            front = add_company(world, rng, self.reg, name=pattern.format(s=p.name.surname, c=base.name, f=p.name.first),
                                sbi=sbi, sector=sector, kind="front", city=base, directors=[director])
            front.owners = [("company", holding.idx, 100.0, "aandeelhouder")]
            companies.append(front)
        for k in range(2):  # straw men are directors of several companies
            director = straw[k % len(straw)]
            sbi, sector, pattern = SHELL_KIND
            shell = add_company(world, rng, self.reg, name=pattern.format(s=world.persons[director].name.surname + ("" if k == 0 else " International")),
                                sbi=sbi, sector=sector, kind="shell", city=base, directors=[director])
            companies.append(shell)
        if abroad:
            city = abroad[0]
            shell = Company(idx=len(world.companies), name=f"{kingpin.name.surname.title()} Global Investments Ltd.",
                            kvk="", sbi="6420", sector="Financiële holdings", legal_form="Limited",
                            address=make_address(rng, city), kind="foreign_shell",
                            founded=date(rng.randint(2015, 2023), rng.randint(1, 12), 1),
                            directors=[straw[-1]], owners=[("company", holding.idx, 100.0, "aandeelhouder")],
                            capital=float(rng.randrange(1, 10) * 25_000))
            world.companies.append(shell)
            country = city.country if city.country in ("be", "es", "de", "lu") else "lu"
            iban, bank = foreign_iban(rng, country)
            world.accounts.append(Account(len(world.accounts), iban, bank, "company", shell.idx))
            world.main_account[("company", shell.idx)] = len(world.accounts) - 1
            companies.append(shell)
        holding.capital = float(rng.randrange(2, 20) * 50_000)
        for company in companies:
            company.capital = max(company.capital, float(rng.randrange(18, 120) * 1000))
            company.group = group.name
            company.beneficial_owner = group.kingpin
        group.companies = [c.idx for c in companies]

    def build_assets(self, group: Group, cities: list[City]) -> None:
        """Real estate, luxury cars and work vans held through the holding, fronts and straw men
        (one straw man, the "katvanger", is the registered keeper of several vehicles)."""
        world, rng = self.world, self.rng
        holding, front = group.companies[0], group.companies[1]
        holders = [("company", holding), ("person", group.straw_men[1]), ("company", front)]
        for k in range(3):
            kind, idx = holders[k % len(holders)]
            world.real_estate.append(RealEstate(
                idx=len(world.real_estate), address=make_address(rng, rng.choice(cities), business=k == 2),
                kind=("villa", "appartement", "bedrijfspand")[k], value=float(rng.randrange(7, 32) * 50_000),
                owners=[(kind, idx, 100.0, "eigenaar")],
                acquired=date(rng.randint(2019, 2024), rng.randint(1, 12), rng.randint(1, 28)),
                beneficial_owner=group.kingpin, group=group.name,
            ))
        katvanger = group.straw_men[-1]  # the registered keeper of the group's vans and cars
        fleet = [(rng.choice(LUXURY_CARS), "person", group.straw_men[0]), (rng.choice(LUXURY_CARS), "company", front)]
        fleet += [(rng.choice(WORK_VEHICLES), "person", katvanger) for _ in range(rng.randint(3, 5))]
        for (model, value), kind, idx in fleet:
            world.vehicles.append(Vehicle(
                idx=len(world.vehicles), plate=licence_plate(rng, self.reg.plates), model=model,
                value=value * rng.uniform(0.7, 1.0), owner_kind=kind, owner=idx,
                beneficial_owner=group.kingpin, group=group.name,
            ))

    def build_facilitators(self, per_kind: int) -> None:
        """Professionals who serve several groups, each with a professional footprint."""
        world, rng = self.world, self.rng
        groups = world.groups
        port = None
        for k, (ftype, subtype, sbi, sector, pattern, profession) in enumerate(FACILITATOR_KINDS):
            for n in range(per_kind):
                city = rng.choice(NL_CITIES[:6]) if subtype != "port_insider" else NL_CITIES[1]
                idx = self.recruit("facilitator", group=None, city=city)
                person = world.persons[idx]
                person.facilitator_type, person.facilitator_subtype = ftype, subtype
                person.profession = profession
                if pattern:
                    add_company(world, rng, self.reg, name=pattern.format(s=person.name.surname), sbi=sbi,
                                sector=sector, kind=f"facilitator:{subtype}", city=city, directors=[idx])
                else:
                    if port is None:
                        port = add_company(world, rng, self.reg, name="Maasvlakte Container Terminal B.V.",
                                           sbi=sbi, sector=sector, kind="employer", city=NL_CITIES[1],
                                           directors=[self.take(40, 64, male=True)])
                    person.employer = port.idx
                start = (k * per_kind + n) % len(groups)
                count = min(len(groups), rng.choice((2, 3, 3)))
                served = [groups[(start + j) % len(groups)] for j in range(count)]
                for group in served:
                    group.facilitators.append(idx)
                    person.serves.append(group.name)
                self.facilitators.append(idx)

    def link_trust_offices(self) -> None:
        """Where a trust office serves a group, it holds the group's holding as trustee and
        registers the kingpin as UBO; elsewhere a straw man is registered as UBO."""
        world = self.world
        for group in world.groups:
            for f in group.facilitators:
                if world.persons[f].facilitator_subtype != "trust_office":
                    continue
                firm = self.company_of(f)
                if firm is None:
                    continue
                holding = world.companies[group.companies[0]]
                holding.owners = [("company", firm.idx, 100.0, "trustee (bewaarder)")]
                holding.ubo = group.kingpin  # the trust office's KYC names the real owner
                break
            else:
                world.companies[group.companies[0]].ubo = group.straw_men[0]

    def company_of(self, person: int) -> Company | None:
        """The company a facilitator directs (their professional firm), if any."""
        for company in self.world.companies:
            if company.kind.startswith("facilitator:") and person in company.directors:
                return company
        return None
