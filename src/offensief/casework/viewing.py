"""A caller's view of one case for the workbench: membership checked, the action audited,
and every read of the view audited through the caller (API request, CLI run alike).

>>> view = open_view(caller, "Operatie Zandloper", action="search")   # doctest: +SKIP
>>> view.visible_datasets()                                            # doctest: +SKIP
{'kadaster': 'clear', 'bank-transacties': 'token', ...}
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from offensief.access.view import CaseView, case_view
from offensief.cases.service import case_ref, get_case
from offensief.casework.caller import Caller
from offensief.db.cases import Case
from offensief.model.errors import NotFound


@dataclass
class CallerView(CaseView):
    """A :class:`CaseView` whose audit records go through the :class:`Caller` (its sink or
    its session), so a request's reads are written with the request's other entries."""

    caller: Caller | None = None

    def _audit(self, action: str, what: dict[str, Any]) -> None:
        if self.caller is None:
            super()._audit(action, what)
            return
        self.caller.audit(action, case=self.case, what=what)


def find_case(caller: Caller, case: int | str) -> Case:
    """The case by id or name if the caller is a member; unknown and forbidden look alike
    (so case names do not leak) and the refusal is audited."""
    session = caller.session()
    try:
        row = get_case(session, case)
    except NotFound:
        raise NotFound(f"no case {case} that you are a member of", case=str(case)) from None
    if caller.actor.id not in case_ref(row).member_ids:
        caller.audit("denied", what={"case": str(case), "rule": "not a member"})
        raise NotFound(f"no case {case} that you are a member of", case=str(case))
    return row


def open_view(caller: Caller, case: int | str, *, action: str = "read_pseudonymised",
              what: dict[str, Any] | None = None, audit_as: str | None = None) -> CallerView:
    """The caller's view of ``case`` after the policy allowed ``action`` in it (audited as
    ``audit_as or action``; ``""``: the caller audits the result itself)."""
    row = find_case(caller, case)
    ref = case_ref(row)
    caller.allow(action, case=ref, what=what, audit_as=audit_as)
    workspace = caller.workspace
    secret = workspace.secret if workspace is not None else None
    base = case_view(caller.analytical(), caller.session(), actor=caller.actor, case=row,
                     secret=secret)
    return CallerView(**{f.name: getattr(base, f.name) for f in fields(base)}, caller=caller)


def case_header(case: Case) -> dict[str, Any]:
    """What a page's case header shows (no personal data)."""
    return {"id": case.id, "name": case.name, "level": case.level, "phenomenon": case.phenomenon,
            "owner": case.owner.name, "status": case.status}
