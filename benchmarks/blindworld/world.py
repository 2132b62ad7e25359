"""The true world: people, firms, accounts and what happened between them.

Sources (``sources.py``) only ever see this through their own noisy lens; the ground truth
(``truth.py``) is written from it directly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .names import Name
from .places import Address, draw_iban

START = datetime(2024, 3, 1)
DAYS = 365
CASH_THRESHOLD = 10_000.0  # Wwft objective indicator for cash in this period (EUR)


@dataclass
class Person:
    tid: str
    name: Name
    female: bool
    birth: date
    address: Address
    phone: str
    email: str | None = None
    nationality: str = "nl"
    resident: bool = True
    role: str = "background"
    group: str | None = None
    fac_type: str | None = None
    profession: str | None = None
    step: str | None = None


@dataclass
class Company:
    tid: str
    name: str
    legal_form: str
    kvk: str | None
    sector: str
    address: Address
    phone: str | None
    country: str = "nl"
    kind: str = "business"
    group: str | None = None
    founded: date = date(2015, 1, 1)


@dataclass
class Payment:
    txid: str
    ts: datetime
    payer: str  # IBAN, or "" for a cash deposit
    beneficiary: str  # IBAN, or "" for a cash withdrawal
    amount: float
    kind: str  # mutatiesoort as the bank exports it
    text: str  # omschrijving


@dataclass
class World:
    seed: int
    rng: random.Random
    persons: dict[str, Person] = field(default_factory=dict)
    companies: dict[str, Company] = field(default_factory=dict)
    accounts: dict[str, tuple[str, str]] = field(default_factory=dict)  # iban -> (holder, bank)
    holdings: dict[str, list[str]] = field(default_factory=dict)  # holder -> ibans
    payments: list[Payment] = field(default_factory=list)
    calls: list[tuple[str, str, str, str, datetime, int]] = field(default_factory=list)
    meetings: list[tuple[datetime, str, tuple[str, ...]]] = field(default_factory=list)
    directors: list[tuple[str, str, str, date]] = field(default_factory=list)  # person, co, role
    shares: list[tuple[str, str, float, str]] = field(default_factory=list)  # owner, co, %, role
    ubo: list[tuple[str, str, str]] = field(default_factory=list)  # person, co, kind
    receipts: list[tuple[str, str]] = field(default_factory=list)  # holder, STAK (not published)
    families: list[tuple[str, str, str]] = field(default_factory=list)
    associates: list[tuple[str, str]] = field(default_factory=list)
    employment: list[tuple[str, str]] = field(default_factory=list)  # person, company
    vehicles: list[dict] = field(default_factory=list)
    estates: list[dict] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    facilitators: list[dict] = field(default_factory=list)
    instances: list[dict] = field(default_factory=list)
    benign: list[dict] = field(default_factory=list)
    assets: list[dict] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)

    def next_id(self, prefix: str) -> str:
        n = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = n
        return f"{prefix}{n:05d}"

    def open_account(self, holder: str, country: str = "NL") -> str:
        iban, bank = draw_iban(self.rng, self.used, country)
        self.accounts[iban] = (holder, bank)
        self.holdings.setdefault(holder, []).append(iban)
        return iban

    def account(self, holder: str) -> str:
        """The holder's main account (opened on first use)."""
        ibans = self.holdings.get(holder)
        return ibans[0] if ibans else self.open_account(holder)

    def pay(self, ts: datetime, payer: str, beneficiary: str, amount: float, kind: str,
            text: str) -> str:
        txid = f"{len(self.payments) + 1:09d}"
        self.payments.append(Payment(txid, ts, payer, beneficiary, round(amount, 2), kind, text))
        return txid

    def call(self, a: str, b: str, ts: datetime, a_num: str | None = None,
             b_num: str | None = None, seconds: int | None = None) -> None:
        num_a = a_num or self.phone_of(a)
        num_b = b_num or self.phone_of(b)
        if num_a and num_b:
            dur = seconds if seconds is not None else int(self.rng.expovariate(1 / 140)) + 5
            self.calls.append((a, b, num_a, num_b, ts, dur))

    def phone_of(self, tid: str) -> str | None:
        if tid in self.persons:
            return self.persons[tid].phone
        return self.companies[tid].phone

    def when(self, lo: int = 0, hi: int = DAYS - 1) -> datetime:
        """A random moment on a day in [lo, hi] of the period, during waking hours."""
        day = self.rng.randint(lo, hi)
        return START + timedelta(days=day, seconds=self.rng.randint(7 * 3600, 22 * 3600))
