"""Releasing a finding to a partner: an explicit act with a legal ground, not access.

A derived finding (a person's role, an asset and its owner) that rests on data a partner may
not read is never shown to that partner by the analysis (docs/access.md, the derived-data
rule). When the case team decides to provide it — to the mayor for a closure or a Bibob
decision, to covenant partners in a RIEC exchange — a member who sees the finding in clear and
may share every dataset it rests on (the ``export`` right) records a release: what was
provided (the finding as that member saw it), to which partner, on which legal ground, why.
The recipient's members then read that record, and nothing else of the analysis.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.access.actors import get_partner
from offensief.access.policy import Actor, CaseRef, Resource, require
from offensief.db.releases import FindingRelease
from offensief.model.errors import InputError, NotFound

#: Legal grounds for providing a finding, with what each covers.
LEGAL_GROUNDS: dict[str, str] = {
    "bibob": "Wet Bibob: information for the administrative body's integrity assessment "
             "(permit, subsidy, tender) on request of the Bibob office or the body itself",
    "closure-13b": "Art. 13b Opiumwet / art. 174a Gemeentewet: the mayor's closure of premises "
                   "(provision under the Wpg to the mayor for a public-order task)",
    "riec-covenant": "RIEC covenant: exchange between covenant partners in the integrated "
                     "approach, within the covenant's purposes",
    "fiscal": "Fiscal follow-up by the tax office (Awr), for an assessment or collection",
}
#: What can be released.
KINDS = ("role", "asset")


def release(session: Session, *, actor: Actor, case: CaseRef, kind: str, subject: str,
            recipient: str, legal_ground: str, note: str, finding: dict[str, Any],
            inputs: Sequence[str]) -> FindingRelease:
    """Record the release after checking ``export`` on every input (the caller audits)."""
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}", field="kind")
    if legal_ground not in LEGAL_GROUNDS:
        raise InputError(f"unknown legal ground {legal_ground!r}; known: {', '.join(LEGAL_GROUNDS)}",
                         field="legal_ground")
    if not note or not note.strip():
        raise InputError("a release needs a note: the decision or request it serves", field="note")
    get_partner(session, recipient)  # the recipient must be a known partner
    for dataset in inputs:  # sharing outside the analysis is the export right on every input
        require(actor, "export", Resource(case=case, dataset=dataset))
    row = FindingRelease(case_id=case.id, kind=kind, subject=subject, recipient=recipient,
                         legal_ground=legal_ground, note=note.strip(),
                         finding=json.dumps(finding, sort_keys=True, default=str),
                         inputs=json.dumps(sorted(inputs)), released_by=actor.id)
    session.add(row)
    session.flush()
    return row


def releases(session: Session, *, actor: Actor, case: CaseRef) -> list[FindingRelease]:
    """The releases of a case the actor may read: those to the actor's partner and those the
    actor made (the caller audits the read)."""
    require(actor, "read_pseudonymised", Resource(case=case))
    query = select(FindingRelease).where(FindingRelease.case_id == case.id)
    rows = list(session.scalars(query.order_by(FindingRelease.id)))
    return [r for r in rows if r.recipient == actor.partner or r.released_by == actor.id]


def as_dict(row: FindingRelease, *, released_by: str) -> dict[str, Any]:
    return {"id": row.id, "case": row.case_id, "kind": row.kind, "subject": row.subject,
            "recipient": row.recipient, "legal_ground": row.legal_ground,
            "legal_ground_text": LEGAL_GROUNDS[row.legal_ground], "note": row.note,
            "finding": json.loads(row.finding), "inputs": json.loads(row.inputs),
            "released_by": released_by, "released_at": row.released_at}


def get_release(session: Session, release_id: int) -> FindingRelease:
    row = session.get(FindingRelease, release_id)
    if row is None:
        raise NotFound(f"no release {release_id}")
    return row
