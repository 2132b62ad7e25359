"""The legitimate background: households, employers, shops, landlords, professionals.

Sectors are the free Dutch text the Handelsregister shows for an activity, never a code.
The background holds the benign look-alikes: cash-intensive shops, a real accountancy firm
with many clients, wholesalers importing at normal prices, big payers (payroll, insurer,
municipality) and property developers.
"""

from __future__ import annotations

from datetime import date, timedelta

from .names import draw_name
from .places import CITIES, draw_address, draw_kvk, draw_landline, draw_mobile
from .world import Company, Person, World

# kind -> (sectors, trade-name patterns, legal forms)
BUSINESS = {
    "employer": (("Bouw van gebouwen", "Installatie van elektrotechnische apparatuur",
                  "Groothandel in bouwmaterialen", "Ziekenhuizen", "Schoonmaak van gebouwen",
                  "Softwareontwikkeling", "Vervaardiging van metalen constructiewerken"),
                 ("{s} Bouw B.V.", "{s} Techniek B.V.", "{s} & Zonen B.V.", "Bouwbedrijf {s}",
                  "{s} Installaties B.V."), ("Besloten Vennootschap",)),
    "cash_shop": (("Snackbars, ijssalons e.d.", "Cafés", "Kappers", "Supermarkten",
                   "Detailhandel in groenten en fruit", "Restaurants"),
                  ("Cafetaria {s}", "Eetcafé De {r}", "Kapsalon {s}", "Groentehal {s}",
                   "Restaurant {s}"), ("Eenmanszaak", "Vennootschap onder firma")),
    "landlord": (("Verhuur van eigen of geleasd niet-residentieel onroerend goed",
                  "Verhuur van woonruimte"),
                 ("{s} Vastgoed B.V.", "Woningbeheer {s}"), ("Besloten Vennootschap",)),
    "accountant": (("Accountancy", "Administratie en belastingadvies"),
                   ("Accountantskantoor {s}", "{s} Accountants B.V."), ("Besloten Vennootschap",)),
    "importer": (("Groothandel in groenten en fruit", "Groothandel in bouwmaterialen",
                  "Import en export van textiel"),
                 ("{s} Fruit Import B.V.", "{s} Trading B.V.", "{s} Handelsonderneming B.V."),
                 ("Besloten Vennootschap",)),
    "developer": (("Projectontwikkeling", "Ontwikkelen van bouwprojecten"),
                  ("{s} Projectontwikkeling B.V.", "{s} Vastgoedontwikkeling B.V."),
                  ("Besloten Vennootschap",)),
    "notary": (("Notariaat",), ("Notariskantoor {s}",), ("Besloten Vennootschap",)),
    "big_payer": (("Schadeverzekeringen", "Gemeentelijke overheid", "Energievoorziening"),
                  ("Verzekeringen {r} N.V.", "Energie {r} N.V."), ("Naamloze Vennootschap",)),
    "car_dealer": (("Handel in personenauto's", "Autohandel"), ("Autobedrijf {s}",),
                   ("Eenmanszaak",)),
}
COUNTS = {"employer": 0.012, "cash_shop": 0.012, "landlord": 0.004, "accountant": 0.0006,
          "importer": 0.0012, "developer": 0.0008, "notary": 0.0006, "big_payer": 0.0006,
          "car_dealer": 0.0008}
PROFESSIONS = ("timmerman", "verpleegkundige", "docent", "chauffeur", "administratief medewerker",
               "monteur", "verkoper", "kok", "schoonmaker", "ICT-medewerker", "student", None)


