"""Interventions: from a plan target to an executed barrier, as a small state machine.

An intervention is one barrier a partner raises against members of a network: criminal
(arrest, search, seizure), administrative (closure under art. 13b Opiumwet, Bibob refusal or
withdrawal, permits), fiscal (assessment, collection), customs, FIOD, or private (account
exit, registration refusal). It moves

    proposed → approved → executed → result      (and proposed/approved → cancelled)

Who may move it is decided here, from facts the caller already checked (case membership):

* **propose** — a case member whose roles allow ``judge`` (analysts, investigators);
* **approve** — a member of the *responsible partner* (the partner whose instrument it is
  decides to use it; for criminal barriers the prosecution (OM) also approves, as the
  officier van justitie authorises arrests, searches and seizures) — and never the proposer
  (four eyes);
* **execute** and **record the result** — a member of the responsible partner;
* **cancel** — the proposer or a member of the responsible partner.

Dates may not go back in time along the chain. The rules are data (:data:`MOVES`).

>>> check_move(Facts(status="proposed", kind="administrative", partner="gemeente",
...                  proposed_by="ann"), "approved", actor="gem", actor_partner="gemeente")
'responsible partner gemeente approves'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from offensief.model.errors import Conflict, InputError, PermissionDenied

STATUSES: tuple[str, ...] = ("proposed", "approved", "executed", "result", "cancelled")
#: status → the statuses it may move to.
MOVES: dict[str, tuple[str, ...]] = {
    "proposed": ("approved", "cancelled"),
    "approved": ("executed", "cancelled"),
    "executed": ("result",),
    "result": (),
    "cancelled": (),
}

#: kind → instrument → default legal basis.
INSTRUMENTS: dict[str, dict[str, str]] = {
    "criminal": {"arrest": "art. 53-54 Sv (aanhouding)",
                 "search": "art. 96b-97 Sv (doorzoeking)",
                 "seizure": "art. 94-94a Sv (conservatoir beslag)"},
    "administrative": {"closure-13b": "art. 13b Opiumwet (sluiting pand)",
                       "bibob-refusal": "Wet Bibob art. 3 (weigering vergunning)",
                       "bibob-withdrawal": "Wet Bibob art. 3 (intrekking vergunning)",
                       "permit-refusal": "APV (weigering vergunning)",
                       "permit-withdrawal": "APV (intrekking vergunning)"},
    "fiscal": {"assessment": "AWR art. 16, 20 (navorderings-/naheffingsaanslag)",
               "collection": "Invorderingswet 1990 (invordering)"},
    "customs": {"inspection": "Algemene douanewet art. 1:28 (controle)",
                "customs-seizure": "Algemene douanewet art. 1:33 (inbeslagneming)"},
    "fiod": {"fiod-arrest": "art. 53-54 Sv, AWR art. 80 (aanhouding)",
             "fiod-search": "art. 96b-97 Sv (doorzoeking)",
             "fiod-seizure": "art. 94-94a Sv (conservatoir beslag)"},
    "private": {"account-exit": "Wwft art. 5 (beëindiging relatie)",
                "registration-refusal": "Handelsregisterwet 2007 art. 9 (weigering inschrijving)"},
}
KINDS: tuple[str, ...] = tuple(INSTRUMENTS)

#: kind → partner kinds that may be responsible for it.
RESPONSIBLE: dict[str, frozenset[str]] = {
    "criminal": frozenset({"politie", "om", "kmar"}),
    "administrative": frozenset({"gemeente"}),
    "fiscal": frozenset({"belastingdienst"}),
    "customs": frozenset({"douane"}),
    "fiod": frozenset({"fiod"}),
    "private": frozenset({"other", "riec"}),
}
#: kind → partner kinds that approve besides the responsible one.
CO_APPROVERS: dict[str, frozenset[str]] = {"criminal": frozenset({"om"}),
                                           "fiod": frozenset({"om"})}

#: Instruments that take a person out of the network when they hold (``removed`` default).
REMOVING: frozenset[str] = frozenset({"arrest", "fiod-arrest"})

#: The plan's instrument wording (``offensief.disrupt.barrier``) → (kind, instrument, partner).
FROM_PLAN: dict[str, tuple[str, str, str]] = {
    "seizure of assets (beslag)": ("fiod", "fiod-seizure", "fiod"),
    "fiscal assessment (naheffing)": ("fiscal", "assessment", "belastingdienst"),
    "account exit (exit klant)": ("private", "account-exit", "riec"),
    "art. 13b Opiumwet closure of premises": ("administrative", "closure-13b", "gemeente"),
    "Bibob refusal or withdrawal of permit": ("administrative", "bibob-withdrawal", "gemeente"),
    "registration refusal / deregistration": ("private", "registration-refusal", "riec"),
    "arrest and prosecution": ("criminal", "arrest", "politie"),
}

#: The ten RIEC regions (where an intervention is carried out).
REGIONS: tuple[str, ...] = (
    "Noord-Nederland", "Oost-Nederland", "Midden-Nederland", "Noord-Holland", "Amsterdam",
    "Den Haag", "Rotterdam", "Zeeland-West-Brabant", "Oost-Brabant", "Limburg",
)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules need to know about one intervention."""

    status: str
    kind: str
    partner: str
    proposed_by: str


