"""What each partner knows: coverage rules that turn the true world into six sources."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import numpy as np

from offensief.demo.sources import Entity, Source, bank_account_entity
from offensief.demo.world import World

CRIMINAL_ROLES = ("kingpin", "lieutenant", "worker", "money_mule", "straw_man")


def municipality(world: World, src: Source) -> None:
    """BRP: everyone living in the Netherlands, in registry style, with address."""
    residents = [p.idx for p in world.persons if p.address.country == "nl" and src.rng.random() < 0.97]
    src.assign_person_ids(residents)
    for idx in residents:
        p = world.persons[idx]
        src.person(p, style="registry", extra={"nationality": p.nationality})


def police(world: World, src: Source) -> None:
    """Police: suspects, their relatives and associates, some others; relations and vehicles."""
    rng = src.rng
    known = {p.idx for p in world.persons if p.role in CRIMINAL_ROLES}
    known |= {p.idx for p in world.persons if p.role == "facilitator" and rng.random() < 0.5}
    for kind, a, b, _ in world.relations:
        if kind == "family" and (a in known or b in known) and rng.random() < 0.6:
            known |= {a, b}
    known |= {p.idx for p in world.persons if rng.random() < 0.08}
    people = sorted(known)
    src.assign_person_ids(people)
    for idx in people:
        p = world.persons[idx]
        extra = {"nationality": p.nationality, "profession": p.profession}
        src.person(p, phone=rng.random() < 0.7, extra=extra)
    for kind, a, b, rel in world.relations:
        if kind == "friend" or a not in known or b not in known:
            continue
        if kind == "associate" and rng.random() > 0.75:
            continue
        if kind == "family":
            src.add("Family", src.new_id("fam"), person=src.persons[a], relative=src.persons[b], relationship=rel)
        else:
            seen = world.start + timedelta(days=rng.randrange((world.end - world.start).days))
            src.add("Associate", src.new_id("ass"), person=src.persons[a], associate=src.persons[b],
                    relationship=rel, date=seen.isoformat())  # when the police recorded them together
    for v in world.vehicles:
        if v.owner_kind == "person" and v.owner not in known:
            continue
        owner = src.holder(world, v.owner_kind, v.owner)
        src.add("Vehicle", f"{src.prefix}-veh-{v.idx:07d}", registrationNumber=v.plate, model=v.model,
                type="personenauto", owner=owner, amount=f"{v.value:.0f}", currency="EUR", country="nl")


def chamber_of_commerce(world: World, src: Source) -> None:
    """KvK: Dutch companies, their directors, shareholders and registered UBOs."""
    companies = [c for c in world.companies if c.kvk]
    people = sorted({d for c in companies for d in c.directors}
                    | {i for c in companies for k, i, _, _ in c.owners if k == "person"}
                    | {c.ubo for c in companies if c.ubo is not None})
    src.assign_person_ids(people)
    for idx in people:
        p = world.persons[idx]
        src.person(p, style="registry", extra={"profession": p.profession})
    for c in companies:
        src.company(c)
    for c in companies:
        for d in c.directors:
            src.add("Directorship", src.new_id("dir"), director=src.persons[d], organization=src.companies[c.idx],
                    role="bestuurder", startDate=c.founded.isoformat())
        for kind, idx, pct, role in c.owners:
            owner = src.persons[idx] if kind == "person" else src.holder(world, "company", idx)
            src.add("Ownership", src.new_id("own"), owner=owner, asset=src.companies[c.idx],
                    percentage=f"{pct:g}", role=role, startDate=c.founded.isoformat())
        if c.ubo is not None:  # UBO register (Handelsregisterwet art. 15a)
            src.add("Ownership", src.new_id("ubo"), owner=src.persons[c.ubo], asset=src.companies[c.idx],
                    role="UBO (uiteindelijk belanghebbende)", ownershipType="indirect economisch belang 75-100%",
                    startDate=c.founded.isoformat())


def land_registry(world: World, src: Source) -> None:
    """Kadaster: every registered property in the Netherlands and its owners."""
    owners = sorted({i for r in world.real_estate for k, i, _, _ in r.owners if k == "person"})
    src.assign_person_ids(owners)
    for idx in owners:
        src.person(world.persons[idx], style="registry")
    for r in world.real_estate:
        estate = src.add("RealEstate", f"{src.prefix}-oz-{r.idx:07d}", address=r.address.text,
                         addressEntity=src.address_entity(r.address),
                         country=r.address.country, amount=f"{r.value:.0f}", currency="EUR",
                         propertyType=r.kind, cadastralCode=f"{r.address.city.name[:3].upper()}00-{r.idx:05d}",
                         createDate=r.acquired.isoformat())
        for kind, idx, pct, role in r.owners:
            src.add("Ownership", src.new_id("own"), owner=src.holder(world, kind, idx), asset=estate,
                    percentage=f"{pct:g}", role=role, startDate=r.acquired.isoformat())
        if r.seller is not None and r.sold_since is not None:
            src.add("Ownership", src.new_id("own"), owner=src.holder(world, "company", r.seller), asset=estate,
                    percentage="100", role="eigenaar", startDate=world.companies[r.seller].founded.isoformat(),
                    endDate=r.sold_since.isoformat())


def bank(world: World, src: Source) -> dict[int, str]:
    """Banks: account holders, accounts and who holds them; returns account → entity id."""
    holders = sorted({a.holder for a in world.accounts if a.holder_kind == "person"})
    src.assign_person_ids(holders)
    for idx in holders:
        src.person(world.persons[idx], phone=src.rng.random() < 0.8)
    ids: dict[int, str] = {}
    for a in world.accounts:
        holder = src.holder(world, a.holder_kind, a.holder)
        country = a.iban[:2].lower()
        ids[a.idx] = bank_account_entity(src, iban=a.iban, bank=a.bank, country=country)
        src.add("Ownership", src.new_id("own"), owner=holder, asset=ids[a.idx], role="rekeninghouder",
                percentage="100")
    return ids


def telecom(world: World, src: Source, calls: dict[str, np.ndarray]) -> None:
    """Telecom: subscribers of the numbers in the call records, and the calls."""
    people = sorted(set(np.unique(calls["caller"]).tolist()) | set(np.unique(calls["receiver"]).tolist()))
    src.assign_person_ids(people)
    for idx in people:
        src.person(world.persons[idx], phone=True, birth=src.rng.random() < 0.5, address=src.rng.random() < 0.6)
    src.streams.append(lambda: call_entities(world, src, calls))


def call_entities(world: World, src: Source, calls: dict[str, np.ndarray]) -> Iterator[Entity]:
    """The Call entities, generated while writing (there can be millions)."""
    stamps = calls["ts"].astype("datetime64[s]").astype(str)
    phones = [p.phone for p in world.persons]
    for n, (a, b, duration) in enumerate(zip(calls["caller"].tolist(), calls["receiver"].tolist(),
                                             calls["duration"].tolist())):
        yield {"id": f"{src.prefix}-call-{n + 1:08d}", "schema": "Call", "properties": {
            "caller": [src.persons[a]], "receiver": [src.persons[b]], "callerNumber": [phones[a]],
            "receiverNumber": [phones[b]], "date": [str(stamps[n])], "duration": [str(duration)]}}