def make_person(w: World, *, city=None, role: str = "background", age: tuple[int, int] = (18, 80),
                address=None, female: bool | None = None, surname_of: Person | None = None) -> Person:
    rng = w.rng
    fem = rng.random() < 0.5 if female is None else female
    name = draw_name(rng, fem)
    if surname_of is not None:
        name = type(name)(name.given, surname_of.name.particle, surname_of.name.surname)
    born = date(2024 - rng.randint(*age), 1, 1) + timedelta(days=rng.randrange(365))
    addr = address or draw_address(rng, w.next_id("adr-"), city)
    tid = w.next_id("P")
    email = None
    if rng.random() < 0.35:
        email = f"{name.first.lower()}.{name.surname.lower()}{rng.randint(1, 99)}@" + \
            rng.choice(("gmail.com", "hotmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com"))
    p = Person(tid, name, fem, born, addr, draw_mobile(rng, w.used), email,
               nationality=rng.choice(("nl",) * 9 + ("ma", "tr", "sr")), role=role)
    w.persons[tid] = p
    return p


def make_company(w: World, kind: str, *, owner: Person | None = None, city=None,
                 sector: str | None = None, name: str | None = None, legal_form: str | None = None,
                 country: str = "nl", group: str | None = None) -> Company:
    rng = w.rng
    sectors, patterns, forms = BUSINESS.get(kind, ((sector or "Overige dienstverlening",),
                                                   ("{s} B.V.",), ("Besloten Vennootschap",)))
    surname = owner.name.surname if owner else draw_name(rng, False).surname
    trade = name or rng.choice(patterns).format(s=surname, S=surname.upper(),
                                                r=rng.choice(("Noord", "West", "Delta", "Rijn")))
    addr = draw_address(rng, w.next_id("adr-"), city)
    phone = draw_landline(rng, addr.city, w.used) if country == "nl" else None
    c = Company(w.next_id("C"), trade, legal_form or rng.choice(forms),
                draw_kvk(rng, w.used) if country == "nl" else None,
                sector or rng.choice(sectors), addr, phone, country, kind, group,
                founded=date(rng.randint(1995, 2022), rng.randint(1, 12), rng.randint(1, 28)))
    w.companies[c.tid] = c
    w.open_account(c.tid, "NL" if country == "nl" else country.upper())
    if owner is not None:
        role = "eigenaar" if c.legal_form == "Eenmanszaak" else rng.choice(("bestuurder", "directeur"))
        w.directors.append((owner.tid, c.tid, role, c.founded))
        if c.legal_form == "Besloten Vennootschap":
            w.shares.append((owner.tid, c.tid, 100.0, "aandeelhouder"))
    return c


def build_background(w: World, n_persons: int) -> None:
    """Households in cities, then businesses whose owners come from the population."""
    rng = w.rng
    while len(w.persons) < n_persons:
        city = rng.choice(CITIES)
        head = make_person(w, city=city, age=(24, 80))
        size = rng.choice((1, 1, 2, 2, 2, 3, 4))
        if size >= 2:
            partner = make_person(w, address=head.address, age=(24, 80), female=not head.female,
                                  surname_of=head if rng.random() < 0.4 else None)
            w.families.append((head.tid, partner.tid, "partner"))
            if rng.random() < 0.3:  # a shared landline/household phone
                partner.phone = head.phone
        for _ in range(max(0, size - 2)):
            child = make_person(w, address=head.address, age=(18, 23), surname_of=head)
            w.families.append((head.tid, child.tid, "ouder"))
    people = list(w.persons.values())
    for p in people:
        p.profession = rng.choice(PROFESSIONS)
        w.open_account(p.tid)
        if rng.random() < 0.15:
            w.open_account(p.tid)  # savings or second bank
    n = len(people)
    for kind, share in COUNTS.items():
        for _ in range(max(2, round(share * n))):
            owner = rng.choice(people)
            c = make_company(w, kind, owner=owner)
            if kind == "accountant":
                owner.profession = "registeraccountant"
            if kind == "notary":
                owner.profession = "notaris"
                w.open_account(c.tid)  # the derdengeldenrekening (client money)
    employers = [c for c in w.companies.values() if c.kind in ("employer", "big_payer", "importer")]
    for p in people:
        if p.profession not in (None, "student") and rng.random() < 0.8:
            w.employment.append((p.tid, rng.choice(employers).tid))
    for _ in range(n // 2):  # friendships
        a, b = rng.sample(people, 2)
        w.associates.append((a.tid, b.tid))
