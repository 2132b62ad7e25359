"""The resolution review queue: proposed matches an analyst should look at, with the
per-comparison weights, and verdicts that re-cluster.

Proposals are scored pairs (``resolve_edges``) between the candidate threshold and near
certainty, both of whose records the viewer may see, not yet judged; closest to the merge
threshold first. Comparison values shown in an explanation are masked like any other value
when the viewer does not see both records in clear.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from offensief.access import judgements as book
from offensief.access.policy import Actor
from offensief.access.view import CLEAR, CaseView
from offensief.casework.caller import Caller
from offensief.casework.cases import open_case
from offensief.casework.jobs import Job
from offensief.casework.typed import Result
from offensief.db.cases import Case
from offensief.model.errors import ConfigError, NotFound
from offensief.resolve import scoped
from offensief.resolve.canonical import sources
from offensief.resolve.explain import explain
from offensief.resolve.judgements import VERDICTS, judged
from offensief.resolve.records import KINDS
from offensief.resolve.resolution import Judged, ensure_tables, rerun_clusters, resolve
from offensief.store import lookup
from offensief.store.duckstore import Store

#: Pairs above this probability are not worth a person's time.
CERTAIN = 0.995


def queue(view: CaseView, session: Session, *, limit: int = 50) -> list[dict[str, Any]]:
    """Proposed matches for review, closest to the threshold first."""
    con = view.store.con
    ensure_tables(con)
    runs = dict(con.execute("SELECT kind, max(threshold) FROM resolve_runs GROUP BY kind").fetchall())
    if not runs:
        return []
    rows = con.execute(
        "SELECT left_id, right_id, kind, match_probability, match_weight FROM resolve_edges "
        "WHERE match_probability < ? ORDER BY abs(match_probability - 0.9), left_id, right_id LIMIT ?",
        [CERTAIN, limit * 20],
    ).fetchall()
    done = {frozenset((j.left_id, j.right_id)) for j in book.active_judgements(session)}
    ids = {i for r in rows for i in r[:2]}
    visible = view.visible_entity_ids(ids)
    mapping = lookup.canonical_of(con, sorted(ids), scope=view.scope())  # merged in this case
    picked = []
    for left, right, kind, probability, weight in rows:
        if left in visible and right in visible and frozenset((left, right)) not in done:
            picked.append({"left": left, "right": right, "kind": kind,
                           "probability": round(float(probability), 4),
                           "match_weight": None if weight is None else round(float(weight), 3),
                           "threshold": runs.get(kind),
                           "merged": left in mapping and mapping.get(left) == mapping.get(right)})
        if len(picked) >= limit:
            break
    names = view.captions({i for p in picked for i in (p["left"], p["right"])}) if picked else {}
    for proposal in picked:
        proposal["left_name"] = names.get(proposal["left"], proposal["left"])
        proposal["right_name"] = names.get(proposal["right"], proposal["right"])
    return picked


def masked_explanation(view: CaseView, left: str, right: str) -> dict[str, Any]:
    """Per-comparison weights of a pair; values masked unless both records are in clear."""
    result = explain(view.store, left, right)
    datasets = {r["dataset"] for r in view.statements(entity_ids=[left, right])}
    clear = bool(datasets) and all(view.visible_datasets().get(d) == CLEAR for d in datasets)
    if not clear:
        for row in result["comparisons"]:
            for side in ("left", "right"):
                if row[side] not in (None, ""):
                    row[side] = view.pseudonymise(str(row[side]))
    result["values"] = "clear" if clear else "tokens"
    return result


@dataclass(frozen=True)
class Verdict(Result):
    """A recorded verdict: the judgement ids it wrote, the verdict, and the re-clustering
    runs it caused (one per kind of entity that had been resolved)."""

    judgements: list[int]
    verdict: str
    runs: list[dict[str, Any]]


def decide(view: CaseView, session: Session, *, case: Case, actor: Actor, left: str, right: str,
           verdict: str, reason: str) -> Verdict:
    """Record a verdict in the case (audited) and re-cluster the stored pairs.

    As in ``offensief resolve judge``: a verdict on clusters (the case's) covers all their members, "same"
    links every member to one anchor, "not same" is recorded for every pair.
    """
    store = view.store
    verdict = VERDICTS.get(verdict, verdict)
    scope = view.scope()  # the clusters the case shows (offensief.resolve.scoped)
    lefts, rights = sources(store, left, scope=scope), sources(store, right, scope=scope)
    for side, ids in ((left, lefts), (right, rights)):
        if not view.visible_entity_ids(ids):
            raise NotFound(f"{side!r} is not an entity you may see in this case", entity=side)
    if verdict == "same":
        pairs = [(lefts[0], x) for x in lefts[1:] + rights if x != lefts[0]]
    else:
        pairs = [(a, b) for a in lefts for b in rights if a != b]
    written = [book.add_judgement(session, left_id=a, right_id=b, verdict=verdict, actor=actor,
                                  reason=reason, case=case).id for a, b in pairs]
    constraints = judged(session)
    # The judgements (and their audit entries) are the record; the clusters are derived from
    # them. Commit first so the operational store's write lock is not held while re-clustering.
    session.commit()
    runs = rerun_clusters(store, judged=constraints)
    view.scope()  # the case's clusters under the verdict, ready for the next page
    return Verdict(judgements=written, verdict=verdict, runs=runs)


def run_resolution(store: Store, *, constraints: Judged, progress: Callable[..., None]) -> dict[str, Any]:
    """Train, score and cluster every kind (workspace-wide, as ``offensief resolve``),
    keeping the analysts' judgements; reports progress per step."""
    steps: list[str] = []

    def report(message: str) -> None:
        steps.append(message)
        progress(len(steps), 3 * len(KINDS), message)

    runs = resolve(store, judged=constraints, progress=report)
    return {"runs": runs, "steps": steps}


def start_resolution(caller: Caller, case_id: int | str) -> Job:
    """Queue a resolution run (one at a time per workspace) with the active judgements;
    needs ``judge`` in the case, audited."""
    _case, ref = open_case(caller, case_id, action="judge", what={"run": "resolve"})
    constraints = judged(caller.session())
    engine = caller.analyses()
    if engine.jobs is None or engine.cursor is None:
        raise ConfigError("resolution jobs run in the server (use `offensief resolve` on the command line)")
    cursor = engine.cursor

    def job(progress: Callable[..., None]) -> dict[str, Any]:
        with cursor() as store:
            done = run_resolution(store, constraints=constraints, progress=progress)
            scoped.ensure(store, ref.datasets)  # the case's clusters, ready for its pages
            return done

    started = engine.jobs.submit("resolve", job, case=str(ref.id), actor=caller.actor.username, key="resolve")
    caller.audit("analysis_start", case=ref, what={"kind": "resolve", "job": started.id})
    return started
