"""Opening a case for a caller, the caller's view of it, and describing it (no personal data).

Every front end opens a case here: :func:`open_case` loads it, refuses non-members exactly as
it refuses unknown cases (so case names do not leak), asks the policy and audits;
:func:`open_view` does the same and gives the caller's :class:`CallerView` of the case, whose
every read is audited through the caller (API request, CLI run alike).

>>> view = open_view(caller, "Operatie Zandloper", action="search")   # doctest: +SKIP
>>> view.visible_datasets()                                            # doctest: +SKIP
{'kadaster': 'clear', 'bank-transacties': 'token', ...}
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from offensief.access.caseref import case_ref, get_case
from offensief.access.policy import CaseRef, DatasetRef
from offensief.access.view import CaseView, case_view
from offensief.casework.caller import Caller
from offensief.casework.typed import Result
from offensief.db.cases import Case
from offensief.model.errors import NotFound


def _member_case(caller: Caller, case_id: int | str, *, admins: bool,
                 action: str | None = None) -> tuple[Case, CaseRef]:
    """The case if the caller is a member (or, with ``admins``, an admin); unknown and
    forbidden look alike, and the refusal is audited."""
    try:
        case = get_case(caller.session(), case_id)
    except NotFound:
        raise NotFound(f"no case {case_id} that you are a member of", case=case_id) from None
    ref = case_ref(case)
    if caller.actor.id not in ref.member_ids and not (admins and "admin" in caller.actor.roles):
        refusal = {"action": action} if action is not None else {}
        caller.audit("denied", what={**refusal, "case": str(case_id), "rule": "not a member"})
        raise NotFound(f"no case {case_id} that you are a member of", case=case_id)
    return case, ref


def open_case(caller: Caller, case_id: int | str, *, action: str = "read_pseudonymised",
              what: dict[str, Any] | None = None) -> tuple[Case, CaseRef]:
    """The case, if the caller may ``action`` in it (audited); unknown and forbidden look
    alike to non-members, so case names do not leak."""
    case, ref = _member_case(caller, case_id, admins=True, action=action)
    caller.allow(action, case=ref, what=what)
    return case, ref


def find_case(caller: Caller, case_id: int | str) -> Case:
    """The case by id or name if the caller is a member (admins too only through
    :func:`open_case`); nothing is allowed yet, the refusal is audited."""
    return _member_case(caller, case_id, admins=False)[0]


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


def open_view(caller: Caller, case: int | str, *, action: str = "read_pseudonymised",
              what: dict[str, Any] | None = None, audit_as: str | None = None) -> CallerView:
    """The caller's view of ``case`` (members only) after the policy allowed ``action`` in
    it (audited as ``audit_as or action``; ``""``: the caller audits the result itself)."""
    row, ref = _member_case(caller, case, admins=False)
    caller.allow(action, case=ref, what=what, audit_as=audit_as)
    workspace = caller.workspace
    secret = workspace.secret if workspace is not None else None
    base = case_view(caller.analytical(), caller.session(), actor=caller.actor, case=row,
                     secret=secret)
    return CallerView(**{f.name: getattr(base, f.name) for f in fields(base)}, caller=caller)


@dataclass(frozen=True)
class CaseHeader(Result):
    """What a page's case header shows (no personal data)."""

    id: int
    name: str
    level: str
    phenomenon: str
    owner: str
    status: str


def case_header(case: Case) -> CaseHeader:
    """The header of ``case``."""
    return CaseHeader(id=case.id, name=case.name, level=case.level, phenomenon=case.phenomenon,
                      owner=case.owner.name, status=case.status)


@dataclass(frozen=True)
class CaseSummary(Result):
    """The public description of a case (no personal data): datasets and members by name."""

    id: int
    name: str
    level: str
    phenomenon: str
    owner: str
    purpose: str
    legal_basis: str
    status: str
    created_at: datetime
    datasets: list[str]
    members: list[str]


def case_summary(case: Case) -> CaseSummary:
    """The public description of ``case``."""
    return CaseSummary(
        id=case.id, name=case.name, level=case.level, phenomenon=case.phenomenon,
        owner=case.owner.name, purpose=case.purpose, legal_basis=case.legal_basis,
        status=case.status, created_at=case.created_at,
        datasets=sorted(d.dataset for d in case.datasets),
        members=sorted(m.user.username for m in case.members),
    )


def visibility(caller: Caller, ref: CaseRef, dataset: DatasetRef) -> str:
    """``clear`` or ``tokens``: how this caller sees a dataset of the case — the same
    decision the case view takes (role, membership and regime), so the page tells the truth
    (a protection officer of the police sees police data as tokens: the role reads none)."""
    return "clear" if caller.can("read", case=ref, dataset=dataset.name) else "tokens"


@dataclass(frozen=True)
class DatasetRow(Result):
    """One dataset of a case and how the caller sees it (``clear`` or ``tokens``)."""

    name: str
    partner: str
    regime: str
    released: bool
    visibility: str


def dataset_rows(caller: Caller, case: Case, ref: CaseRef) -> list[DatasetRow]:
    """The case's datasets with how the caller sees each."""
    return [
        DatasetRow(name=d.dataset, partner=d.partner, regime=d.regime, released=d.released,
                   visibility=visibility(caller, ref, ref.datasets[d.dataset]))
        for d in sorted(case.datasets, key=lambda d: d.dataset)
    ]


@dataclass(frozen=True)
class MemberRow(Result):
    """One member of a case: user name, partner organisation, roles."""

    username: str
    partner: str
    roles: list[str]


def member_rows(case: Case) -> list[MemberRow]:
    """The case's members by user name."""
    return [
        MemberRow(username=m.user.username, partner=m.user.partner.name, roles=list(m.user.roles))
        for m in sorted(case.members, key=lambda m: m.user.username)
    ]
