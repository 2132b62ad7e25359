"""The true demo world, before partner sources see it: people, companies, accounts, assets.

Sources (see :mod:`offensief.demo.sources`) render this world with their own ids and noise;
the ground truth is written from it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from offensief.demo.geography import Address
from offensief.demo.names import PersonName


@dataclass(slots=True)
class Person:
    """A real person. ``role`` is ``background`` unless the crime layer gives another."""

    idx: int
    name: PersonName
    gender: str
    born: date
    address: Address
    phone: str
    nationality: str
    household: int
    role: str = "background"
    group: str | None = None
    process_step: str | None = None
    facilitator_type: str | None = None
    facilitator_subtype: str | None = None
    profession: str | None = None
    employer: int | None = None
    serves: list[str] = field(default_factory=list)
    #: surname of a husband, which a married woman may use outside the registries
    married_name: str | None = None

    @property
    def true_id(self) -> str:
        """Ground-truth id."""
        return f"person-{self.idx:06d}"


@dataclass(slots=True)
class Company:
    """A real organisation; ``kvk`` is empty for companies registered abroad."""

    idx: int
    name: str
    kvk: str
    sbi: str
    sector: str
    legal_form: str
    address: Address
    kind: str
    founded: date
    directors: list[int] = field(default_factory=list)
    #: shareholders: (holder kind "person"|"company", index, percentage, role)
    owners: list[tuple[str, int, float, str]] = field(default_factory=list)
    group: str | None = None
    beneficial_owner: int | None = None
    #: paid-up share capital (EUR), the company's value in the asset inventory
    capital: float = 0.0
    #: the person registered in the KvK UBO register (may be a straw man)
    ubo: int | None = None

    @property
    def true_id(self) -> str:
        """Ground-truth id."""
        return f"company-{self.idx:05d}"

    @property
    def jurisdiction(self) -> str:
        """Country of registration."""
        return self.address.country


@dataclass(slots=True)
class Account:
    """A bank account held by a person or a company."""

    idx: int
    iban: str
    bank: str
    holder_kind: str
    holder: int


@dataclass(slots=True)
class RealEstate:
    """A registered property; ``owners`` as in :class:`Company`."""

    idx: int
    address: Address
    value: float
    kind: str
    owners: list[tuple[str, int, float, str]]
    acquired: date
    beneficial_owner: int | None = None
    group: str | None = None
    #: the company that sold it in the period (its ownership ends on ``acquired``)
    seller: int | None = None
    sold_since: date | None = None

    @property
    def true_id(self) -> str:
        """Ground-truth id."""
        return f"realestate-{self.idx:05d}"


@dataclass(slots=True)
class Vehicle:
    """A registered vehicle with its registered owner."""

    idx: int
    plate: str
    model: str
    value: float
    owner_kind: str
    owner: int
    beneficial_owner: int | None = None
    group: str | None = None

    @property
    def true_id(self) -> str:
        """Ground-truth id."""
        return f"vehicle-{self.idx:05d}"


@dataclass(slots=True)
class Group:
    """A criminal group and its members by role (indices into :attr:`World.persons`)."""

    name: str
    scope: str
    kingpin: int
    lieutenants: list[int]
    workers: dict[str, list[int]]
    mules: list[int]
    straw_men: list[int]
    companies: list[int] = field(default_factory=list)
    facilitators: list[int] = field(default_factory=list)

    def members(self) -> list[int]:
        """Everyone in the group (not the shared facilitators)."""
        people = [self.kingpin, *self.lieutenants, *self.mules, *self.straw_men]
        for step in self.workers.values():
            people.extend(step)
        return people


@dataclass(slots=True)
class World:
    """Everything true about the demo world."""

    start: date
    end: date
    persons: list[Person] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    real_estate: list[RealEstate] = field(default_factory=list)
    vehicles: list[Vehicle] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    #: relations between persons: (kind "family"|"associate", a, b, relationship)
    relations: list[tuple[str, int, int, str]] = field(default_factory=list)
    #: account index per (holder kind, holder index): the main account
    main_account: dict[tuple[str, int], int] = field(default_factory=dict)
    households: list[list[int]] = field(default_factory=list)
    #: household index → landlord company index, for rented homes
    tenancy: dict[int, int] = field(default_factory=dict)

    def account_of(self, kind: str, idx: int) -> Account:
        """The main account of a person or company."""
        return self.accounts[self.main_account[(kind, idx)]]
