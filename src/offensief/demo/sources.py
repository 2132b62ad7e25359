"""Partner sources: each renders the true world with its own ids, coverage and name noise.

A source is a list of FtM entity dicts plus the map from true person / company to its ids,
which the ground truth needs.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from offensief.demo.geography import Address
from offensief.demo.identifiers import account_entity_id
from offensief.demo.names import render_address, render_birth_date, render_name
from offensief.demo.world import Company, Person, World

Entity = dict[str, Any]

#: Registries whose addresses come from the BAG (Basisregistratie Adressen en Gebouwen).
BAG_SOURCES = ("gemeente-brp", "kadaster")

#: name, partner, regime, purpose, title, name noise, id prefix
DATASETS: dict[str, tuple[str, str, str, str, float, str]] = {
    "politie-bvh": ("politie", "wpg-9", "opsporing ondermijning (art. 9 Wpg)",
                    "Politie: Basisvoorziening Handhaving (personen, relaties, voertuigen)", 0.3, "bvh"),
    "kvk-handelsregister": ("kvk", "open", "openbaar handelsregister",
                            "KvK Handelsregister: ondernemingen, bestuurders, aandeelhouders", 0.15, "kvk"),
    "kadaster": ("kadaster", "open", "openbare registers onroerende zaken",
                 "Kadaster: onroerende zaken en eigenaren", 0.15, "kad"),
    "bank-transacties": ("tmnl", "wwft", "transactiemonitoring (Wwft)",
                         "Banken (TMNL): rekeningen, rekeninghouders en betalingen", 0.15, "bank"),
    "telecom-cdr": ("politie", "wpg-9", "historische verkeersgegevens (art. 126n Sv)",
                    "Telecom: abonnees en gespreksgegevens", 0.4, "cdr"),
    "gemeente-brp": ("gemeente", "avg", "basisregistratie personen (Wet BRP)",
                     "Gemeente: Basisregistratie Personen", 0.05, "brp"),
}


@dataclass(slots=True)
class Source:
    """One partner dataset under construction."""

    name: str
    rng: random.Random
    entities: list[Entity] = field(default_factory=list)
    persons: dict[int, str] = field(default_factory=dict)
    companies: dict[int, str] = field(default_factory=dict)
    counter: int = 0
    recorded: set[str] = field(default_factory=set)
    #: Address entity id per address text (registries linked to the BAG only)
    addresses: dict[str, str] = field(default_factory=dict)
    #: bulk entities written straight to the file after :attr:`entities` (saves memory)
    streams: list[Callable[[], Iterator[Entity]]] = field(default_factory=list)

    @property
    def noise(self) -> float:
        """Rate of name noise in this source."""
        return DATASETS[self.name][4]

    @property
    def prefix(self) -> str:
        """Id prefix of this source's entities."""
        return DATASETS[self.name][5]

    def new_id(self, kind: str) -> str:
        """A fresh id such as ``bvh-rel-000017``."""
        self.counter += 1
        return f"{self.prefix}-{kind}-{self.counter:07d}"

    def add(self, schema: str, entity_id: str, **props: Any) -> str:
        """Append an entity; ``None`` and empty values are dropped."""
        properties = {k: v if isinstance(v, list) else [v] for k, v in props.items()
                      if v is not None and v != "" and v != []}
        self.entities.append({"id": entity_id, "schema": schema, "properties": properties})
        self.recorded.add(entity_id)
        return entity_id

    def address_entity(self, address: Address) -> str | None:
        """The BAG address this registry links to (BRP and kadaster); ``None`` elsewhere."""
        if self.name not in BAG_SOURCES:
            return None
        entity_id = self.addresses.get(address.text)
        if entity_id is None:
            entity_id = self.addresses[address.text] = self.add(
                "Address", self.new_id("adr"), full=address.text,
                street=f"{address.street} {address.number}", postalCode=address.postcode,
                city=address.city.name, country=address.country)
        return entity_id

    def assign_person_ids(self, people: list[int]) -> None:
        """Give each person an id in shuffled order, so ids say nothing across sources."""
        order = list(people)
        self.rng.shuffle(order)
        for n, idx in enumerate(order, start=1):
            self.persons[idx] = f"{self.prefix}-p-{n:07d}"

    def person(self, p: Person, *, style: str = "plain", address: bool = True, phone: bool = False,
               birth: bool = True, extra: dict[str, Any] | None = None) -> str:
        """The source's record of a person (with this source's noise)."""
        if p.idx not in self.persons:
            self.persons[p.idx] = self.new_id("p")
        rendered = render_name(self.rng, p.name, noise=self.noise, style=style, married=p.married_name)
        return self.add(
            "Person", self.persons[p.idx], name=rendered.name, firstName=rendered.first,
            lastName=rendered.last,
            birthDate=render_birth_date(self.rng, p.born, noise=self.noise) if birth else None,
            address=(p.address.text if self.name in BAG_SOURCES
                     else render_address(self.rng, p.address.text, noise=self.noise)) if address else None,
            addressEntity=self.address_entity(p.address) if address else None, country=p.address.country,
            phone=p.phone if phone else None, gender=p.gender, **(extra or {}),
        )

    def company(self, c: Company, *, detail: bool = True) -> str:
        """The source's record of a company."""
        if c.idx not in self.companies:
            self.companies[c.idx] = self.new_id("c")
        return self.add(
            "Company", self.companies[c.idx], name=c.name, registrationNumber=c.kvk or None,
            jurisdiction=c.jurisdiction, address=c.address.text if detail else None,
            addressEntity=self.address_entity(c.address) if detail else None,
            country=c.address.country,
            classification=c.sbi if detail else None, sector=f"{c.sbi} {c.sector}" if detail else None,
            legalForm=c.legal_form if detail else None,
            incorporationDate=c.founded.isoformat() if detail else None,
        )

    def holder(self, world: World, kind: str, idx: int) -> str:
        """Id of a person or company record in this source, creating it when missing."""
        if kind == "person":
            if self.persons.get(idx) not in self.recorded:
                self.person(world.persons[idx])
            return self.persons[idx]
        if self.companies.get(idx) not in self.recorded:
            self.company(world.companies[idx])
        return self.companies[idx]


def bank_account_entity(source: Source, *, iban: str, bank: str, country: str) -> str:
    """A BankAccount with the id the payments mapping gives the same IBAN."""
    return source.add("BankAccount", account_entity_id(iban), iban=iban, bankName=bank,
                      country=country, currency="EUR", accountType="betaalrekening")
