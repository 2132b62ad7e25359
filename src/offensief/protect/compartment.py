"""The strictest compartment: who may read or write one protection record.

Only an actor with the ``protect_read`` (``protect_write``) role action **and** of the
record's responsible unit or of its competent authority's partner. No other role reaches the
register — analysts, liaisons, investigators, auditors and admins hold no protect action, so
the policy stops them before any record is looked at — and a protection officer of another
unit or authority does not see the record either (the register is not shared nationally;
the national picture is the aggregate of :mod:`offensief.protect.overview`).

>>> from offensief.access.policy import Actor
>>> from offensief.db.protect import ProtectSubject
>>> s = ProtectSubject(unit_partner="politie", authority_partner="om")
>>> olga = Actor(id=1, username="olga", partner="om", partner_kind="om",
...              roles=frozenset({"protection_officer"}))
>>> compartment_rule(olga, s)
'officer of the competent authority (om)'
"""

from __future__ import annotations

from offensief.access.policy import Actor
from offensief.access.rules import ROLE_ACTIONS
from offensief.db.protect import ProtectSubject


def holds(actor: Actor, action: str) -> bool:
    """Whether one of the actor's roles allows ``action`` at all."""
    return not actor.disabled and any(action in ROLE_ACTIONS.get(r, ()) for r in actor.roles)


def compartment_rule(actor: Actor, subject: ProtectSubject) -> str | None:
    """The rule that puts ``actor`` inside ``subject``'s compartment, or ``None``."""
    if actor.partner == subject.unit_partner:
        return f"officer of the responsible unit ({subject.unit_partner})"
    if actor.partner == subject.authority_partner:
        return f"officer of the competent authority ({subject.authority_partner})"
    return None


def in_compartment(actor: Actor, subject: ProtectSubject, *, action: str = "protect_read") -> bool:
    """Role and compartment both hold."""
    return holds(actor, action) and compartment_rule(actor, subject) is not None
