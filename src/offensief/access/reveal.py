"""Reveal: turn a token back into its value, with a recorded reason and permission.

Only values of datasets the actor may reveal (see ``REGIME_REVEAL``) come back; a refused
reveal is recorded too (and committed), then answered exactly like an unknown token
(:class:`NotFound`, same message): a refusal must not tell which datasets hold the value.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from offensief.access import audit
from offensief.access.policy import Actor, Resource, can
from offensief.access.pseudonym import is_protected, is_token
from offensief.access.view import TOKEN, case_view
from offensief.db.cases import Case
from offensief.model.errors import InputError, NotFound
from offensief.store import statements
from offensief.store.duckstore import Store


def reveal(
    store: Store,
    session: Session,
    *,
    actor: Actor,
    case: Case | str | int,
    token: str,
    reason: str,
    entity_id: str | None = None,
    secret: bytes | None = None,
) -> list[dict[str, Any]]:
    """The clear values behind ``token`` in ``case`` that ``actor`` may reveal.

    Returns rows ``{token, value, entity_id, prop, dataset}``. Raises :class:`InputError`
    without a reason and :class:`NotFound` (one message) both when the token matches nothing
    in the case and when it matches only values the actor may not reveal.
    """
    if not is_token(token):
        raise InputError(f"{token!r} is not a token (tok_ + 16 hex digits)", field="token")
    if not reason or not reason.strip():
        raise InputError("revealing needs a reason", field="reason")
    view = case_view(store, session, actor=actor, case=case, secret=secret, purpose=reason)
    hidden = [name for name, level in view.levels.items() if level == TOKEN]
    matches = []
    if hidden:
        for eid, prop, prop_type, value, dataset in statements.values(store, hidden, entity_id=entity_id):
            if is_protected(prop, prop_type) and view.pseudonymise(value, prop=prop) == token:
                matches.append({"token": token, "value": value, "entity_id": eid, "prop": prop,
                                "dataset": dataset})
    unknown = (f"{token}: nothing you may reveal in case {view.case.name!r} "
               "(unknown token, or reveal denied)")
    if not matches:
        raise NotFound(unknown)
    allowed = [m for m in matches
               if can(actor, "reveal", Resource(case=view.case, dataset=m["dataset"]))]
    datasets = sorted({m["dataset"] for m in matches})
    if not allowed:
        audit.record(session, actor=actor, action="reveal_denied", case_id=view.case.id,
                     purpose=reason, what={"token": token, "datasets": datasets})
        session.commit()
        raise NotFound(unknown)  # the same answer as an unknown token: nothing about the datasets
    audit.record(session, actor=actor, action="reveal", case_id=view.case.id, purpose=reason,
                 what={"token": token, "datasets": sorted({m['dataset'] for m in allowed}),
                       "entities": sorted({m['entity_id'] for m in allowed})[:50]})
    return allowed
