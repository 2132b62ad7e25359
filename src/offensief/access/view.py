"""Statement-level filtering: what one actor may see of one case, and nothing more.

Every read path (CLI, API, web, analyses before they are shown) goes through a
:class:`CaseView`. Datasets the actor may read appear in clear, datasets attached to the
case but not readable appear with personal values replaced by stable per-case tokens, and
everything else does not appear at all. Each read writes one audit record.

>>> view = case_view(store, session, actor=actor, case="Zandloper")   # doctest: +SKIP
>>> view.statements("ent-1")[0]["value"]                              # doctest: +SKIP
'tok_3f9a1c0d5e6b7a81'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from offensief.access import audit
from offensief.access.caseref import case_ref, get_case
from offensief.access.policy import Actor, CaseRef, Resource, can, require
from offensief.access.pseudonym import Pseudonymiser, is_protected, normalise
from offensief.db.cases import Case
from offensief.model.captions import CAPTION_PROPS, caption_rank
from offensief.model.errors import ConfigError, PermissionDenied
from offensief.resolve import scoped
from offensief.store import lookup, reads, statements
from offensief.store.duckstore import Store

CLEAR, TOKEN = "clear", "token"


@dataclass
class CaseView:
    """One actor's view of one case. Build it with :func:`case_view`."""

    store: Store
    session: Session
    actor: Actor
    case: CaseRef
    purpose: str
    levels: dict[str, str]
    pseudonymiser: Pseudonymiser

    # -- what may be seen -------------------------------------------------------------------

    def visible_datasets(self) -> dict[str, str]:
        """Dataset name -> ``clear`` or ``token`` (datasets not listed are invisible)."""
        return dict(self.levels)

    def pseudonymise(self, value: str, *, prop: str = "") -> str:
        """The case's token for any value (for results computed outside the view)."""
        return self.pseudonymiser.token(value, prop=prop)

    def mask(self, value: str, *, dataset: str, prop: str, prop_type: str) -> str | None:
        """``value`` as this actor may see it from ``dataset``; ``None`` when invisible."""
        level = self.levels.get(dataset)
        if level is None:
            return None
        if level == CLEAR:
            return value
        return self.pseudonymiser.mask(value, prop=prop, prop_type=prop_type)

    # -- reads (each one audited) -------------------------------------------------------------

    def statements(
        self,
        entity_id: str | None = None,
        *,
        entity_ids: Iterable[str] | None = None,
        schema: str | None = None,
        props: Iterable[str] | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Statements of the visible datasets (of ``props`` only, when given), masked; one
        audit record for the request."""
        ids = [entity_id] if entity_id is not None else (list(entity_ids) if entity_ids is not None else None)
        rows = self._query(ids=ids, schema=schema, props=tuple(sorted(props)) if props else None, limit=limit)
        out = []
        tokens = 0
        for row in rows:
            level = self.levels[row["dataset"]]
            if level == TOKEN and is_protected(row["prop"], row["prop_type"]):
                row["value"] = self.pseudonymiser.token(row["value"], prop=row["prop"])
                tokens += 1
            row["visibility"] = level
            out.append(row)
        self._audit("read", {"entity_ids": ids[:50] if ids else None, "schema": schema,
                             "statements": len(out), "tokenised": tokens,
                             "datasets": sorted({r["dataset"] for r in out})})
        return out

    def visible_entity_ids(self, ids: Iterable[str] | None = None) -> set[str]:
        """The ids (of ``ids``, or all) that have at least one statement the actor may see."""
        found = statements.entity_ids(self.store, list(self.levels))
        return found if ids is None else found & set(ids)

    def captions(self, ids: Iterable[str]) -> dict[str, str]:
        """A display name per entity: a clear name where allowed, else a token, else the id."""
        ids = list(dict.fromkeys(ids))
        result = self._captions(ids)
        self._audit("read_captions", {"entities": len(ids),
                                      "named": sum(1 for i in ids if result[i] != i)})
        return result

    def _captions(self, ids: list[str] | None) -> dict[str, str]:
        """Captions of ``ids`` (unnamed ones keep their id); ``None``: of every named entity.

        The one caption rule (:mod:`offensief.model.captions`): a name first; an entity
        without one by what identifies it (an account's IBAN, a vehicle's plate, a
        property's address); a clear value before a token. A canonical id (entity
        resolution) takes the best caption of its records."""
        members = lookup.members_of(self.store.con, ids, scope=self.scope())
        wanted = None if ids is None else sorted(set(ids) | {m for i in ids for m in members.get(i, ())})
        best: dict[str, tuple[int, int, str]] = {}
        for row in self._query(ids=wanted, props=CAPTION_PROPS):
            order = caption_rank(row["schema"], row["prop"])
            if order is None:
                continue
            clear = self.levels[row["dataset"]] == CLEAR
            shown = row["value"] if clear else self.pseudonymiser.token(row["value"], prop=row["prop"])
            rank = (order, 0 if clear else 1, shown)
            if row["entity_id"] not in best or rank < best[row["entity_id"]]:
                best[row["entity_id"]] = rank
        for cid, group in members.items():
            found = [best[m] for m in group if m in best]
            if found and cid not in best:
                best[cid] = min(found)
        if ids is None:
            return {i: rank[2] for i, rank in best.items()}
        return {i: best[i][2] if i in best else i for i in ids}

    def entity_caption(self, entity_id: str) -> str:
        return self.captions([entity_id])[entity_id]

    def search(self, text: str, *, limit: int = 50) -> list[dict[str, Any]]:
        """Entities matching ``text``: a substring of a clear value, or exactly equal (after
        normalisation) to a tokenised value — so a known identifier finds its entity without
        the actor ever seeing values it may not. Rows: ``entity_id, schema, caption, dataset,
        prop, visibility``; one audit record (the query is stored as its token)."""
        require(self.actor, "search", Resource(case=self.case))
        text = text.strip()
        if len(text) < 2 or not self.levels:
            return []
        found: dict[str, dict[str, Any]] = {}
        clear = [d for d, level in self.levels.items() if level == CLEAR]
        hidden = [d for d, level in self.levels.items() if level == TOKEN]
        for eid, schema, prop, dataset in statements.containing(self.store, clear, text, limit=limit):
            found.setdefault(eid, {"entity_id": eid, "schema": schema, "dataset": dataset,
                                   "prop": prop, "visibility": CLEAR})
        if hidden and len(found) < limit:
            wanted = normalise(text)
            key = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold())
                          if ch.isascii() and ch.isalnum())
            for eid, schema, prop, prop_type, value, dataset in statements.ending_in_key(
                    self.store, hidden, key[-9:] if key.isdigit() else key):
                if normalise(value) == wanted and is_protected(prop, prop_type):
                    found.setdefault(eid, {"entity_id": eid, "schema": schema, "dataset": dataset,
                                           "prop": prop, "visibility": TOKEN})
        rows = list(found.values())[:limit]
        captions = self._captions([r["entity_id"] for r in rows])
        for row in rows:
            row["caption"] = captions[row["entity_id"]]
        self._audit("search", {"query": self.pseudonymise(text), "results": len(rows)})
        return rows

    def transactions(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Typed payments of the visible datasets; free text masked where tokenised."""
        out = []
        for row in reads.transactions(self.store, list(self.levels), limit=limit):
            if self.levels[row["dataset"]] == TOKEN:
                for key in ("purpose", "description"):
                    if row[key] is not None:
                        row[key] = self.pseudonymiser.token(row[key], prop=key)
            out.append(row)
        self._audit("read_transactions", {"transactions": len(out)})
        return out

    def export(self, *, entity_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Statements for use outside the platform: only datasets the actor may ``export``
        (in clear); one ``export`` audit record. Raises :class:`PermissionDenied` when the
        actor may export none of the case's datasets."""
        allowed = [d for d, level in self.levels.items() if level == CLEAR
                   and can(self.actor, "export", Resource(case=self.case, dataset=d))]
        if not allowed:
            raise PermissionDenied(f"{self.actor.username} may export no dataset of case "
                                   f"{self.case.name!r}", action="export")
        ids = list(entity_ids) if entity_ids is not None else None
        rows = [r for r in self._query(ids=ids) if r["dataset"] in allowed]
        self._audit("export", {"entity_ids": ids[:50] if ids else None, "statements": len(rows),
                               "datasets": sorted(allowed)})
        return rows

    def scope(self) -> str | None:
        """The case's entity resolution (:mod:`offensief.resolve.scoped`): the scope whose
        clusters re-cluster only the records of the case's datasets; ``None`` before any
        resolution run. Canonical ids in a case are this scope's."""
        return scoped.ensure(self.store, self.case.datasets)

    def cached(self, query: Hashable, fetch: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
        """Rows of a read of the visible datasets (a front end's view may keep them)."""
        return fetch()

    # -- internals ---------------------------------------------------------------------------

    def _query(self, *, ids: list[str] | None, schema: str | None = None,
               props: tuple[str, ...] | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        return statements.rows(self.store, list(self.levels), ids=ids, schema=schema, props=props,
                               limit=limit)

    def _audit(self, action: str, what: dict[str, Any]) -> None:
        audit.record(self.session, actor=self.actor, action=action, case_id=self.case.id,
                     purpose=self.purpose, what=what)


def case_view(
    store: Store,
    session: Session,
    *,
    actor: Actor,
    case: Case | str | int,
    secret: bytes | None = None,
    purpose: str | None = None,
) -> CaseView:
    """The view of ``case`` for ``actor``; raises :class:`PermissionDenied` for non-members.

    ``secret`` defaults to the store's workspace secret (``Workspace.secret``).
    """
    row = case if isinstance(case, Case) else get_case(session, case)
    ref = case_ref(row)
    require(actor, "read_pseudonymised", Resource(case=ref))
    if secret is None:
        if store.workspace is None:
            raise ConfigError("a case view needs the workspace secret (pass secret=)")
        secret = store.workspace.secret
    levels: dict[str, str] = {}
    for name in sorted(ref.datasets):
        resource = Resource(case=ref, dataset=name)
        if can(actor, "read", resource):
            levels[name] = CLEAR
        elif can(actor, "read_pseudonymised", resource):
            levels[name] = TOKEN
    return CaseView(store, session, actor, ref, purpose or row.purpose, levels,
                    Pseudonymiser(secret=secret, case_id=ref.id))
