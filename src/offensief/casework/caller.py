"""Who calls the application layer: an authenticated actor with a session and an audit sink.

A front end builds one :class:`Caller` per request (api, web) or per command run (cli) and
passes it to the application-layer functions. The caller is the one door to the policy:
:meth:`Caller.allow` asks ``can(...)``, audits the decision (also a denial) and raises on
no, so every front end gets the same rules and the same audit trail.

>>> from offensief.access.policy import Actor
>>> seen = []
>>> actor = Actor(id=1, username="ann", partner="politie", partner_kind="politie",
...               roles=frozenset({"protection_officer"}))
>>> caller = Caller(actor=actor, db=None, sink=seen.append, purpose="doctest")
>>> caller.allow("protect_read").allowed
True
>>> [e.action for e in seen]
['protect_read']
>>> caller.allow("programme_read")
Traceback (most recent call last):
...
offensief.model.errors.PermissionDenied: programme_read denied: no role of ann allows programme_read
>>> [e.action for e in seen]
['protect_read', 'denied']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from offensief.access import audit
from offensief.access.audit import Entry
from offensief.access.policy import Actor, CaseRef, Decision, Resource, can, require
from offensief.access.view import CaseView, case_view
from offensief.casework.cache import AnalysisCache
from offensief.casework.runs import Engine
from offensief.model.errors import PermissionDenied

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from offensief.db.cases import Case
    from offensief.store.duckstore import Store
    from offensief.store.workspace import Workspace

AuditSink = Callable[[Entry], None]
Progress = Callable[..., None]


@dataclass
class Caller:
    """One actor acting through one operational-store session.

    ``sink`` receives every audit entry; without one, entries are appended to the session's
    chain and committed at once (what a CLI run wants). ``store`` is the analytical store
    when the call reads partner data; ``workspace`` gives its secret and folders.
    """

    actor: Actor
    db: Session | None
    workspace: Workspace | None = None
    store: Store | None = None
    purpose: str = ""
    sink: AuditSink | None = None
    audited: list[str] = field(default_factory=list)
    engine: Engine | None = None
    views: Callable[[Case], CaseView] | None = None
    progress: Progress | None = None

    def can(self, action: str, *, case: CaseRef | None = None, dataset: str | None = None) -> Decision:
        """The policy's answer without auditing (to decide what to offer, never to read)."""
        return can(self.actor, action, Resource(case=case, dataset=dataset))

    def allow(
        self,
        action: str,
        *,
        case: CaseRef | None = None,
        dataset: str | None = None,
        what: dict[str, Any] | None = None,
        audit_as: str | None = None,
    ) -> Decision:
        """Ask the policy; on yes audit ``audit_as or action`` (``""``: do not audit), on no
        audit the denial and raise :class:`PermissionDenied` naming the rule."""
        try:
            decision = require(self.actor, action, Resource(case=case, dataset=dataset))
        except PermissionDenied as exc:
            self.audit("denied", case=case,
                       what={**(what or {}), "action": action, "rule": exc.details.get("rule")})
            raise
        if audit_as != "":
            self.audit(audit_as or action, case=case, what={"rule": decision.rule, **(what or {})})
        return decision

    def audit(self, action: str, *, case: CaseRef | int | None = None,
              what: dict[str, Any] | None = None) -> None:
        """Record one audit entry for this caller."""
        case_id = case.id if isinstance(case, CaseRef) else case
        entry = Entry.of(actor=self.actor, action=action, case_id=case_id, purpose=self.purpose,
                         what=what or {})
        if self.sink is not None:
            self.sink(entry)
        else:
            if self.db is None:
                raise RuntimeError("a caller without a session needs an audit sink")
            audit.append(self.db, [entry])
            self.db.commit()
        self.audited.append(action)

    def session(self) -> Session:
        """The operational-store session (a caller built without one cannot write)."""
        if self.db is None:
            raise RuntimeError("this caller has no operational-store session")
        return self.db

    def analyses(self) -> Engine:
        """The analysis cache and job runner (a CLI run: the workspace cache, no jobs)."""
        if self.engine is None:
            if self.workspace is None:
                raise RuntimeError("a caller without a workspace needs an engine")
            self.engine = Engine(AnalysisCache(self.workspace.cache_dir / "analyses"))
        return self.engine

    def view(self, case: Case) -> CaseView:
        """This caller's view of a case (statement-level masking, every read audited)."""
        if self.views is not None:
            return self.views(case)
        secret = self.workspace.secret if self.workspace is not None else None
        return case_view(self.analytical(), self.session(), actor=self.actor, case=case,
                         secret=secret, purpose=self.purpose or None)

    def analytical(self) -> Store:
        """The analytical store (a caller built without one cannot read partner data)."""
        if self.store is None:
            raise RuntimeError("this caller has no analytical store")
        return self.store
