"""What came of a case's interventions: afpakken, the effect against the plan, KPIs.

``case_results`` is for case members (the interventions with their subjects as entity ids
and display names masked for the viewer). ``kpi`` at ``case`` level is for case members
(their cases only); at ``region`` and ``national`` level it is aggregates, for holders of
``programme_read`` (the controller) or of case rights. ``measure_effect`` re-analyses the
network and needs ``read`` (in clear) on every dataset it uses: the measurement names
persons.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import igraph as ig
from sqlalchemy import select

from offensief.access.pseudonym import Pseudonymiser
from offensief.access.view import case_view
from offensief.cases import kpi as kpis
from offensief.cases.effect import measure
from offensief.cases.results import Money, funnel
from offensief.cases.service import case_ref, list_cases
from offensief.casework.caller import Caller
from offensief.casework.interventions import describe, moves_for, open_case
from offensief.casework.typed import Result
from offensief.db.cases import Case
from offensief.db.interventions import EffectMeasurement, Intervention
from offensief.disrupt.recovery import RecoveryParams
from offensief.model.errors import InputError
from offensief.store import lookup

#: Figures other registers (protection, prevention) add to the KPIs: providers
#: ``(level, keys) -> {key: {kpi: value}}``, registered here by the application layer.
KPI_PROVIDERS: tuple[kpis.Provider, ...] = ()


def money_rows(item: Intervention, case: str) -> list[Money]:
    """The afpakken amounts of one intervention (cohort year = year executed)."""
    if item.executed_on is None:
        return []
    year = item.executed_on.year
    rows = [Money(case=case, region=item.region, year=year, stage="beslag", cents=i.value_cents)
            for i in item.items]
    rows += [Money(case=case, region=item.region, year=year, stage=m.stage, cents=m.cents)
             for m in item.money]
    return rows


def record(item: Intervention, case: str) -> kpis.Record:
    """One intervention as the KPIs see it."""
    return kpis.Record(
        case=case, region=item.region, kind=item.kind, instrument=item.instrument,
        partner=item.partner, status=item.status, proposed_on=item.proposed_on,
        executed_on=item.executed_on, measure=item.measure,
        subjects=tuple((s.entity_id, s.kind, s.role, s.removed) for s in item.subjects),
        weapons=tuple(bool(i.entity_id) for i in item.items if i.kind == "weapon"),
        money=tuple(money_rows(item, case)))


def effect_of(row: EffectMeasurement, case: str) -> kpis.Effect:
    body = json.loads(row.body)
    return kpis.Effect(case=case, months_after=row.months_after,
                       before=float(body["capacity"]["before"]),
                       observed=float(body["capacity"]["observed"]))


def _latest_measurement(caller: Caller, case: Case) -> EffectMeasurement | None:
    return caller.session().scalar(
        select(EffectMeasurement).where(EffectMeasurement.case_id == case.id)
        .order_by(EffectMeasurement.id.desc()).limit(1))


@dataclass(frozen=True)
class CaseResults(Result):
    """One case's results: its interventions (with the caller's next moves and the subjects
    named as the caller may see them), afpakken (total and per year), the case KPIs and the
    latest effect measurement (person ids as tokens unless the caller reads every input)."""

    case: str
    interventions: list[dict[str, Any]]
    afpakken: dict[str, Any]
    kpi: dict[str, Any] | None
    effect: dict[str, Any] | None


@dataclass(frozen=True)
class KpiReport(Result):
    """KPIs at one level (case, region, national) with their definitions, one group per key."""

    level: str
    months: int
    drop: float
    definitions: dict[str, Any]
    groups: list[dict[str, Any]]


def case_results(caller: Caller, *, case: str | int) -> CaseResults:
    """Interventions, afpakken per year and the latest effect measurement of one case."""
    row, ref = open_case(caller, case, what={"view": "results"})
    items = list(caller.session().scalars(
        select(Intervention).where(Intervention.case_id == row.id).order_by(Intervention.id)))
    described = [describe(i, row) for i in items]
    out = [{**d.as_dict(), "my_moves": moves_for(caller, d)} for d in described]
    names = _names(caller, row, out)
    for item in out:
        for subject in item["subjects"]:
            subject["name"] = names.get(subject["entity_id"], subject["entity_id"])
    money = [m for i in items for m in money_rows(i, row.name)]
    measurement = _latest_measurement(caller, row)
    effect = None
    if measurement is not None:
        body = json.loads(measurement.body)
        visible = all(caller.can("read", case=ref, dataset=d).allowed
                      for d in body.get("datasets", []))
        if not visible:
            body = _pseudonymous(caller, row, body)
        effect = {"observed_on": measurement.observed_on.isoformat(),
                  "months_after": measurement.months_after, "in_clear": visible, **body}
    return CaseResults(
        case=row.name,
        interventions=out,
        afpakken={"total": funnel(money)[0].as_dict(),
                  "by_year": [f.as_dict() for f in funnel(money, by=("year",))]},
        kpi=kpis.compute([record(i, row.name) for i in items],
                         [effect_of(measurement, row.name)] if measurement else [],
                         level="case")[0].values if items else None,
        effect=effect,
    )


def _names(caller: Caller, case: Case, items: list[dict[str, Any]]) -> dict[str, str]:
    """Display names of the subjects, masked for the viewer (ids when there is no store)."""
    ids = sorted({s["entity_id"] for i in items for s in i["subjects"]})
    if not ids or caller.store is None or caller.workspace is None:
        return {}
    view = case_view(caller.store, caller.session(), actor=caller.actor, case=case,
                     secret=caller.workspace.secret, purpose=caller.purpose)
    sources = lookup.members_of(caller.store.con, ids, scope=view.scope())  # the case's resolution
    captions = view.captions(ids + sorted(s for group in sources.values() for s in group))
    named = {}
    for entity in ids:
        found = [captions[s] for s in [entity, *sorted(sources.get(entity, []))]
                 if captions.get(s, s) != s]
        named[entity] = found[0] if found else entity
    return named


def _pseudonymous(caller: Caller, case: Case, body: dict[str, Any]) -> dict[str, Any]:
    """The measurement with person ids replaced by the case's tokens."""
    if caller.workspace is None:
        token = lambda value: "(hidden)"
    else:
        pseudo = Pseudonymiser(secret=caller.workspace.secret, case_id=case.id)
        token = lambda value: pseudo.token(value, prop="id")
    body = dict(body)
    body["removed"] = [token(r) for r in body["removed"]]
    seen = dict(body["seen"])
    seen["replacements"] = [{"removed": token(r["removed"]), "by": token(r["by"])}
                            for r in seen["replacements"]]
    seen["takeovers"] = [{"removed": token(r["removed"]), "heir": token(r["heir"])}
                         for r in seen["takeovers"]]
    body["seen"] = seen
    return body


