"""Release a finding to a partner, and read the findings released to one's partner.

The releasing member must see the finding in clear (the derived-data rule) and may share
every dataset it rests on (``export``); the release records the finding as that member saw
it, the recipient partner and the legal ground (:mod:`offensief.access.releases`). A role
finding is released with only what is about its subject: his own features, not the rule
text that names other persons (:meth:`~offensief.casework.findings.Explanation.about_subject`);
an asset with only its value, kind, owner, confidence and the owner's evidence lines that
name no one else (:func:`~offensief.casework.finance.released_asset`).
Both the release and every read of releases are audited; a denial too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from offensief.access import releases as book
from offensief.access.policy import CaseRef
from offensief.access.view import CaseView
from offensief.casework import finance as fin
from offensief.casework import findings, pipeline
from offensief.casework.caller import Caller
from offensief.casework.cases import open_case
from offensief.casework.typed import Result
from offensief.db.actors import User
from offensief.db.releases import FindingRelease
from offensief.model.errors import Conflict, InputError, NotFound, PermissionDenied


@dataclass(frozen=True)
class Release(Result):
    """One finding provided to a partner: what (``kind``, ``subject`` and the ``finding`` as
    the releasing member saw it, the ``inputs`` it rests on), to whom, on which legal ground,
    by whom and when."""

    id: int
    case: int
    kind: str
    subject: str
    recipient: str
    legal_ground: str
    legal_ground_text: str
    note: str
    finding: dict[str, Any]
    inputs: list[str]
    released_by: str
    released_at: datetime

    @classmethod
    def of(cls, row: FindingRelease, *, released_by: str) -> Release:
        return cls(**book.as_dict(row, released_by=released_by))


def _role_finding(caller: Caller, ref: CaseRef, view: CaseView, subject: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    result, _job = pipeline.case_analysis(caller, ref, view)
    if result is None:
        raise Conflict("the case analysis is still being computed; release when it is done")
    rows = findings.released_roles(view, result, subject=subject)
    if not rows:
        raise NotFound(f"no role finding about {subject!r} that you see in clear in this case")
    return {"subject": rows[0].subject.to_dict(), "roles": [r.to_dict() for r in rows]}, rows[0].basis.datasets


def _asset_finding(caller: Caller, ref: CaseRef, view: CaseView, subject: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    result, _job = fin.assets(caller, ref, view)
    if result is None:
        raise Conflict("the asset inventory is still being computed; release when it is done")
    found = [a for a in result if a["asset_id"] == subject]
    if not found:
        raise NotFound(f"no asset {subject!r} that you see in clear in this case")
    shown = fin.released_asset(view, found[0])
    return shown, tuple(shown["inputs"]["datasets"])


def release_finding(caller: Caller, case_id: int | str, *, kind: str, subject: str, recipient: str,
                    legal_ground: str, note: str) -> Release:
    """Provide one finding to ``recipient`` on ``legal_ground``; returns the release record."""
    case, ref = open_case(caller, case_id, what={"release": kind, "subject": subject})
    view = caller.view(case)
    if kind == "role":
        finding, inputs = _role_finding(caller, ref, view, subject)
    elif kind == "asset":
        finding, inputs = _asset_finding(caller, ref, view, subject)
    else:
        raise InputError(f"unknown kind {kind!r}; known: {', '.join(book.KINDS)}", field="kind")
    withheld = [d for d in inputs if view.levels.get(d) != "clear"]
    if withheld:
        caller.audit("denied", case=ref, what={"action": "release", "subject": subject,
                                               "rule": f"not in clear: {', '.join(withheld)}"})
        raise PermissionDenied(f"release denied: you do not see {', '.join(withheld)} in clear, "
                               "so the finding is not yours to provide", rule="derived-data")
    for dataset in inputs:
        caller.allow("export", case=ref, dataset=dataset, audit_as="")
    row = book.release(caller.session(), actor=caller.actor, case=ref, kind=kind, subject=subject,
                       recipient=recipient, legal_ground=legal_ground, note=note, finding=finding,
                       inputs=inputs)
    caller.audit("release", case=ref, what={"release": row.id, "kind": kind, "recipient": recipient,
                                            "legal_ground": legal_ground, "inputs": list(inputs)})
    return Release.of(row, released_by=caller.actor.username)


def released(caller: Caller, case_id: int | str) -> list[Release]:
    """The releases of a case addressed to the caller's partner (or made by the caller)."""
    _case, ref = open_case(caller, case_id, what={"view": "releases"})
    rows = book.releases(caller.session(), actor=caller.actor, case=ref)
    caller.audit("release_read", case=ref, what={"releases": [r.id for r in rows]})
    users = caller.session().scalars(select(User).where(User.id.in_({r.released_by for r in rows})))
    names = {u.id: u.username for u in users}
    return [Release.of(r, released_by=names.get(r.released_by, "?")) for r in rows]
