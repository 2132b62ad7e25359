"""Interventions in a case: propose, move through their states, seizures and money.

Rights (documented in docs/programme.md): reading a case's interventions needs case
membership (``read_pseudonymised`` on the case); proposing needs ``judge`` in the case
(analysts, investigators); approving, executing, recording results, seizures and money
follow :func:`offensief.cases.interventions.check_move` (the responsible partner, OM for
criminal barriers, four eyes). Confiscation orders and their collection are recorded by
OM or the responsible partner; fiscal amounts by the tax office, FIOD or the responsible
partner. Every change is audited with the rule that allowed it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from offensief.access.policy import CaseRef
from offensief.cases import interventions as rules
from offensief.cases.results import RECOVERY_STAGES, check_bound, euros, to_cents
from offensief.cases.service import case_ref, get_case
from offensief.casework.caller import Caller
from offensief.casework.subjects import check_subjects
from offensief.db.cases import Case
from offensief.db.interventions import (
    Intervention,
    InterventionEvent,
    InterventionSubject,
    RecoveryAmount,
    SeizedItem,
)
from offensief.model.errors import Conflict, InputError, NotFound, PermissionDenied

SUBJECT_KINDS = ("person", "company", "asset")
ITEM_KINDS = ("weapon", "cash", "vehicle", "real-estate", "crypto", "bank-balance", "drugs",
              "goods", "other")
#: Stage → partner kinds that record it (besides the intervention's responsible partner).
STAGE_PARTNERS: dict[str, frozenset[str]] = {
    "ontneming": frozenset({"om"}), "inning": frozenset({"om"}),
    "aanslag": frozenset({"belastingdienst", "fiod"}),
    "fiscale-inning": frozenset({"belastingdienst", "fiod"}),
}


@dataclass
class Subject:
    """A person, company or asset an intervention concerns (by entity id)."""

    entity_id: str
    kind: str = "person"
    role: str | None = None
    removed: bool = False


@dataclass
class InterventionOut:
    """One intervention as its readers see it (amounts as exact euro strings)."""

    id: int
    case: str
    kind: str
    instrument: str
    partner: str
    legal_basis: str
    region: str
    measure: str | None
    status: str
    plan_rank: int | None
    note: str
    outcome: str | None
    proposed_by: str
    proposed_on: date
    approved_by: str | None
    approved_on: date | None
    executed_on: date | None
    result_on: date | None
    cancelled_on: date | None
    subjects: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    money: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    moves: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, date):
                out[key] = value.isoformat()
        return out


def describe(row: Intervention, case: Case) -> InterventionOut:
    """The output shape of one intervention row."""
    return InterventionOut(
        id=row.id, case=case.name, kind=row.kind, instrument=row.instrument, partner=row.partner,
        legal_basis=row.legal_basis, region=row.region, measure=row.measure, status=row.status,
        plan_rank=row.plan_rank, note=row.note, outcome=row.outcome, proposed_by=row.proposed_by,
        proposed_on=row.proposed_on, approved_by=row.approved_by, approved_on=row.approved_on,
        executed_on=row.executed_on, result_on=row.result_on, cancelled_on=row.cancelled_on,
        subjects=[{"entity_id": s.entity_id, "kind": s.kind, "role": s.role, "removed": s.removed}
                  for s in sorted(row.subjects, key=lambda s: s.entity_id)],
        items=[{"id": i.id, "kind": i.kind, "description": i.description,
                "identifier": i.identifier, "entity_id": i.entity_id,
                "value_eur": str(euros(i.value_cents)), "seized_on": i.seized_on.isoformat()}
               for i in row.items],
        money=[{"id": m.id, "stage": m.stage, "amount_eur": str(euros(m.cents)),
                "on": m.dated.isoformat(), "reference": m.reference} for m in row.money],
        history=[{"from": e.from_status, "to": e.to_status, "actor": e.actor,
                  "partner": e.partner, "rule": e.rule, "on": e.dated.isoformat()}
                 for e in row.events],
        moves=list(rules.MOVES[row.status]),
    )


def open_case(caller: Caller, case: str | int, *, action: str = "read_pseudonymised",
              what: dict[str, Any] | None = None) -> tuple[Case, CaseRef]:
    """The case, if the caller may ``action`` in it (audited, denial too). To a non-member an
    existing case and a missing one look alike, so case names do not leak."""
    try:
        row = get_case(caller.session(), case)
    except NotFound:
        raise NotFound(f"no case {case!r} that you are a member of") from None
    ref = case_ref(row)
    if caller.actor.id not in ref.member_ids:
        caller.audit("denied", what={"action": action, "case": str(case), "rule": "not a member"})
        raise NotFound(f"no case {case!r} that you are a member of")
    caller.allow(action, case=ref, what={"case": row.name, **(what or {})})
    return row, ref


def moves_for(caller: Caller, item: InterventionOut) -> list[str]:
    """The moves of ``item`` the rules would let this caller make (to offer, not to decide)."""
    facts = rules.Facts(status=item.status, kind=item.kind, partner=item.partner,
                        proposed_by=item.proposed_by)
    out = []
    for to in rules.MOVES[item.status]:
        try:
            rules.check_move(facts, to, actor=caller.actor.username, actor_partner=_partner(caller))
        except PermissionDenied:
            continue
        out.append(to)
    return out


def _intervention(caller: Caller, case: Case, intervention_id: int) -> Intervention:
    row = caller.session().get(Intervention, intervention_id)
    if row is None or row.case_id != case.id:
        raise NotFound(f"no intervention {intervention_id} in case {case.name!r}")
    return row


def _partner(caller: Caller) -> str:
    return caller.actor.partner_kind


def add_intervention(
    caller: Caller, *, case: str | int, kind: str, instrument: str, partner: str, region: str,
    subjects: list[Subject], legal_basis: str | None = None, measure: str | None = None,
    note: str = "", plan_rank: int | None = None, on: date | None = None,
) -> InterventionOut:
    """Propose an intervention in ``case`` (needs ``judge`` in the case)."""
    row, ref = open_case(caller, case, action="judge",
                         what={"intervention": "propose", "instrument": instrument})
    default_basis = rules.validate(kind=kind, instrument=instrument, partner=partner, region=region)
    if not subjects:
        raise InputError("an intervention concerns at least one person, company or asset",
                         field="subject")
    for s in subjects:
        if s.kind not in SUBJECT_KINDS:
            raise InputError(f"subject kind must be one of {', '.join(SUBJECT_KINDS)}",
                             field="subject")
    if len({s.entity_id for s in subjects}) != len(subjects):
        raise InputError("a subject is named twice", field="subject")
    check_subjects(caller, row, [s.entity_id for s in subjects])
    today = on or date.today()
    item = Intervention(case_id=row.id, kind=kind, instrument=instrument, partner=partner,
                        legal_basis=(legal_basis or default_basis).strip(), region=region,
                        measure=measure, status="proposed", plan_rank=plan_rank, note=note,
                        proposed_by=caller.actor.username, proposed_on=today)
    item.subjects = [InterventionSubject(entity_id=s.entity_id, kind=s.kind, role=s.role,
                                         removed=False) for s in subjects]
    item.events = [InterventionEvent(from_status=None, to_status="proposed",
                                     actor=caller.actor.username, partner=caller.actor.partner,
                                     rule="case member with judge", dated=today)]
    session = caller.session()
    session.add(item)
    session.flush()
    caller.audit("intervention_propose", case=ref,
                 what={"intervention": item.id, "kind": kind, "instrument": instrument,
                       "partner": partner, "subjects": [s.entity_id for s in subjects]})
    session.commit()
    return describe(item, row)


def move_intervention(
    caller: Caller, *, case: str | int, intervention_id: int, to: str, on: date | None = None,
    outcome: str | None = None, removed: list[str] | None = None,
) -> InterventionOut:
    """Move an intervention to ``to`` under the rules; ``removed`` (with ``result``) names the
    subjects the result took out of the network (default: a held arrest's persons)."""
    row, ref = open_case(caller, case, what={"intervention": intervention_id, "to": to})
    item = _intervention(caller, row, intervention_id)
    facts = rules.Facts(status=item.status, kind=item.kind, partner=item.partner,
                        proposed_by=item.proposed_by)
    try:
        rule = rules.check_move(facts, to, actor=caller.actor.username,
                                actor_partner=_partner(caller))
    except PermissionDenied as exc:
        caller.audit("denied", case=ref, what={"intervention": item.id, "to": to,
                                                "rule": exc.details.get("rule")})
        raise
    when = on or date.today()
    previous = {"approved": item.proposed_on, "executed": item.approved_on,
                "result": item.executed_on, "cancelled": item.approved_on or item.proposed_on}
    rules.check_dates(previous[to], when, field=f"{to}_on")
    if to == "result":
        if not outcome or not outcome.strip():
            raise InputError("a result needs an outcome", field="outcome")
        known = {s.entity_id: s for s in item.subjects}
        chosen = removed if removed is not None else (
            [s.entity_id for s in item.subjects if s.kind == "person"]
            if item.instrument in rules.REMOVING else [])
        unknown = [e for e in chosen if e not in known]
        if unknown:
            raise InputError(f"not a subject of this intervention: {', '.join(unknown)}",
                             field="removed")
        for entity in chosen:
            known[entity].removed = True
        item.outcome, item.result_on = outcome.strip(), when
    elif to == "approved":
        item.approved_by, item.approved_on = caller.actor.username, when
    elif to == "executed":
        item.executed_on = when
    else:
        item.cancelled_on = when
        if outcome:
            item.outcome = outcome.strip()
    before, item.status = item.status, to
    item.events.append(InterventionEvent(from_status=before, to_status=to,
                                         actor=caller.actor.username,
                                         partner=caller.actor.partner, rule=rule, dated=when))
    caller.audit(f"intervention_{to}", case=ref,
                 what={"intervention": item.id, "from": before, "rule": rule})
    caller.session().commit()
    return describe(item, row)


def _recorder(caller: Caller, ref: CaseRef, item: Intervention, partners: frozenset[str],
              action: str) -> None:
    if item.status not in ("executed", "result"):
        raise Conflict(f"intervention {item.id} is {item.status}; record {action} after "
                       "it was executed")
    if _partner(caller) != item.partner and _partner(caller) not in partners:
        rule = f"only {item.partner} or {', '.join(sorted(partners)) or '-'} records {action}"
        caller.audit("denied", case=ref, what={"intervention": item.id, "rule": rule})
        raise PermissionDenied(f"{action} denied: {rule}", action=action, rule=rule)


def record_item(
    caller: Caller, *, case: str | int, intervention_id: int, kind: str, value: str = "0",
    identifier: str | None = None, entity_id: str | None = None, description: str = "",
    on: date | None = None,
) -> InterventionOut:
    """A seized item (a weapon with its serial number, cash, a car...) with its value."""
    row, ref = open_case(caller, case)
    item = _intervention(caller, row, intervention_id)
    _recorder(caller, ref, item, frozenset(), "seizure")
    if kind not in ITEM_KINDS:
        raise InputError(f"item kind must be one of {', '.join(ITEM_KINDS)}", field="kind")
    if kind == "weapon" and not (identifier or "").strip():
        raise InputError("a seized weapon needs its identifier (serial number)",
                         field="identifier")
    seized_on = on or item.executed_on or date.today()
    rules.check_dates(item.executed_on, seized_on, field="seized_on")
    if entity_id:
        check_subjects(caller, row, [entity_id], field="entity_id")
    cents = to_cents(value, field="value")
    item.items.append(SeizedItem(kind=kind, description=description, identifier=identifier,
                                 entity_id=entity_id, value_cents=cents, seized_on=seized_on))
    caller.audit("intervention_seizure", case=ref,
                 what={"intervention": item.id, "kind": kind, "value_eur": str(euros(cents)),
                       "entity": entity_id})
    caller.session().commit()
    return describe(item, row)


def record_money(
    caller: Caller, *, case: str | int, intervention_id: int, stage: str, amount: str,
    on: date | None = None, reference: str = "",
) -> InterventionOut:
    """A confiscation order, a collection on it, a fiscal assessment or a fiscal collection."""
    row, ref = open_case(caller, case)
    item = _intervention(caller, row, intervention_id)
    if stage not in RECOVERY_STAGES:
        raise InputError(f"stage must be one of {', '.join(RECOVERY_STAGES)}", field="stage")
    _recorder(caller, ref, item, STAGE_PARTNERS[stage], stage)
    when = on or date.today()
    rules.check_dates(item.executed_on, when, field="on")
    cents = to_cents(amount)
    so_far: dict[str, int] = {}
    for m in item.money:
        so_far[m.stage] = so_far.get(m.stage, 0) + m.cents
    check_bound(stage, so_far=so_far, adding=cents)
    item.money.append(RecoveryAmount(stage=stage, cents=cents, dated=when, reference=reference))
    caller.audit("intervention_money", case=ref,
                 what={"intervention": item.id, "stage": stage, "amount_eur": str(euros(cents))})
    caller.session().commit()
    return describe(item, row)


def list_interventions(caller: Caller, *, case: str | int,
                       status: str | None = None) -> list[InterventionOut]:
    """A case's interventions for a case member."""
    row, _ = open_case(caller, case, what={"view": "interventions"})
    query = select(Intervention).where(Intervention.case_id == row.id).order_by(Intervention.id)
    items = list(caller.session().scalars(query))
    return [describe(i, row) for i in items if status is None or i.status == status]
