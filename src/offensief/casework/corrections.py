"""Correction requests: a partner that sees a wrong value in someone else's dataset asks the
supplier to correct it. Never a write into that dataset: the supplier decides and, if it
agrees, loads a corrected file itself.

Requests are made from a case (the requester must be a member with the dataset attached),
go to the dataset's supplying partner, and are listed only to that partner's loaders and to
the requesting partner. Each step is audited without the proposed value (audit entries are
kept longer than the data they are about).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from offensief.access.policy import Resource, can, supplies
from offensief.access.rules import ROLE_ACTIONS
from offensief.cases.service import case_ref, get_case
from offensief.casework.caller import Caller
from offensief.db.base import utcnow
from offensief.db.integrity import CorrectionRequest
from offensief.model.errors import Conflict, InputError, NotFound, PermissionDenied


@dataclass(frozen=True)
class Correction:
    """One correction request as its parties see it."""

    id: int
    dataset: str
    partner: str
    entity_id: str
    prop: str
    value: str
    reason: str
    requester: str
    requester_partner: str
    case_id: int | None
    status: str
    created_at: datetime
    decided_by: str | None
    note: str

    @classmethod
    def of(cls, row: CorrectionRequest) -> Correction:
        return cls(row.id, row.dataset, row.partner, row.entity_id, row.prop, row.value, row.reason,
                   row.requester, row.requester_partner, row.case_id, row.status, row.created_at,
                   row.decided_by, row.note)

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["created_at"] = self.created_at.isoformat(timespec="seconds")
        return data


def is_loader(caller: Caller) -> bool:
    """Whether the caller holds a loading role (decides requests to its organisation)."""
    return any("load" in ROLE_ACTIONS.get(role, ()) for role in caller.actor.roles)


def request(caller: Caller, *, case_id: int, dataset: str, entity_id: str, prop: str, value: str,
            reason: str) -> Correction:
    """File a request to ``dataset``'s supplier, from a case in which the caller sees it."""
    if not reason.strip():
        raise InputError("a correction request needs a reason", field="reason")
    db = caller.session()
    try:
        case = get_case(db, case_id)
    except NotFound:
        case = None
    ref = case_ref(case) if case is not None else None
    if ref is None or caller.actor.id not in ref.member_ids:  # the same answer: no such case
        raise NotFound(f"no case {case_id} of yours")
    caller.allow("read_pseudonymised", case=ref, dataset=dataset, audit_as="",
                 what={"correction": dataset})
    attached = ref.datasets.get(dataset)
    if attached is None:
        raise NotFound(f"dataset {dataset!r} is not attached to this case")
    decision = can(caller.actor, "request_correction", Resource(dataset=dataset, owner=attached.partner))
    if not decision:
        caller.audit("denied", case=ref, what={"action": "request_correction", "dataset": dataset,
                                               "rule": decision.rule})
        raise PermissionDenied(f"request_correction denied: {decision.rule}", rule=decision.rule)
    row = CorrectionRequest(dataset=dataset, partner=attached.partner, entity_id=entity_id, prop=prop,
                            value=value, reason=reason, requester=caller.actor.username,
                            requester_partner=caller.actor.partner, case_id=ref.id)
    db.add(row)
    db.flush()
    caller.audit("correction_request", case=ref, what={"request": row.id, "dataset": dataset,
                                                       "entity": entity_id, "prop": prop,
                                                       "to": attached.partner})
    return Correction.of(row)


def listing(caller: Caller) -> list[Correction]:
    """Requests to the caller's organisation (for its loaders) and those it made."""
    actor = caller.actor
    rows = caller.session().scalars(select(CorrectionRequest).where(or_(
        CorrectionRequest.partner.in_({actor.partner, actor.partner_kind}),
        CorrectionRequest.requester_partner == actor.partner)).order_by(CorrectionRequest.id.desc()))
    mine = [Correction.of(r) for r in rows
            if r.requester_partner == actor.partner or (is_loader(caller) and supplies(actor, r.partner))]
    caller.audit("correction_list", what={"rows": len(mine)})
    return mine


def decide(caller: Caller, *, request_id: int, accept: bool, note: str = "") -> Correction:
    """The supplier's loader accepts or rejects an open request (nothing is written to the
    dataset: an accepted correction is loaded by the supplier as a corrected file)."""
    row = caller.session().get(CorrectionRequest, request_id)
    if row is None or not (is_loader(caller) and supplies(caller.actor, row.partner)):
        raise NotFound(f"no correction request {request_id} to your organisation")
    if row.status != "open":
        raise Conflict(f"correction request {request_id} is already {row.status}")
    row.status = "accepted" if accept else "rejected"
    row.decided_at, row.decided_by, row.note = utcnow(), caller.actor.username, note
    caller.audit("correction_decide", case=row.case_id,
                 what={"request": row.id, "dataset": row.dataset, "status": row.status})
    return Correction.of(row)


@dataclass(frozen=True)
class Target:
    """A value on a profile the caller may ask the supplier of ``dataset`` to correct."""

    dataset: str
    partner: str
    entity_id: str
    prop: str
    value: str

    @property
    def key(self) -> str:
        return f"{self.dataset}::{self.prop}::{self.entity_id}"


def targets(caller: Caller, values: list[Any]) -> list[Target]:
    """The (value, source) pairs of a profile whose dataset belongs to another partner and
    for which the policy allows ``request_correction`` (what to offer; the request itself
    is checked again and audited by :func:`request`)."""
    found: dict[str, Target] = {}
    for value in values:
        for source in value.sources:
            owner = source.get("partner") or ""
            if not owner or not can(caller.actor, "request_correction",
                                    Resource(dataset=source["dataset"], owner=owner)):
                continue
            target = Target(source["dataset"], owner, source["source_id"], value.prop, value.value)
            found.setdefault(target.key, target)
    return list(found.values())
