"""The one decision: ``can(actor, action, resource)``.

The rules are the tables in :mod:`offensief.access.rules`; this module only interprets them.
Decisions carry the rule that decided, so denials can be explained without showing data.

>>> actor = Actor(id=1, username="an", partner="politie", partner_kind="politie",
...               roles=frozenset({"analyst"}))
>>> case = CaseRef(id=1, name="c", status="open", owner="politie", member_ids=frozenset({1}),
...                datasets={"bvh": DatasetRef("bvh", "politie", "wpg-9")})
>>> can(actor, "read", Resource(case=case, dataset="bvh")).allowed
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from offensief.access.rules import (
    ACTIONS,
    CASE_PARTNERS,
    DATA_ACTIONS,
    DATASET_ACTIONS,
    GLOBAL_ACTIONS,
    REGIME_CLEAR,
    REGIME_REVEAL,
    ROLE_ACTIONS,
)
from offensief.model.errors import InputError, PermissionDenied


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user of one partner with roles (``system`` for jobs)."""

    id: int
    username: str
    partner: str
    partner_kind: str
    roles: frozenset[str] = field(default_factory=frozenset)
    disabled: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "username": self.username, "partner": self.partner,
                "partner_kind": self.partner_kind, "roles": sorted(self.roles)}


@dataclass(frozen=True)
class DatasetRef:
    """A dataset as attached to a case: supplier, regime, released to the whole case or not."""

    name: str
    partner: str
    regime: str
    released: bool = False


@dataclass(frozen=True)
class CaseRef:
    """What the policy needs to know about a case."""

    id: int
    name: str
    status: str
    owner: str
    member_ids: frozenset[int]
    datasets: dict[str, DatasetRef] = field(default_factory=dict)


@dataclass(frozen=True)
class Resource:
    """What an action is about: nothing (global), a case, or a dataset inside a case;
    ``owner`` is the supplying partner of ``dataset`` (for writes to it)."""

    case: CaseRef | None = None
    dataset: str | None = None
    owner: str | None = None


def supplies(actor: Actor, owner: str) -> bool:
    """Whether ``actor``'s organisation is the supplying partner ``owner`` (by name, or by
    kind for datasets registered under a partner kind such as ``politie``)."""
    return actor.partner == owner or actor.partner_kind == owner


@dataclass(frozen=True)
class Decision:
    """The answer, with the rule that gave it."""

    allowed: bool
    rule: str

    def __bool__(self) -> bool:
        return self.allowed


def clear_access(actor: Actor, case: CaseRef, dataset: DatasetRef) -> str | None:
    """The rule that lets ``actor`` see ``dataset`` in clear in ``case``, or ``None``."""
    if dataset.released:
        return "released to the case"
    if actor.partner_kind == dataset.partner or actor.partner == dataset.partner:
        return "supplying partner"
    allowed = REGIME_CLEAR[dataset.regime]
    if actor.partner_kind in allowed:
        return f"{dataset.regime}: {actor.partner_kind} sees in clear"
    if CASE_PARTNERS in allowed and actor.id in case.member_ids:
        return f"{dataset.regime}: case partners under the covenant"
    return None


def can(actor: Actor, action: str, resource: Resource | None = None) -> Decision:
    """Decide whether ``actor`` may do ``action`` on ``resource``; never raises for 'no'."""
    if action not in ACTIONS:
        raise InputError(f"unknown action {action!r}; known: {', '.join(ACTIONS)}", field="action")
    resource = resource or Resource()
    if actor.disabled:
        return Decision(False, "account disabled")
    if not any(action in ROLE_ACTIONS.get(role, ()) for role in actor.roles):
        return Decision(False, f"no role of {actor.username} allows {action}")
    if action in GLOBAL_ACTIONS:
        return Decision(True, f"role allows {action}")
    if action in DATASET_ACTIONS:
        return _dataset_write(actor, action, resource)
    case = resource.case
    if case is None:
        if action in ("case_manage", "hit", "judge"):
            return Decision(True, f"role allows {action}")
        return Decision(False, f"{action} needs a case")
    if actor.id not in case.member_ids:
        if action == "case_manage" and "admin" in actor.roles:
            return Decision(True, "admin manages every case")
        return Decision(False, f"{actor.username} is not a member of case {case.name!r}")
    if action not in DATA_ACTIONS:
        return Decision(True, f"member of case {case.name!r}")
    if case.status != "open":
        return Decision(False, f"case {case.name!r} is {case.status}")
    if resource.dataset is None:
        if action in ("read_pseudonymised", "search"):
            return Decision(True, f"member of case {case.name!r}")
        return Decision(False, f"{action} needs a dataset")
    dataset = case.datasets.get(resource.dataset)
    if dataset is None:
        return Decision(False, f"dataset {resource.dataset!r} is not attached to case {case.name!r}")
    if action in ("read_pseudonymised", "search"):
        return Decision(True, f"member of case {case.name!r}, dataset attached")
    clear = clear_access(actor, case, dataset)
    if action in ("read", "export"):
        if clear:
            return Decision(True, clear)
        return Decision(False, f"{dataset.regime}: {actor.partner_kind} may not see in clear")
    # reveal
    if clear:
        return Decision(True, f"already visible: {clear}")
    if actor.partner_kind in REGIME_REVEAL[dataset.regime]:
        return Decision(True, f"{dataset.regime}: {actor.partner_kind} may reveal with a reason")
    return Decision(False, f"{dataset.regime}: {actor.partner_kind} may not reveal")


def _dataset_write(actor: Actor, action: str, resource: Resource) -> Decision:
    """Loading only by the supplying partner; a correction request only to another one."""
    if resource.dataset is None or resource.owner is None:
        return Decision(False, f"{action} needs a dataset and its supplying partner")
    own = supplies(actor, resource.owner)
    if action == "load":
        if own:
            return Decision(True, f"{actor.partner} supplies {resource.dataset!r}")
        return Decision(False, f"only the supplying partner {resource.owner!r} loads into "
                               f"{resource.dataset!r}; ask it for a correction instead")
    if own:
        return Decision(False, f"{actor.partner} supplies {resource.dataset!r}: load a corrected file")
    return Decision(True, f"a correction request goes to {resource.owner!r}")


def require(actor: Actor, action: str, resource: Resource | None = None) -> Decision:
    """Like :func:`can`, but raise :class:`PermissionDenied` naming the rule on 'no'."""
    decision = can(actor, action, resource)
    if not decision.allowed:
        raise PermissionDenied(f"{action} denied: {decision.rule}", action=action, rule=decision.rule)
    return decision
