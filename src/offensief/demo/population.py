"""The legitimate background: households, employers, shops, landlords, utilities, homes, cars.

Everything here is benign; :mod:`offensief.demo.crime` later recruits some of these people
into criminal groups and adds the companies and assets they control.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from offensief.demo.geography import NL_CITIES, Address, City, make_address, pick_city
from offensief.demo.identifiers import kvk_number, licence_plate, mobile_number, nl_iban
from offensief.demo.names import NATIONALITY, PersonName, random_name
from offensief.demo.world import Account, Company, Person, RealEstate, Vehicle, World

#: Background company kinds: (kind, SBI code, sector text, name patterns).
COMPANY_KINDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "employer": (
        ("4120", "Algemene burgerlijke en utiliteitsbouw", "{s} Bouw B.V."),
        ("6201", "Ontwikkelen van software", "{s} Software B.V."),
        ("8610", "Ziekenhuizen", "Ziekenhuis {c}"),
        ("4941", "Goederenvervoer over de weg", "Transportbedrijf {s} B.V."),
        ("8531", "Voortgezet onderwijs", "{c} College"),
        ("2511", "Vervaardiging van metalen constructies", "Metaalbewerking {s} B.V."),
        ("7022", "Organisatieadviesbureaus", "{s} Consultancy B.V."),
        ("8411", "Openbaar bestuur", "Gemeente {c}"),
        ("5210", "Opslag", "{c} Distributiecentrum B.V."),
    ),
    "shop": (
        ("4711", "Supermarkten", "Supermarkt {s}"),
        ("4724", "Winkels in brood en banket", "Bakkerij {s}"),
        ("5610", "Restaurants", "Restaurant De {w}"),
        ("5630", "Cafés", "Café De {w}"),
        ("4771", "Winkels in kleding", "Mode {s}"),
        ("9602", "Kappers", "Kapsalon {f}"),
        ("4742", "Winkels in telecommunicatieapparatuur", "Belwinkel {c}"),
        ("4511", "Handel in personenauto's", "Autobedrijf {s}"),
    ),
    "landlord": (("6820", "Verhuur van eigen of geleasd onroerend goed", "{s} Vastgoed B.V."),),
}
UTILITIES: tuple[tuple[str, str, str, float], ...] = (
    ("Energie Direct Nederland B.V.", "3514", "Handel in elektriciteit", 140.0),
    ("Waterbedrijf Lage Landen N.V.", "3600", "Winning en distributie van water", 28.0),
    ("Zorgverzekeraar Zekerheid U.A.", "6512", "Schadeverzekeringen", 138.0),
    ("TelNet Nederland B.V.", "6110", "Draadgebonden telecommunicatie", 55.0),
)
#: Public bodies that pay benefits: unemployment / disability (UWV) and state pension (SVB).
AGENCIES: tuple[tuple[str, str, str], ...] = (
    ("Uitvoeringsinstituut Werknemersverzekeringen", "8430", "Verplicht sociale verzekeringen"),
    ("Sociale Verzekeringsbank", "8430", "Verplicht sociale verzekeringen"),
)
WORDS = ("Gouden Leeuw", "Zwaan", "Molen", "Kroon", "Hoek", "Haven", "Linde", "Ster")
CAR_MODELS = (("Volkswagen Golf", 22000.0), ("Toyota Yaris", 17000.0), ("Opel Corsa", 15000.0),
              ("Kia Niro", 28000.0), ("Peugeot 208", 18000.0), ("Skoda Octavia", 26000.0))


@dataclass(slots=True)
class Registry:
    """Sets of used identifiers, so every number in the world is unique."""

    kvk: set[str]
    phones: set[str]
    plates: set[str]
    ibans: set[str]


def birth_date(rng: random.Random, *, min_age: int, max_age: int, today: date) -> date:
    """A birth date for someone between ``min_age`` and ``max_age`` years old."""
    days = rng.randint(min_age * 365, max_age * 365)
    return today - timedelta(days=days)


def open_account(world: World, rng: random.Random, reg: Registry, kind: str, holder: int) -> Account:
    """Give a person or company a Dutch bank account (their main one if it is the first)."""
    while True:
        iban, bank = nl_iban(rng)
        if iban not in reg.ibans:
            reg.ibans.add(iban)
            break
    account = Account(idx=len(world.accounts), iban=iban, bank=bank, holder_kind=kind, holder=holder)
    world.accounts.append(account)
    world.main_account.setdefault((kind, holder), account.idx)
    return account


def add_person(world: World, rng: random.Random, reg: Registry, *, name: PersonName, gender: str,
               born: date, address: Address, household: int) -> Person:
    """Append a person with a nationality, and a phone number from the age of 12."""
    has_phone = (world.end - born).days >= 12 * 365
    person = Person(
        idx=len(world.persons), name=name, gender=gender, born=born, address=address,
        phone=mobile_number(rng, reg.phones) if has_phone else "", nationality=NATIONALITY[name.origin],
        household=household,
    )
    world.persons.append(person)
    return person


def add_company(world: World, rng: random.Random, reg: Registry, *, name: str, sbi: str,
                sector: str, kind: str, city: City, directors: list[int]) -> Company:
    """Append a Dutch company with a KvK number, its directors as 100 % owners, an account."""
    company = Company(
        idx=len(world.companies), name=name, kvk=kvk_number(rng, reg.kvk), sbi=sbi, sector=sector,
        legal_form="Besloten Vennootschap" if "B.V." in name else "Eenmanszaak",
        address=make_address(rng, city, business=kind != "shop"), kind=kind,
        founded=date(rng.randint(1985, 2022), rng.randint(1, 12), rng.randint(1, 28)),
        directors=list(directors), capital=float(rng.choice((1, 100, 18_000, 20_000, 50_000))),
    )
    share = round(100.0 / max(1, len(directors)), 2)
    company.owners = [("person", d, share, "aandeelhouder") for d in directors]
    world.companies.append(company)
    open_account(world, rng, reg, "company", company.idx)
    return company


def build_households(world: World, rng: random.Random, reg: Registry, *, persons: int,
                     common_name_share: float) -> None:
    """Households of 1–5 people sharing an address; spouses and children are family."""
    today = world.end
    while len(world.persons) < persons:
        hh = len(world.households)
        city = pick_city(rng)
        address = make_address(rng, city)
        head_gender = rng.choice(("male", "female"))
        head_name = random_name(rng, head_gender)
        if head_gender == "male" and rng.random() < common_name_share:
            head_name = PersonName("Jan", "de", "Vries", "nl")
        members = [add_person(world, rng, reg, name=head_name, gender=head_gender,
                              born=birth_date(rng, min_age=22, max_age=82, today=today),
                              address=address, household=hh).idx]
        if rng.random() < 0.55:
            gender = "female" if head_gender == "male" else "male"
            name = random_name(rng, gender, origin=head_name.origin)
            partner = add_person(world, rng, reg, name=name, gender=gender,
                                 born=world.persons[members[0]].born + timedelta(days=rng.randint(-2500, 2500)),
                                 address=address, household=hh)
            world.relations.append(("family", members[0], partner.idx, "spouse"))
            wife, husband = (partner, world.persons[members[0]]) if gender == "female" else (world.persons[members[0]], partner)
            if wife.name.origin == "nl" and rng.random() < 0.6:
                wife.married_name = husband.name.last
            members.append(partner.idx)
        head_born = world.persons[members[0]].born
        for _ in range(rng.choice((0, 0, 1, 2, 3)) if today.year - head_born.year < 60 else 0):
            gender = rng.choice(("male", "female"))
            first = random_name(rng, gender, origin=head_name.origin).first
            if any(world.persons[m].name.first == first for m in members):
                continue  # siblings do not share a first name
            child_born = head_born + timedelta(days=rng.randint(22 * 365, 40 * 365))
            if child_born >= today - timedelta(days=365):
                continue
            name = PersonName(first, head_name.particle, head_name.surname, head_name.origin)
            child = add_person(world, rng, reg, name=name, gender=gender, born=child_born,
                               address=address, household=hh)
            for parent in members[:2]:
                world.relations.append(("family", parent, child.idx, "parent"))
            members.append(child.idx)
        world.households.append(members)


def is_adult(person: Person, today: date) -> bool:
    """18 or older on ``today``."""
    return (today - person.born).days >= 18 * 365


def build_companies(world: World, rng: random.Random, reg: Registry) -> None:
    """Employers, shops, landlords and utilities with directors from the population."""
    today = world.end
    adults = [p.idx for p in world.persons if is_adult(p, today) and (today - p.born).days < 70 * 365]
    n = len(world.persons)
    plan = (("employer", max(8, n // 45)), ("shop", max(8, n // 60)), ("landlord", max(3, n // 300)))
    for kind, count in plan:
        for _ in range(count):
            sbi, sector, pattern = rng.choice(COMPANY_KINDS[kind])
            director = world.persons[rng.choice(adults)]
            city = director.address.city if rng.random() < 0.7 else pick_city(rng)
            name = pattern.format(s=director.name.surname, c=city.name, w=rng.choice(WORDS),
                                  f=director.name.first)
            add_company(world, rng, reg, name=name, sbi=sbi, sector=sector, kind=kind, city=city,
                        directors=[director.idx])
    for name, sbi, sector, _ in UTILITIES:
        directors = rng.sample(adults, 2)
        add_company(world, rng, reg, name=name, sbi=sbi, sector=sector, kind="utility",
                    city=rng.choice(NL_CITIES[:4]), directors=directors)
    for name, sbi, sector in AGENCIES:
        add_company(world, rng, reg, name=name, sbi=sbi, sector=sector, kind="agency",
                    city=NL_CITIES[0], directors=rng.sample(adults, 1))


def build_employment_and_accounts(world: World, rng: random.Random, reg: Registry) -> None:
    """Adults get an account; most of working age work for an employer."""
    today = world.end
    employers = [c.idx for c in world.companies if c.kind in ("employer", "shop")]
    weights = [8.0 if world.companies[c].kind == "employer" else 1.0 for c in employers]
    for person in world.persons:
        if not is_adult(person, today):
            continue
        open_account(world, rng, reg, "person", person.idx)
        age = (today - person.born).days // 365
        if age < 67 and rng.random() < 0.72:
            person.employer = rng.choices(employers, weights=weights)[0]


def build_homes_and_cars(world: World, rng: random.Random, reg: Registry) -> dict[int, int]:
    """Owner-occupied homes in the land registry, tenants of landlords, family cars.

    Returns household → landlord company index for rented homes.
    """
    landlords = [c.idx for c in world.companies if c.kind == "landlord"]
    tenancy: dict[int, int] = {}
    for hh, members in enumerate(world.households):
        head = world.persons[members[0]]
        if rng.random() < 0.42 and landlords:
            tenancy[hh] = rng.choice(landlords)
        else:
            adults = [m for m in members[:2] if is_adult(world.persons[m], world.end)]
            share = round(100.0 / len(adults), 2)
            world.real_estate.append(RealEstate(
                idx=len(world.real_estate), address=head.address, kind="woning",
                value=float(rng.randrange(180, 900) * 1000),
                owners=[("person", m, share, "eigenaar") for m in adults],
                acquired=date(rng.randint(1995, 2024), rng.randint(1, 12), rng.randint(1, 28)),
            ))
        if rng.random() < 0.35:
            model, value = rng.choice(CAR_MODELS)
            world.vehicles.append(Vehicle(
                idx=len(world.vehicles), plate=licence_plate(rng, reg.plates), model=model,
                value=value * rng.uniform(0.4, 1.0), owner_kind="person", owner=head.idx,
            ))
    for company in world.companies:
        if company.kind == "landlord":
            for _ in range(3):
                world.real_estate.append(RealEstate(
                    idx=len(world.real_estate), address=make_address(rng, company.address.city),
                    kind="appartementencomplex", value=float(rng.randrange(2, 12) * 500_000),
                    owners=[("company", company.idx, 100.0, "eigenaar")],
                    acquired=date(rng.randint(1995, 2022), rng.randint(1, 12), 1),
                ))
    return tenancy


def build_friendships(world: World, rng: random.Random) -> None:
    """A few friendships per adult (used for calls and small transfers)."""
    adults = [p.idx for p in world.persons if is_adult(p, world.end)]
    for a in adults:
        for b in rng.sample(adults, 2):
            if a < b:
                world.relations.append(("friend", a, b, "friend"))