def validate(*, kind: str, instrument: str, partner: str, region: str) -> str:
    """Check a new intervention's kind, instrument, partner and region; the default legal basis."""
    if kind not in INSTRUMENTS:
        raise InputError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}", field="kind")
    if instrument not in INSTRUMENTS[kind]:
        raise InputError(f"{kind} instruments are {', '.join(INSTRUMENTS[kind])}, "
                         f"not {instrument!r}", field="instrument")
    if partner not in RESPONSIBLE[kind]:
        raise InputError(f"a {kind} barrier is carried out by {', '.join(sorted(RESPONSIBLE[kind]))}"
                         f", not {partner!r}", field="partner")
    if region not in REGIONS:
        raise InputError(f"unknown region {region!r}; known: {', '.join(REGIONS)}", field="region")
    return INSTRUMENTS[kind][instrument]


def check_move(facts: Facts, to: str, *, actor: str, actor_partner: str) -> str:
    """The rule that lets ``actor`` (of partner kind ``actor_partner``) move to ``to``.

    Raises :class:`Conflict` for a move the state machine does not have and
    :class:`PermissionDenied` for an actor the rules do not allow.
    """
    if to not in STATUSES:
        raise InputError(f"unknown status {to!r}; known: {', '.join(STATUSES)}", field="status")
    if to not in MOVES[facts.status]:
        allowed = ", ".join(MOVES[facts.status]) or "nothing (final)"
        raise Conflict(f"an intervention that is {facts.status} can move to {allowed}, not {to}",
                       status=facts.status, to=to)
    responsible = actor_partner == facts.partner
    if to == "approved":
        if actor == facts.proposed_by:
            raise _deny(to, "four eyes: the proposer may not approve")
        if responsible:
            return f"responsible partner {facts.partner} approves"
        if actor_partner in CO_APPROVERS.get(facts.kind, frozenset()):
            return f"{actor_partner} authorises {facts.kind} barriers"
        raise _deny(to, f"only {facts.partner} (the responsible partner) approves")
    if to == "cancelled":
        if responsible or actor == facts.proposed_by:
            return "proposer or responsible partner cancels"
        raise _deny(to, f"only the proposer or {facts.partner} cancels")
    if responsible:
        return f"responsible partner {facts.partner} records {to}"
    raise _deny(to, f"only {facts.partner} (the responsible partner) records {to}")


def check_dates(earlier: date | None, later: date, *, field: str) -> None:
    """A step's date may not precede the step before it."""
    if earlier is not None and later < earlier:
        raise InputError(f"{field} {later.isoformat()} is before the previous step's "
                         f"{earlier.isoformat()}", field=field)


def _deny(to: str, rule: str) -> PermissionDenied:
    return PermissionDenied(f"intervention {to} denied: {rule}", action=f"intervention_{to}",
                            rule=rule)
