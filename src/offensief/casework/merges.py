"""What a merge rests on: the datasets of every record entity resolution joined.

Entity resolution scores pairs workspace-wide; a case clusters only the records of its own
datasets (:mod:`offensief.resolve.scoped`), so a case's canonical entity joins records of
the case's datasets only. When a canonical entity joins two or more records the analysis
did read, every finding about it — a role, a community, an alert, an owner — rests on that
merge, and the merge on every record of the cluster (resolution compared them all): the
finding's basis holds the datasets of all of them (DESIGN.md §5) — case datasets a viewer
may not read included. A cluster with one record in the analysis changes nothing in it
(that record under another id) and adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from offensief.store import lookup
from offensief.store.duckstore import Store
from offensief.store.reads import entity_datasets


def merge_basis(store: Store, ids: Iterable[str] | None, *,
                present: Callable[[list[str]], set[str]],
                scope: str | None = None) -> dict[str, set[str]]:
    """Canonical id -> the datasets of every record of its cluster, for the canonical ids
    among ``ids`` (``None``: every cluster) that join two or more records ``present`` says
    the analysis read; clusters of the case ``scope`` (:mod:`offensief.resolve.scoped`),
    or the workspace's when ``None``."""
    wanted = None if ids is None else sorted(set(ids))
    con = store.con.cursor()  # its own cursor: a job may run beside other reads of the store
    try:
        members = lookup.members_of(con, wanted, scope=scope)
        if not members:
            return {}
        read = present(sorted({m for group in members.values() for m in group}))
        merged = {cid: group for cid, group in members.items() if len(set(group) & read) >= 2}
        found = entity_datasets(con, [m for group in merged.values() for m in group])
    finally:
        con.close()
    return {cid: {d for m in group for d in found.get(m, ())} for cid, group in merged.items()}


def merged_datasets(merges: dict[str, set[str]], ids: Iterable[str]) -> set[str]:
    """The datasets of the merges among ``ids`` (see :func:`merge_basis`)."""
    return {d for i in ids for d in merges.get(i, ())}
