"""The persons, companies and assets of a case an intervention may concern.

An intervention names entities by id; these must be entities the proposer can see in the
case (a statement in a dataset of the case they may read, in clear or as tokens), or the
canonical id of such entities after entity resolution. The page offers exactly this list,
with display names masked for the viewer; :func:`check_subjects` enforces it for every
front end (API, CLI, pages).
"""

from __future__ import annotations

from dataclasses import dataclass

from offensief.access.view import CaseView, case_view
from offensief.casework.caller import Caller
from offensief.db.cases import Case
from offensief.model.errors import InputError
from offensief.resolve import scoped
from offensief.store.reads import entities_of_schemas

#: FtM schema → subject kind (relationship schemas such as Ownership are no subjects).
SCHEMA_KINDS: dict[str, str] = {
    "Person": "person", "Company": "company", "Organization": "company",
    "LegalEntity": "company", "Vehicle": "asset", "Vessel": "asset", "Airplane": "asset",
    "RealEstate": "asset", "BankAccount": "asset", "CryptoWallet": "asset",
    "Security": "asset", "Asset": "asset",
}


@dataclass(frozen=True, slots=True)
class Choice:
    """One entity that may be named as a subject, as the viewer may see it."""

    entity_id: str
    kind: str
    caption: str


def _view(caller: Caller, case: Case) -> CaseView | None:
    if caller.store is None or caller.workspace is None:
        return None
    return case_view(caller.store, caller.session(), actor=caller.actor, case=case,
                     secret=caller.workspace.secret, purpose=caller.purpose)


def _visible(view: CaseView) -> dict[str, str]:
    """Visible subject-like entities (canonical ids where resolved) → kind."""
    if not view.levels:
        return {}
    names = list(SCHEMA_KINDS)
    rows = entities_of_schemas(view.store, datasets=list(view.levels), schemas=names)
    mapping = scoped.mapping(view.store, view.case.datasets)
    out: dict[str, str] = {}
    for entity, schema in rows:
        out.setdefault(mapping[entity], SCHEMA_KINDS[schema])
        out.setdefault(entity, SCHEMA_KINDS[schema])
    return out


def subject_choices(caller: Caller, case: Case, *, limit: int = 2000) -> list[Choice]:
    """The case's persons, companies and assets the caller sees, resolved ones once
    (by their canonical id): persons first, then companies, then assets, at most ``limit``,
    each sorted by caption; empty without a store."""
    view = _view(caller, case)
    if view is None:
        return []
    visible = _visible(view)
    mapping = scoped.mapping(view.store, view.case.datasets)
    rank = {"person": 0, "company": 1, "asset": 2}
    ids = sorted({mapping[e] for e in visible}, key=lambda i: (rank[visible[i]], i))[:limit]
    captions = view.captions(ids)
    return sorted((Choice(i, visible[i], captions.get(i, i)) for i in ids),
                  key=lambda c: (rank[c.kind], c.caption, c.entity_id))


def check_subjects(caller: Caller, case: Case, ids: list[str], *, field: str = "subject") -> None:
    """Refuse ids that are no person, company or asset the caller sees in ``case``.

    Callers without an analytical store (unit tests of the rules) are not checked."""
    view = _view(caller, case)
    if view is None:
        return
    visible = _visible(view)
    unknown = [i for i in ids if i not in visible]
    if unknown:
        raise InputError(f"not a person, company or asset you can see in case {case.name!r}: "
                         f"{', '.join(sorted(unknown)[:5])}", field=field)
