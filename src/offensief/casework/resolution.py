"""Entity resolution as one viewer of one case may see it.

Resolution scores pairs workspace-wide, but a case clusters only its own records
(:mod:`offensief.resolve.scoped`: the stored pairs re-clustered within the case's datasets,
ids kept stable), and what a caller is shown of it is cut further: clusters list only
members with a record in the datasets the caller may see, names come through the case view (tokens where not in clear),
and an explanation quotes values only when both records are in clear
(:func:`offensief.casework.review.masked_explanation`). Judgements belong to the
workspace; a viewer is shown only those about two entities it sees in the case
(:func:`visible_judgements`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from offensief.access.view import CLEAR, CaseView
from offensief.casework.review import masked_explanation
from offensief.casework.typed import Result
from offensief.model.errors import NotFound
from offensief.resolve import canonical
from offensief.store import statements


def visible_clusters(view: CaseView, clusters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``[{id, members, schema, probability}]`` with members cut to those the viewer sees."""
    seen = view.visible_entity_ids({m for c in clusters for m in c["members"]})
    out = []
    for cluster in clusters:
        members = [m for m in cluster["members"] if m in seen]
        if members:
            out.append({"id": cluster["id"], "members": members, "schema": cluster["schema"],
                        "probability": cluster["probability"]})
    return out


def visible_judgements(view: CaseView, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The judgements (``listing`` rows) about two entities the viewer sees in the case;
    the free-text reason (it may name people) is quoted only when every dataset holding
    either entity is visible to the viewer in clear, else ``None``. One audit record."""
    ids = {r[side] for r in rows for side in ("left", "right")}
    seen = view.visible_entity_ids(ids)
    shown = [r for r in rows if r["left"] in seen and r["right"] in seen]
    held = statements.datasets_of(view.store, {r[s] for r in shown for s in ("left", "right")})
    levels = view.visible_datasets()
    out = []
    for row in shown:
        datasets = held.get(row["left"], set()) | held.get(row["right"], set())
        clear = bool(datasets) and all(levels.get(d) == CLEAR for d in datasets)
        out.append({**row, "reason": row["reason"] if clear else None})
    view._audit("read_judgements", {"judgements": [r["id"] for r in out][:50],
                                    "listed": len(out), "withheld": len(rows) - len(out),
                                    "reasons_withheld": sum(r["reason"] is None for r in out)})
    return out


@dataclass(frozen=True)
class ClusterMember(Result):
    """One source record of a cluster: its first visible dataset, schema and caption (clear
    or a token; ``None`` when it has none the viewer may see)."""

    id: str
    dataset: str
    schema: str
    caption: str | None


@dataclass(frozen=True)
class Cluster(Result):
    """A canonical entity and the source records behind it that the viewer sees."""

    id: str
    kind: str | None
    probability: float | None
    members: list[ClusterMember]


def show(view: CaseView, ident: str) -> Cluster:
    """A cluster with the members the viewer sees (captions clear or tokens, datasets
    visible ones)."""
    try:
        found = canonical.describe(view.store, ident, scope=view.scope())
    except NotFound:
        raise NotFound(f"no entity or cluster {ident!r} in this case") from None
    ids = [m["id"] for m in found["members"]]
    rows = view.statements(entity_ids=ids)
    if not rows:
        raise NotFound(f"no entity or cluster {ident!r} in this case")
    names = view.captions(sorted({r["entity_id"] for r in rows}))
    first: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen = first.setdefault(row["entity_id"], row)
        if row["dataset"] < seen["dataset"]:
            first[row["entity_id"]] = {**seen, "dataset": row["dataset"]}
    members = [ClusterMember(id=i, dataset=first[i]["dataset"], schema=first[i]["schema"],
                             caption=names.get(i) if names.get(i) != i else None)
               for i in sorted(first)]
    return Cluster(id=found["id"], kind=found["kind"], probability=found["probability"],
                   members=members)


def explain(view: CaseView, left: str, right: str) -> dict[str, Any]:
    """Why two records merged (or not), for records the viewer sees in this case."""
    for ident in (left, right):
        if not view.visible_entity_ids(canonical.sources(view.store, ident, scope=view.scope())):
            raise NotFound(f"no entity {ident!r} in this case")
    return masked_explanation(view, left, right)
