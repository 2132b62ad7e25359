"""Nominees: registered holders who are unlikely to be the owner of what they hold.

A straw man (*katvanger*) or money mule is registered as owner or keeper so that the real
owner stays out of the registers. The indicators are the red flags of the FATF guidance on
beneficial ownership (2014, 2023) and on real estate (2022) and of the Dutch "unexplained
purchase" indicator of Zicht op Ondermijning (a price above the household's budget):

* ``income`` — the person's whole recorded income (less purchase money that only passed
  through their accounts) cannot explain the asset's value — unless their own accounts or
  companies they own paid most of it;
* ``benefits`` — at least half of the money coming in is a benefit or allowance
  (:data:`BENEFIT_WORDS`), a household without means of its own;
* ``young`` — younger than :data:`YOUNG` when the asset was acquired (or today): the age range
  of "jonge aanwas", recruitment of young people into drug crime (8–23);
* ``many`` — registered holder of at least :data:`MANY` vehicles or properties (a keeper of
  many vehicles is the classic *katvanger*);
* ``mule`` — their accounts take part in laundering alerts;
* ``kin`` — not in the network themselves, but a relative or associate of a member (someone
  whose accounts take part in laundering alerts, or the controller inferred behind a corporate
  cluster): straw men are recruited in the network's families and circles.

Each indicator carries a likelihood ratio (:data:`LR`): how much less likely the indicator is
seen when the holder is the owner than when they are a nominee.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from offensief.finance.funds import Money
from offensief.finance.registers import Registers

BENEFIT_WORDS = ("uitkering", "uwv", "svb", "bijstand", "toeslag", "aow ", "wajong", "participatiewet",
                 "kinderbijslag", "benefit", "allowance", "welfare")
YOUNG = 23.0
MANY = 3
#: Likelihood ratio of each indicator against "this registered holder is the beneficial owner".
LR = {"income": 0.25, "benefits": 0.5, "young": 0.5, "many": 0.5, "mule": 0.5, "kin": 0.5}


@dataclass(frozen=True)
class Indicator:
    kind: str
    text: str

    @property
    def lr(self) -> float:
        return LR[self.kind]


def indicators(reg: Registers, money: Money, person: str, *, value: float, acquired: date | None,
               passed: float = 0.0, mules: frozenset[str] = frozenset(), network: frozenset[str] = frozenset(),
               kinds: Mapping[str, str] | None = None, paid_it: bool = False) -> list[Indicator]:
    """The nominee indicators that hold for ``person`` as registered holder of an asset worth
    ``value``; ``network`` the members of the network; ``passed`` is purchase money that only passed through their accounts; ``kinds``
    the kind of every asset (``vehicle``, ``real_estate``, …); ``paid_it``: most of the
    purchase money was traced to the person's own accounts or companies they own (they had it,
    whatever the records show of their private income)."""
    if not reg.is_person(person):
        return []
    found = []
    accounts = money.accounts.get(person, [])
    if accounts and value > 0:
        income = max(0.0, money.income.get(person, 0.0) - passed)
        if income < value and not paid_it:
            found.append(Indicator("income", f"recorded income EUR {income:,.0f} cannot explain an asset of "
                                             f"EUR {value:,.0f}"))
        total, benefit = -passed, 0.0
        for account in accounts:
            for _, tx, _, amount in money.inflows.get(account, []):
                total += amount
                if any(w in money.texts.get(tx, "") for w in BENEFIT_WORDS):
                    benefit += amount
        if total > 0 and benefit >= 0.5 * total:
            found.append(Indicator("benefits", f"lives on benefits ({benefit / total:.0%} of the money received)"))
    age = reg.age_on(person, acquired or date.today())
    if age is not None and age < YOUNG:
        found.append(Indicator("young", f"{age:.0f} years old when it was acquired"))
    held = [a for a in reg.held.get(person, []) if (kinds or {}).get(a) in ("vehicle", "real_estate")]
    if len(set(held)) >= MANY:
        found.append(Indicator("many", f"registered holder of {len(set(held))} vehicles or properties"))
    if person in mules:
        found.append(Indicator("mule", "their accounts take part in laundering alerts"))
    kin = sorted(o for o in reg.ties.get(person, {}) if o in network and o != person)
    if kin and person not in network:
        found.append(Indicator("kin", f"relative or associate of {len(kin)} member(s) of the network"))
    return found
