"""The workflow of a protection record: states, who may move them, and on what condition.

States: ``registered`` (a threat report came in) → ``assessing`` (information products are
being made) → ``decided`` (the competent authority decided on a product) → ``protected``
(measures run) → ``closed``. A new threat sends a decided, protected or closed record back to
``assessing``.

Two sides act on a record: the **unit** (the responsible police/KMar unit that registers,
assesses and carries out) and the **authority** (the partner of the competent authority —
mayor, chief public prosecutor or CBB — that decides and closes). A partner that is both
holds both sides.

>>> TRANSITIONS[("assessing", "decided")].sides
frozenset({'authority'})
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from offensief.db.protect import ProtectSubject
from offensief.model.errors import Conflict, InputError, PermissionDenied

STATES: tuple[str, ...] = ("registered", "assessing", "decided", "protected", "closed")
SIDES: tuple[str, ...] = ("unit", "authority")


def active_measures(subject: ProtectSubject) -> list:  # type: ignore[type-arg]
    """Measures that have started and not ended."""
    return [m for m in subject.measures if m.end_on is None]


def _has_report(s: ProtectSubject) -> str | None:
    return None if s.reports else "a threat report (melding) is needed first"


def _has_decided_product(s: ProtectSubject) -> str | None:
    if any(p.kind in ("di", "da", "ra") and p.decision.strip() for p in s.products):
        return None
    return "the authority decides on a DI, DA or RA: add one with its decision first"


def _has_active_measure(s: ProtectSubject) -> str | None:
    return None if active_measures(s) else "no measure has started"


def _no_active_measure(s: ProtectSubject) -> str | None:
    running = active_measures(s)
    return None if not running else f"{len(running)} measure(s) still run: end them first"


def _always(_s: ProtectSubject) -> str | None:
    return None


@dataclass(frozen=True)
class Transition:
    """One allowed move: which sides may make it and what must hold."""

    sides: frozenset[str]
    condition: Callable[[ProtectSubject], str | None]
    meaning: str


_UNIT, _AUTH, _BOTH = frozenset({"unit"}), frozenset({"authority"}), frozenset(SIDES)

TRANSITIONS: dict[tuple[str, str], Transition] = {
    ("registered", "assessing"): Transition(_UNIT, _has_report, "the unit starts the assessment"),
    ("registered", "closed"): Transition(_AUTH, _always, "the authority finds no threat"),
    ("assessing", "decided"): Transition(_AUTH, _has_decided_product,
                                         "the authority decides on the assessment"),
    ("decided", "protected"): Transition(_UNIT, _has_active_measure,
                                         "the unit carries out the decided measures"),
    ("decided", "assessing"): Transition(_BOTH, _always, "a new threat or a re-evaluation"),
    ("protected", "assessing"): Transition(_BOTH, _always, "a new threat or a re-evaluation"),
    ("decided", "closed"): Transition(_AUTH, _no_active_measure, "the authority closes"),
    ("protected", "closed"): Transition(_AUTH, _no_active_measure, "the authority closes"),
    ("closed", "assessing"): Transition(_BOTH, _always, "reopened on a new threat"),
}


def sides_of(partner: str, subject: ProtectSubject) -> frozenset[str]:
    """The sides ``partner`` holds on ``subject`` (empty: not in the compartment)."""
    held = set()
    if partner == subject.unit_partner:
        held.add("unit")
    if partner == subject.authority_partner:
        held.add("authority")
    return frozenset(held)


def allowed_moves(subject: ProtectSubject, partner: str) -> list[str]:
    """The states ``partner`` may move ``subject`` to now (side and condition both hold)."""
    sides = sides_of(partner, subject)
    return [to for (frm, to), t in TRANSITIONS.items()
            if frm == subject.state and t.sides & sides and t.condition(subject) is None]


def check_move(subject: ProtectSubject, to: str, *, partner: str) -> Transition:
    """The transition ``subject.state → to`` for ``partner``, or the error that forbids it:
    :class:`InputError` (unknown state), :class:`Conflict` (no such move, or its condition
    fails), :class:`PermissionDenied` (the partner's side may not make it)."""
    if to not in STATES:
        raise InputError(f"unknown state {to!r}; known: {', '.join(STATES)}", field="state")
    transition = TRANSITIONS.get((subject.state, to))
    if transition is None:
        raise Conflict(f"a record in state {subject.state!r} cannot move to {to!r}",
                       state=subject.state, to=to)
    sides = sides_of(partner, subject)
    if not transition.sides & sides:
        need = " or ".join(sorted(transition.sides))
        raise PermissionDenied(f"{subject.state} → {to} is for the {need} side; "
                               f"{partner} holds {', '.join(sorted(sides)) or 'no side'}",
                               rule=f"protect workflow: {need} only")
    problem = transition.condition(subject)
    if problem is not None:
        raise Conflict(f"{subject.state} → {to}: {problem}", state=subject.state, to=to)
    return transition
