"""The public and semi-public registers: BRP, KvK Handelsregister, Kadaster, RDW.

- BRP: every resident, "Achternaam, Voornamen tussenvoegsel", BAG address.
- KvK: one person record per registered function (as an extract lists them), the activity as
  free text, one-man businesses with their owner as "eigenaar", shareholders, and the UBO
  register's entries (a pseudo-UBO where no UBO could be established). Depositary-receipt
  holders of a STAK appear nowhere.
- Kadaster: parcels with the latest purchase price, every transfer as an Ownership with
  start and end date and the price in its description.
- RDW: the registered holder ("tenaamstelling") of each plate, not the driver.
"""

from __future__ import annotations

import random

from .records import Source
from .world import World

REGISTERS = {
    "gemeente-brp": ("gemeente", "avg", "Basisregistratie Personen: ingezetenen"),
    "kvk-handelsregister": ("kvk", "open", "Handelsregister: ondernemingen, functionarissen, UBO"),
    "kadaster": ("kadaster", "open", "Kadaster: percelen, eigendom en koopsommen"),
    "rdw-kentekens": ("rdw", "avg", "RDW kentekenregister: tenaamstellingen"),
}


def brp(w: World, seed: int) -> Source:
    src = Source("gemeente-brp", "brp", seed, random.Random(seed * 7 + 1))
    addresses: dict[str, str] = {}
    for p in w.persons.values():
        if not p.resident or src.rng.random() < 0.03:
            continue
        a = p.address
        if a.aid not in addresses:
            addresses[a.aid] = src.add(src.rid("adr" + a.aid), "Address", full=a.line(),
                                       street=f"{a.street} {a.number}", postalCode=a.postcode,
                                       city=a.city, country="nl")
        src.person(p, extra={"gender": "female" if p.female else "male",
                             "nationality": p.nationality, "addressEntity": addresses[a.aid]})
    return src


def company_record(src: Source, w: World, tid: str, *, with_kvk: bool = True) -> str:
    c = w.companies[tid]
    eid = src.rid(tid)
    if eid not in src.truth:
        src.add(eid, "Company", name=c.name, registrationNumber=c.kvk if with_kvk else None,
                legalForm=c.legal_form, sector=c.sector, address=c.address.line(),
                phone=c.phone, incorporationDate=c.founded.isoformat(), jurisdiction=c.country)
        src.truth[eid] = tid
    return eid


def kvk(w: World, seed: int) -> Source:
    src = Source("kvk-handelsregister", "kvk", seed, random.Random(seed * 7 + 2))
    for c in w.companies.values():
        if c.country == "nl":
            company_record(src, w, c.tid)

    def party(tid: str, function: str) -> str:
        if tid in w.companies:
            return company_record(src, w, tid)
        return src.person(w.persons[tid], key=f"{tid}|{function}")

    for person, co, role, start in w.directors:
        if w.companies[co].country != "nl":
            continue
        d = party(person, f"{co}|dir")
        src.add(src.rid(f"dir|{person}|{co}"), "Directorship", director=d,
                organization=company_record(src, w, co), role=role, startDate=start.isoformat())
    for owner, co, pct, role in w.shares:
        if w.companies[co].country != "nl":
            continue
        o = party(owner, f"{co}|own")
        src.add(src.rid(f"own|{owner}|{co}"), "Ownership", owner=o, asset=company_record(src, w, co),
                percentage=f"{pct:g}", role=role)
    for person, co, kind in w.ubo:
        u = party(person, f"{co}|ubo")
        src.add(src.rid(f"ubo|{person}|{co}"), "Ownership", owner=u, asset=company_record(src, w, co),
                role="UBO", ownershipType=kind)
    return src


def kadaster(w: World, seed: int) -> Source:
    src = Source("kadaster", "kadaster", seed, random.Random(seed * 7 + 3))
    rng = src.rng
    for e in w.estates:
        a = e["address"]
        last_price = next((h[3] for h in reversed(e["history"]) if h[3]), None)
        muni = a.city[:3].upper()
        estate_id = src.add(src.rid(e["eid"]), "RealEstate", address=a.line(),
                            cadastralCode=f"{muni}01 {rng.choice('ABCDEFGHK')} {rng.randint(100, 9999)}",
                            propertyType=e["kind"], amount=f"{last_price:.2f}" if last_price else None,
                            currency="EUR", country="nl")
        e["record"] = estate_id
        for owner, start, end, price in e["history"]:
            o = company_record(src, w, owner) if owner in w.companies else src.person(w.persons[owner])
            src.add(src.rid(f"eig|{e['eid']}|{owner}|{start}"), "Ownership", owner=o, asset=estate_id,
                    percentage="100", role="eigendom", startDate=start.isoformat(),
                    endDate=end.isoformat() if end else None,
                    description=f"Koopsom EUR {price:,.0f}".replace(",", ".") if price else None)
    return src


def rdw(w: World, seed: int) -> Source:
    src = Source("rdw-kentekens", "rdw", seed, random.Random(seed * 7 + 4))
    for v in w.vehicles:
        holder = v["holder"]
        o = company_record(src, w, holder) if holder in w.companies else src.person(w.persons[holder])
        v["record"] = src.add(src.rid(v["vid"]), "Vehicle", registrationNumber=v["plate"],
                              model=v["model"], amount=f"{v['value']:.2f}", currency="EUR",
                              owner=o, registrationDate=v["since"].isoformat(), type="personenauto")
    return src
