"""The derived-data rule: a finding about a person is shown in clear only to a viewer who may
read every dataset it was computed from in clear.

Every derived result (role and score, community, network position, alert, trace, asset,
plan target, what-if removal) carries its :class:`Inputs`: the datasets it rests on and,
for this viewer, those of them it may not read in clear. When that list is empty the
finding is *disclosed*; otherwise it is shown about a subject token (a per-case token of
the entity id, never linked to the entity's page or its source ids), and amounts and
evidence taken from the inputs are left out. ``reason`` says why, for the page.

>>> from offensief.access.pseudonym import Pseudonymiser
>>> rule = Disclosure({"kvk": "clear", "politie-bvh": "token"},
...                   Pseudonymiser(secret=b"k" * 32, case_id=1))
>>> rule.basis(["kvk"]).disclosed
True
>>> hidden = rule.basis(["kvk", "politie-bvh"])
>>> hidden.disclosed, hidden.withheld
(False, ('politie-bvh',))
>>> is_token(rule.subject("p0", ["p0"], hidden, {"p0": "Karel"}).name)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from offensief.access.pseudonym import Pseudonymiser, is_token
from offensief.access.view import CLEAR, CaseView


@dataclass(frozen=True)
class Inputs:
    """The datasets a finding was computed from, and those the viewer may not see in clear."""

    datasets: tuple[str, ...]
    withheld: tuple[str, ...] = ()

    @property
    def disclosed(self) -> bool:
        return not self.withheld

    @property
    def reason(self) -> str:
        if self.disclosed:
            return "you see every dataset this rests on in clear"
        return (f"rests on {', '.join(self.withheld)}, which you may not read in clear: "
                "persons are shown as tokens, amounts and evidence are left out")

    def to_dict(self) -> dict[str, Any]:
        return {"datasets": list(self.datasets), "withheld": list(self.withheld),
                "disclosed": self.disclosed, "reason": self.reason}


@dataclass(frozen=True)
class Subject:
    """Who a finding is about, as this viewer may see it."""

    ref: str  # the entity id when disclosed, else its subject token
    name: str
    source_ids: list[str] = field(default_factory=list)
    pseudonymised: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def best_name(names: Iterable[str], default: str) -> str:
    """The name to show: a clear one before a token, then alphabetical."""
    found = sorted(names, key=lambda c: (is_token(c), c))
    return found[0] if found else default


@dataclass
class Disclosure:
    """The rule for one viewer of one case: its dataset levels and the case's pseudonymiser."""

    levels: Mapping[str, str]
    pseudonymiser: Pseudonymiser

    @classmethod
    def of(cls, view: CaseView) -> Disclosure:
        return cls(dict(view.levels), view.pseudonymiser)

    def basis(self, datasets: Iterable[str]) -> Inputs:
        names = tuple(sorted(set(datasets)))
        return Inputs(names, tuple(d for d in names if self.levels.get(d) != CLEAR))

    def token(self, entity_id: str) -> str:
        """The subject token of an entity (stable in the case, not the token of any value)."""
        return self.pseudonymiser.token(f"subject {entity_id}")

    def subject(self, entity_id: str, source_ids: Iterable[str], basis: Inputs,
                captions: Mapping[str, str]) -> Subject:
        """The subject of a finding: its name (clear or token) and ids when disclosed, else
        only its subject token."""
        if not basis.disclosed:
            token = self.token(entity_id)
            return Subject(ref=token, name=token, source_ids=[], pseudonymised=True)
        ids = [entity_id, *source_ids]
        name = best_name((captions[i] for i in ids if captions.get(i, i) != i), entity_id)
        return Subject(ref=entity_id, name=name, source_ids=sorted(set(source_ids)),
                       pseudonymised=is_token(name))

    def unmask(self, refs: Iterable[str], candidates: Iterable[str]) -> dict[str, str]:
        """Subject token -> entity id for the tokens among ``refs`` (e.g. a path request
        from a pseudonymised network), looked up among ``candidates``."""
        wanted = {r for r in refs if is_token(r)}
        if not wanted:
            return {}
        return {tok: eid for eid in candidates if (tok := self.token(eid)) in wanted}
