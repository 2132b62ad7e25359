"""Analyst judgements on resolution: same / not same / unsure, overriding the model.

Judgements live in the operational store (``offensief.access.judgements``: stored with
actor, reason and case, audited in the hash-chained log). This module turns the active
ones into constraints for clustering and re-clusters the stored pairs after every change:
"same" merges (transitively), "not same" blocks any merge that would join the two records
(and so splits a cluster that holds both), "unsure" leaves the model in charge. Revoking
a judgement (undo) restores the clusters the model and the other judgements give.

Either side of a judgement may be a source id or a canonical id (``c-…``); a canonical id
stands for every member of its cluster.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from offensief.access import judgements as book
from offensief.access.policy import Actor
from offensief.model.errors import InputError
from offensief.resolve import canonical
from offensief.resolve.resolution import Judged, rerun_clusters
from offensief.store import records as store_records

VERDICTS = {"same": "same", "not-same": "not_same", "not_same": "not_same", "unsure": "unsure"}


def judged(session: Session, *, case_id: int | None = None) -> Judged:
    """The active judgements as clustering constraints."""
    out = Judged()
    for j in book.active_judgements(session, case_id=case_id):
        if j.verdict == "same":
            out.same.append((j.left_id, j.right_id))
        elif j.verdict == "not_same":
            out.not_same.append((j.left_id, j.right_id))
    return out


def judge(store: Any, session: Session, *, left: str, right: str, verdict: str, actor: Actor,
          reason: str) -> dict[str, Any]:
    """Record a verdict on two entities (or clusters) and re-cluster; returns what changed.

    A verdict on clusters covers all their current members: "same" links every member to
    one anchor (transitive, so that is enough); "not same" is recorded for every pair.
    """
    if verdict not in VERDICTS:
        raise InputError(f"unknown verdict {verdict!r}; use same, not-same or unsure",
                         field="verdict")
    verdict = VERDICTS[verdict]
    lefts, rights = canonical.sources(store, left), canonical.sources(store, right)
    for ident in (lefts[0], rights[0]):
        if not store_records.exists(store.con, ident):
            raise InputError(f"unknown entity or cluster {ident!r}", field="id")
    if set(lefts) & set(rights) and verdict != "not_same":
        raise InputError(f"{left} and {right} are already one cluster", field="id")
    if verdict == "same":
        anchor = lefts[0]
        pairs = [(anchor, x) for x in lefts[1:] + rights if x != anchor]
    else:
        pairs = [(a, b) for a in lefts for b in rights if a != b]
    ids = [book.add_judgement(session, left_id=a, right_id=b, verdict=verdict, actor=actor,
                              reason=reason).id for a, b in pairs]
    session.flush()
    runs = rerun_clusters(store, judged=judged(session))
    return {"judgements": ids, "verdict": verdict, "runs": runs}


def undo(store: Any, session: Session, *, judgement_ids: list[int], actor: Actor,
         reason: str) -> dict[str, Any]:
    """Revoke judgements (kept on record, audited) and re-cluster without them."""
    for jid in judgement_ids:
        book.revoke_judgement(session, judgement_id=jid, actor=actor, reason=reason)
    session.flush()
    runs = rerun_clusters(store, judged=judged(session))
    return {"revoked": judgement_ids, "runs": runs}


def listing(session: Session) -> list[dict[str, Any]]:
    """Active judgements as plain dicts."""
    return [
        {"id": j.id, "left": j.left_id, "right": j.right_id, "verdict": j.verdict,
         "actor_id": j.actor_id, "reason": j.reason, "created_at": j.created_at.isoformat()}
        for j in book.active_judgements(session)
    ]
