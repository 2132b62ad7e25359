"""Candidate beneficial owners of one asset, ranked by the evidence for each.

Each piece of evidence carries a *likelihood ratio* (:data:`LR`): how many times more likely
it is to be seen when the candidate is the beneficial owner than when they are not. A
candidate's weight is the product of its ratios (its odds against a person with no evidence at
all), and its ``confidence`` = weight / (1 + the sum of all candidates' weights), the 1 standing
for "someone not among the candidates". The ratios are priors from case practice (FATF
guidance on beneficial ownership 2014/2023 and on real estate 2022; afpakken "follow the
money"), not fitted:

=============  =====  ==========================================================================
evidence        LR    meaning
=============  =====  ==========================================================================
``register``      8   registered owner (≥ the UBO threshold up the chain) or declared UBO: most
                      registered owners own what they hold
``pseudo_ubo``  1.5   a senior manager registered because no owner could be established, or the
                      directors of a company without qualifying owners: they run it
``funds``        30   paid the whole purchase price (their own accounts or companies they own or
                      run, traced back hop by hop); a share s of the price gives 30 ** s; money
                      via a firm one only runs is not counted for a nominee whose accounts take
                      part in laundering alerts (he fronts the firm as he fronts the asset)
``costs``         3   pays its running costs (mortgage, insurance, road tax, energy) named in
                      the payment
``rent``          3   pays rent to a holder whose register names no owner, or that they control
                      (rent to an own BV); rent to a landlord with a visible owner is no evidence
``drives``        5   seen driving the vehicle (its ``operator``): among the people around a
                      car, its owner is the one who drives it
``use``           3   lives at its address (adults, at most :data:`MAX_RESIDENTS`), or runs a
                      firm established there: owners live in their homes, but so do tenants
``household``     3   the adult with the most recorded income at the address of a registered
                      holder whose income cannot explain the asset (a partner's or child's
                      car): a household spends its earners' money
``controller``    2   the person behind a corporate cluster's straw men or the one a straw man
                      launders with (:mod:`offensief.finance.ownership`), *inferred* from the
                      firms' money received beyond a wage, and ties: in a criminal network many
                      people are paid by its firms and related to its members, so this is
                      circumstantial
``tie``         1.5   relative or associate of a registered holder who shows nominee
                      indicators: straw men come from the owner's circle, but so do others
nominee        0.25–  each nominee indicator of a registered holder or of a person whose firms
               0.5    paid (:mod:`.nominees`); fronting for an inferred controller: 0.5
=============  =====  ==========================================================================

Evidence counts once: money that came from firms whose control is itself only inferred is not
credited to the inferred controller a second time as source of funds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LR = {"register": 8.0, "pseudo_ubo": 1.5, "funds": 30.0, "costs": 3.0, "rent": 3.0, "drives": 5.0,
      "use": 3.0, "household": 3.0, "controller": 2.0, "tie": 1.5, "fronting": 0.5}
#: A street address with more registered residents than this is a building, not a household.
MAX_RESIDENTS = 6
#: Adults: a child living in the house owns nothing of it.
ADULT = 18.0
#: Least (product of) nominee ratios: five indicators say the same thing more than once.
FLOOR = 1 / 32


def mark(entity: str) -> str:
    """An entity named in an evidence text: a ``{{id}}`` mark, captioned per viewer when shown
    (:mod:`offensief.casework.idchain`), so that results hold ids, never names."""
    return "{{" + entity + "}}"


@dataclass
class Candidate:
    """One candidate beneficial owner of one asset, with the evidence for it."""

    entity: str
    weight: float = 1.0
    evidence: list[str] = field(default_factory=list)
    details: list[dict[str, Any]] = field(default_factory=list)
    against: float = 1.0  # product of the ratios below 1 so far

    def add(self, kind: str, text: str, *, lr: float | None = None, transactions: list[str] | None = None,
            entities: list[str] | None = None) -> None:
        """Multiply in one piece of evidence (``lr`` defaults to :data:`LR` of its kind)."""
        ratio = LR[kind] if lr is None else lr
        if ratio < 1.0:
            lowered = max(FLOOR, self.against * ratio)
            ratio, self.against = lowered / self.against, lowered
        self.weight *= ratio
        self.evidence.append(text)
        self.details.append({"kind": kind, "lr": round(ratio, 3), "text": text,
                             "transaction_ids": sorted(set(transactions or [])),
                             "entity_ids": sorted(set(entities or []))})

    @property
    def supported(self) -> bool:
        """Some evidence for the candidate (not only indicators against)."""
        return any(d["lr"] > 1.0 for d in self.details)


class Candidates(dict[str, Candidate]):
    """The candidates of one asset, in the order they were first named."""

    def of(self, entity: str) -> Candidate:
        if entity not in self:
            self[entity] = Candidate(entity)
        return self[entity]


def rank(candidates: Candidates) -> list[dict[str, Any]]:
    """Supported candidates best first, with their confidence. Ids only, no names: front ends
    name them per viewer, as they do the beneficial owner."""
    shown = [c for c in candidates.values() if c.supported]
    total = 1.0 + sum(c.weight for c in shown)
    ordered = sorted(shown, key=lambda c: -c.weight)  # stable: the first named goes first on ties
    return [{"entity": c.entity, "score": round(c.weight, 3), "confidence": round(c.weight / total, 3),
             "evidence": c.evidence, "evidence_detail": c.details} for c in ordered]
