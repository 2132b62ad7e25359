"""The demo's second act: the plan carried out, its money followed, its effect measured.

Every step goes through the application layer as the demo user who would take it: the
police analyst proposes from the plan, the responsible partner (or OM) approves, the
partner executes and records the result, seizures and money; later observations are
loaded and the network re-analysed against the plan's prediction. A demo budget (EUR 110M,
Najaarsnota 2019; the split over measures is illustrative) and spending are loaded by the
controller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import igraph as ig
import numpy as np
from sqlalchemy.orm import Session

from offensief.access.actors import get_actor
from offensief.cases.interventions import FROM_PLAN
from offensief.cases.service import attach_dataset, get_case
from offensief.casework import interventions as work
from offensief.casework.caller import Caller
from offensief.casework.programme import load_budget, load_entries
from offensief.casework.results import measure_effect
from offensief.demo.aftermath import (
    LATER_DATASET,
    OBSERVED_ON,
    aftermath,
    later_dataset,
    write_later,
)
from offensief.disrupt.case import case_network
from offensief.ingest.loader import ingest_file
from offensief.resolve import scoped
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

DATA = Path(__file__).resolve().parent.parent / "programme" / "demo"
EXECUTED = date(2020, 10, 6)
#: step → (kind, instrument, partner) used when the plan's instrument is a private barrier
#: (the demo has no bank or KvK user).
BY_STEP = {"housing": ("administrative", "closure-13b", "gemeente"),
           "production": ("administrative", "closure-13b", "gemeente"),
           "storage": ("administrative", "closure-13b", "gemeente"),
           "infrastructure": ("administrative", "bibob-withdrawal", "gemeente"),
           "finance": ("fiod", "fiod-seizure", "fiod")}
#: Steps where a facilitator's business is stopped by the municipality (Bibob, art. 13b).
ADMINISTRATIVE = frozenset({"housing", "production", "storage", "infrastructure"})


@dataclass
class Outcome:
    """What the scenario did."""

    interventions: int
    removed: list[str]
    measurement: dict[str, Any]


def _caller(session: Session, username: str, *, ws: Workspace, store: Store) -> Caller:
    return Caller(actor=get_actor(session, username), db=session, workspace=ws, store=store,
                  purpose="demo: interventions after the plan")


def _choice(target: dict[str, Any]) -> tuple[str, str, str]:
    if target.get("role") == "facilitator" and target.get("step") in ADMINISTRATIVE:
        return BY_STEP[target["step"]]
    if target.get("role") in ("kingpin", "lieutenant", "worker", "money_mule", "straw_man"):
        return "criminal", "arrest", "politie"
    kind, instrument, partner = FROM_PLAN.get(target["instrument"], ("criminal", "arrest",
                                                                     "politie"))
    if kind == "private":
        return BY_STEP.get(target.get("step") or "", ("criminal", "arrest", "politie"))
    return kind, instrument, partner


def carry_out(session: Session, store: Store, ws: Workspace, *, case: str,
              targets: Sequence[dict[str, Any]], region: str = "Rotterdam",
              seed: int = 3) -> list[str]:
    """Propose, approve, execute and conclude one intervention per plan target.

    Whether a barrier holds is drawn with the plan's ``success_estimate`` (seeded): in the
    demo's reality some arrests do not hold and some kingpins stay free, as in life.
    """
    rng = np.random.default_rng(seed)
    users = {name: _caller(session, name, ws=ws, store=store)
             for name in ("politie", "om", "fiod", "belastingdienst", "gemeente")}
    removed: list[str] = []
    for i, target in enumerate(targets):
        kind, instrument, partner = _choice(target)
        day = EXECUTED + timedelta(days=i)
        measure = "mit" if kind in ("criminal", "fiod") else "gemeentelijke-aanpak"
        item = work.add_intervention(
            users["politie"], case=case, kind=kind, instrument=instrument, partner=partner,
            region=region, measure=measure, plan_rank=target.get("rank"),
            subjects=[work.Subject(entity_id=target["id"], role=target.get("role"))],
            note="; ".join(target.get("reasons", [])), on=day - timedelta(days=35))
        approver = "om" if partner == "politie" else partner
        work.move_intervention(users[approver], case=case, intervention_id=item.id,
                               to="approved", on=day - timedelta(days=20))
        doer = users[partner]
        work.move_intervention(doer, case=case, intervention_id=item.id, to="executed", on=day)
        holds = bool(rng.random() < float(target.get("success_estimate", 1.0)))
        gone = holds and (kind == "criminal" or target.get("role") == "facilitator")
        if not holds:
            outcome = ("released: insufficient evidence" if kind == "criminal"
                       else f"{instrument} annulled on objection")
        elif kind == "criminal":
            outcome = "arrested and held in pre-trial detention"
        else:
            outcome = f"{instrument} carried out; the business stopped"
        work.move_intervention(doer, case=case, intervention_id=item.id, to="result",
                               on=day + timedelta(days=30), outcome=outcome,
                               removed=[target["id"]] if gone else [])
        if gone:
            removed.append(target["id"])
        if not holds:
            continue
        _money(users, doer, case=case, item=item.id, kind=kind, rank=i, entity=target["id"],
               day=day)
    return removed


def _money(users: dict[str, Caller], doer: Caller, *, case: str, item: int, kind: str, rank: int,
           entity: str, day: date) -> None:
    """Seizures, confiscation orders and collections (amounts fixed per rank: reproducible)."""
    if kind == "criminal":
        work.record_item(doer, case=case, intervention_id=item, kind="weapon",
                         identifier=f"GLOCK17-NL{20400 + rank}", entity_id=entity,
                         description="pistol Glock 17", value="0", on=day)
        work.record_item(doer, case=case, intervention_id=item, kind="cash",
                         value=f"{(rank + 1) * 48250}.00", entity_id=entity, on=day)
        work.record_money(users["om"], case=case, intervention_id=item, stage="ontneming",
                          amount=f"{(rank + 1) * 36000}.00", on=date(2021, 3, 1),
                          reference=f"ONT-2021-{rank:03d}")
        work.record_money(users["om"], case=case, intervention_id=item, stage="inning",
                          amount=f"{(rank + 1) * 11000}.50", on=date(2021, 5, 3),
                          reference=f"CJIB-{rank:05d}")
    elif kind == "fiod":
        work.record_item(doer, case=case, intervention_id=item, kind="real-estate",
                         value=f"{(rank + 1) * 125000}.00", entity_id=entity, on=day)
        work.record_money(users["belastingdienst"], case=case, intervention_id=item,
                          stage="aanslag", amount=f"{(rank + 1) * 64000}.00",
                          on=date(2021, 2, 1), reference=f"AAN-{rank:04d}")
        work.record_money(users["belastingdienst"], case=case, intervention_id=item,
                          stage="fiscale-inning", amount=f"{(rank + 1) * 20000}.00",
                          on=date(2021, 4, 1), reference=f"INV-{rank:04d}")


def observe_later(session: Session, store: Store, ws: Workspace, *, case: str,
                  before: ig.Graph, removed: Sequence[str], folder: Path) -> ig.Graph:
    """Write and load the later observations (one draw of the demo's true recovery)."""
    after = aftermath(before, removed)
    path = write_later(after, folder / f"{LATER_DATASET}.jsonl")
    dataset = later_dataset()
    if LATER_DATASET not in {d.name for d in store.datasets()}:
        store.add_dataset(dataset)
        ingest_file(store, dataset=LATER_DATASET, path=path)
    row = get_case(session, case)
    if LATER_DATASET not in {d.dataset for d in row.datasets}:
        attach_dataset(session, case=row, dataset=dataset)
        session.commit()
    return after


def run(session: Session, store: Store, ws: Workspace, *, case: str, before: ig.Graph,
        targets: Sequence[dict[str, Any]], folder: Path, later: ig.Graph | None = None,
        runs: int = 60) -> Outcome:
    """The whole second act; the later network is re-analysed from the loaded later data
    (``later`` overrides it, for tests that build it another way)."""
    removed = carry_out(session, store, ws, case=case, targets=targets)
    observe_later(session, store, ws, case=case, before=before, removed=removed, folder=folder)
    after = later or case_network(store, datasets=[LATER_DATASET], detect_roles=False,
                                  canonical=dict(scoped.mapping(  # the case's resolution
                                      store, [d.dataset for d in get_case(session, case).datasets])))
    analyst = _caller(session, "politie", ws=ws, store=store)
    measurement = measure_effect(analyst, case=case, before=before, after=after,
                                 datasets=[LATER_DATASET], observed_on=OBSERVED_ON, runs=runs)
    controller = _caller(session, "controller", ws=ws, store=store)
    load_budget(controller, path=DATA / "budget-2020.csv")
    load_entries(controller, path=DATA / "spending-2020.csv")
    return Outcome(len(targets), removed, measurement)