def measure_effect(
    caller: Caller, *, case: str | int, before: ig.Graph, after: ig.Graph,
    datasets: Sequence[str], observed_on: date, prior: RecoveryParams | None = None,
    runs: int = 100, seed: int = 0,
) -> dict[str, Any]:
    """Compare the plan's prediction with the network observed later, and store it.

    ``before``/``after`` are the case networks built from ``datasets`` (earlier and later
    data); the removed members are the subjects that the interventions' results removed.
    """
    row, ref = open_case(caller, case, action="judge", what={"effect": "measure"})
    for name in datasets:
        caller.allow("read", case=ref, dataset=name, audit_as="")
    items = list(caller.session().scalars(
        select(Intervention).where(Intervention.case_id == row.id,
                                   Intervention.status == "result")))
    names = set(before.vs["name"])
    removed = sorted({s.entity_id for i in items for s in i.subjects
                      if s.removed and s.kind == "person" and s.entity_id in names})
    if not removed:
        raise InputError("no intervention of this case removed a member of the network yet",
                         field="case")
    executed = max(i.executed_on for i in items if i.executed_on is not None)
    months = (observed_on.year - executed.year) * 12 + observed_on.month - executed.month
    if months < 0:
        raise InputError("the later data predate the interventions", field="observed_on")
    body = measure(before, after, removed, prior=prior, runs=runs, seed=seed)
    body["datasets"] = sorted(datasets)
    session = caller.session()
    session.add(EffectMeasurement(case_id=row.id, observed_on=observed_on, months_after=months,
                                  later_datasets=",".join(sorted(datasets)),
                                  body=json.dumps(body), measured_by=caller.actor.username))
    caller.audit("effect_measure", case=ref, what={"removed": len(removed), "months": months,
                                                   "observed": body["capacity"]["observed"]})
    session.commit()
    return {"observed_on": observed_on.isoformat(), "months_after": months, **body}


def kpi(caller: Caller, *, level: str, months: int = 6, drop: float = 0.25) -> KpiReport:
    """KPIs at ``level``; cases the caller is a member of, or all for ``programme_read``."""
    if level not in kpis.LEVELS:
        raise InputError(f"level must be one of {', '.join(kpis.LEVELS)}", field="level")
    session = caller.session()
    if level != "case" and caller.can("programme_read").allowed:
        caller.allow("programme_read", what={"kpi": level})
        cases = list(session.scalars(select(Case)))
    else:
        # case members see (aggregates over) their own cases; the controller no case level
        cases = [c for c in list_cases(session, actor=caller.actor)
                 if caller.can("read_pseudonymised", case=case_ref(c)).allowed]
        caller.audit("kpi_read", what={"level": level, "cases": len(cases)})
    by_id = {c.id: c.name for c in cases}
    items = list(session.scalars(select(Intervention).where(
        Intervention.case_id.in_(list(by_id)))))
    effects = [effect_of(m, by_id[m.case_id]) for m in session.scalars(
        select(EffectMeasurement).where(EffectMeasurement.case_id.in_(list(by_id))))]
    figures = kpis.compute([record(i, by_id[i.case_id]) for i in items], effects, level=level,
                           months=months, drop=drop, providers=KPI_PROVIDERS)
    return KpiReport(level=level, months=months, drop=drop, definitions=kpis.DEFINITIONS,
                     groups=[{"key": f.key, **f.values} for f in figures])

