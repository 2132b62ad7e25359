"""Facilitator trade inferred when no sector is stated, and facilitators seen by structure alone.

Registers do not always state an activity (no SBI code, no profession), yet the trade often
shows elsewhere (issue 13):

* **the firm's name** — Dutch firm names carry the trade ("Administratiekantoor Rijn BV",
  "Fiscaal Advies Jansen BV", "Brouwer Transport & Logistiek BV", "GSM Reparatie Centrum"):
  the name of a firm the person stands behind (directs, or owns as one of at most two persons)
  or works at, matched with the vocabulary of ``sectors.yml``;
* **what clients pay for** — the descriptions of payments the person or his small firm
  receives ("factuur administratie", "telefoon", "vracht"), when at least
  :data:`MIN_PAYERS` payers pay for the same trade. Surcharges on any invoice
  ("administratiekosten", "verzendkosten", "handling fee") and payment channels ("Online
  bankieren", "Betaalautomaat") name no trade and are left out.

Both fill a gap only: a firm whose register states a sector is read by that sector
(:mod:`offensief.network.footprint`), never by its name or its invoices — a cafetaria that
charges "administratiekosten" is a cafetaria. Each inferred trade carries its evidence and a
lower weight than a stated one (:data:`INFERRED_WEIGHT`: half the stated weight of the same
relation), so a stated trade always ranks first.

**Outside the groups' cores.** Evidence this weak needs the groups to be others': for an
inferred trade and for a structural candidate, his own community (where Leiden put him) counts
as a client group only when he is outside its core (:func:`in_core`: fewer ties inside it than
its median member) — a facilitator deals with a few members of each group he serves; someone as
embedded as the community's typical member belongs to it (his friends, colleagues, own group).

**Structural candidates.** When no trade is known at all, a person who serves two or more
groups (:mod:`offensief.network.service`) other than his own community and is paid by two or
more of them is a candidate
facilitator by structure (Morselli 2009 and Europol SOCTA 2021 on "crime as a service": the
same service sold to several groups; the broker on the paths between them). The service the
structure shows types him (:func:`structural_types`):

* **financial** — the groups' money passes through his own accounts: he is paid by members of
  two or more client groups *and* pays on at least :data:`PASSED_ON` of it within
  :data:`PASS_DAYS` of its coming in (a money transferer; his rent and shopping are no passing
  on); or he takes **cuts** of money passing through other accounts: persons of the
  criminal network pay him a smaller sum within :data:`PASS_DAYS` after paying a larger one on to
  someone else (:func:`cut`; a mule recruiter or controller: the mule forwards what came in and
  pays his recruiter a commission — Europol EMMA, FATF 2018), and they are two or more separate
  crews (payers who do not deal with each other): each mule is one use of the service, wherever
  the clustering put him, while a lieutenant's workers who pay him their share are one crew.
  That he serves two or more groups is established by the client groups, as for every
  structural candidate. In the criminal network, the payers in his own cluster count by their own
  ties, each crew apart (:meth:`offensief.network.service.ServiceIndex.crews`): a recruiter's
  mules, whose one criminal tie is him, fall into his cluster whatever group they work for;
* **digital** — phone numbers registered to him are used by members of client groups
  (``shared_phone``): the handsets or subscriptions he supplies;
* **logistics** — vehicles he holds are held or driven by members of client groups.

A person who stands behind a firm of his own is left out: his customers pay the firm for its
trade, and what that trade is the register knows even if no facilitator vocabulary names it
(a supermarket, a shop). Rows of structural candidates come after every row with a trade and
are never ``flagged``; without a typed service they are listed as role ``facilitator``
(type unknown).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date

import igraph as ig
import numpy as np

from offensief.model.marks import mark
from offensief.network.communities import undirected_view
from offensief.network.edges import edge_array
from offensief.network.entities import EntityRecord
from offensief.network.footprint import TRADES, is_construct, trades

#: Weight of an inferred trade: half the stated weight of the same relation (a firm the
#: person is — sole or with one partner — 1.0 stated; a firm he directs or works at, 0.5).
INFERRED_WEIGHT = {"own_firm": 0.5, "firm": 0.25, "payments": 0.25}

#: Suffix of every piece of inferred evidence in a row's explanation.
INFERRED_MARK = "(inferred)"

#: Payers needed before payment descriptions name a trade (a service sold, not one bill).
MIN_PAYERS = 2

#: Relations by which a person stands behind or works at a firm whose name may carry his trade.
WORK_TYPES = ("directorship", "employment", "membership", "ownership", "control")

#: Surcharge words on any invoice: they name a cost, not the trade sold.
_SURCHARGE = re.compile(r"\w*(?:kosten|toeslag|costs?|fees?|charges?)\b")

#: Payment channels in a bank's description: how it was paid, not what for.
_CHANNEL = re.compile(r"\b(?:online|internet|mobiel|mobile|telefonisch|digitaal)\s*(?:bankieren|banking)\b"
                      r"|\b(?:internetbankieren|betaalautomaat|geldautomaat|overboeking|ideal|incasso|"
                      r"bank transfer|card payment|pinbetaling)\b")

#: Share of the groups' money he must pay on for it to *pass through* his accounts: more than he
#: keeps (a money mule recruiter's or money transferer's cut is a commission, a few to some
#: tens of per cent — FATF, *Professional Money Laundering*, 2018).
PASSED_ON = 0.5

#: Days within which money passes through an account: paid on within this many days of coming
#: in, or a cut paid within this many days of a larger sum going on. The window of a rapid
#: pass-through (``finance.settings``: 48 hours — a mule forwards the next day and pays the cut
#: when the money has gone); rent or shopping paid weeks later is spending, not passing on.
PASS_DAYS = 2

#: Groups needed for a structural candidate: served, and paying.
MIN_STRUCTURAL_GROUPS = 2


def in_core(graph: ig.Graph, membership: Sequence[int]) -> np.ndarray:
    """Per node of ``graph``: whether it has at least as many ties inside its community as the
    community's median member (the community's core).

    >>> g = ig.Graph([(0, 1), (0, 2), (1, 2), (2, 3)])
    >>> in_core(g, [0, 0, 0, 0]).tolist()
    [True, True, True, False]
    """
    n = graph.vcount()
    member = np.asarray(membership, dtype=np.int64)
    if n == 0:
        return np.zeros(0, dtype=bool)
    ends = edge_array(undirected_view(graph))
    inside = ends[member[ends[:, 0]] == member[ends[:, 1]]] if len(ends) else np.zeros((0, 2), dtype=np.int64)
    within = (np.bincount(inside[:, 0], minlength=n) + np.bincount(inside[:, 1], minlength=n)).astype(float)
    median = np.zeros(int(member.max()) + 1)
    for c in np.unique(member):
        median[c] = np.median(within[member == c])
    return within >= median[member]


def stated(record: EntityRecord) -> bool:
    """Whether a firm's register record states an activity (sector text or SBI code)."""
    return bool(record.values("sector") or record.values("classification"))


def service_words(text: str) -> str:
    """A payment description without its surcharge words and payment channel.

    >>> service_words("Lening Online bankieren").strip()
    'lening'
    """
    return _SURCHARGE.sub(" ", _CHANNEL.sub(" ", text.lower()))


def _payment_text(edge: ig.Edge) -> str:
    attrs = edge.attributes()
    return " ".join(t for t in (attrs.get("note") or "", attrs.get("purpose") or "") if t)


def inferred_trades(entity_graph: ig.Graph, j: int, *,
                    firms: Mapping[int, set[int]]) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Per trade, the inferred evidence weight for entity ``j`` and the evidence (firm names,
    payment descriptions). Firms with a stated sector are not read here."""
    level: dict[str, float] = {}
    shown: dict[str, set[str]] = {}

    def note(kinds: set[str], weight: float, what: str) -> None:
        for kind in kinds:
            level[kind] = max(level.get(kind, 0.0), weight)
            shown.setdefault(kind, set()).add(what)

    paid_to = [j]
    for e in entity_graph.es[entity_graph.incident(j, mode="out")]:
        if e["type"] not in WORK_TYPES or e.target == j:
            continue
        firm = entity_graph.vs[e.target]["record"]
        own = j in firms.get(e.target, ())
        if not firm.is_a("Organization") or is_construct(firm.values("name")) or stated(firm):
            continue
        if e["type"] in ("ownership", "control") and not own:  # an investor, not someone who works there
            continue
        for name in firm.values("name"):
            note(trades(name), INFERRED_WEIGHT["own_firm" if own else "firm"], f"firm name '{mark(entity_graph.vs[e.target]['name'])}'")
        if own:
            paid_to.append(e.target)
    paid: dict[str, set[int]] = {}
    for target in dict.fromkeys(paid_to):
        for e in entity_graph.es[entity_graph.incident(target, mode="in")]:
            if e["type"] == "payment" and e.source != j:
                for kind in trades(service_words(_payment_text(e))):
                    paid.setdefault(kind, set()).add(e.source)
    for kind, payers in paid.items():
        if len(payers) >= MIN_PAYERS:
            note({kind}, INFERRED_WEIGHT["payments"], f"paid for '{kind}' services by {len(payers)} payers")
    return level, {k: sorted(v) for k, v in shown.items()}


def has_own_firm(entity_graph: ig.Graph, j: int, *, firms: Mapping[int, set[int]]) -> bool:
    """Whether ``j`` stands behind a small firm of his own (its customers pay it for its trade).
    Only an organisation is a firm: the house or car he alone owns is no business."""
    return any(e["type"] in WORK_TYPES and j in firms.get(e.target, ())
               and entity_graph.vs[e.target]["record"].is_a("Organization")
               for e in entity_graph.es[entity_graph.incident(j, mode="out")])


def _day(edge: ig.Edge) -> date | None:
    """The day of a payment edge, or None when it has no (readable) date."""
    text = str(edge.attributes().get("date") or "")[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def cut(entity_graph: ig.Graph, payment: ig.Edge) -> bool:
    """Whether ``payment`` (payer → person) is a cut of money passing through the payer's account:
    the payer paid a larger sum on to someone else (not the person, not to himself) on the same day
    or within :data:`PASS_DAYS` before it — the commission a mule pays his recruiter once the money
    has gone on. A payment without a date is no cut."""
    when = _day(payment)
    if when is None:
        return False
    payer, person = payment.source, payment.target
    for e in entity_graph.es[entity_graph.incident(payer, mode="out")]:
        if e["type"] != "payment" or e.target in (payer, person) or e.index == payment.index:
            continue
        day = _day(e)
        larger = float(e["amount"] or 0) > float(payment["amount"] or 0)
        if day is not None and larger and 0 <= (when - day).days <= PASS_DAYS:
            return True
    return False


def structural_types(entity_graph: ig.Graph, j: int, *, clients: set[int],
                     group_of: Mapping[int, int], unit_of: Mapping[int, object] | None = None,
                     crews: Callable[[set[int]], list[set[int]]] | None = None) -> dict[str, list[str]]:
    """Per trade, the structural evidence that person ``j`` serves the ``clients`` groups in it
    (see the module text), from his own edges and his payers' payments. ``unit_of``: payers counted
    apart from their group (the crews of payers in his own cluster,
    :func:`offensief.network.features._structural`); ``crews``: divides persons into crews
    (:meth:`offensief.network.service.ServiceIndex.crews`; without it, a group is a crew)."""
    unit_of = unit_of or {}
    paid_by: set[object] = set()
    cut_payers: set[int] = set()
    phones: set[int] = set()
    vehicles: set[int] = set()
    came_in: list[tuple[date | None, float]] = []
    went_out: list[tuple[date, float]] = []
    for e in entity_graph.es[entity_graph.incident(j, mode="all")]:
        other = e.target if e.source == j else e.source
        kind = e["type"]
        if kind == "payment":
            if e.target == j and group_of.get(other) in clients:
                paid_by.add(unit_of.get(other, group_of[other]))
                came_in.append((_day(e), float(e["amount"] or 0)))
            elif e.source == j and (day := _day(e)) is not None:
                went_out.append((day, float(e["amount"] or 0)))
            if e.target == j and other in group_of and cut(entity_graph, e):
                cut_payers.add(other)
        elif kind == "shared_phone" and group_of.get(other) in clients:
            phones.add(other)
        elif kind == "vehicle" and e.source == j:
            for h in entity_graph.es[entity_graph.incident(e.target, mode="in")]:
                if h["type"] == "vehicle" and h.source != j and group_of.get(h.source) in clients:
                    vehicles.add(h.source)
    received = sum(amount for _, amount in came_in)
    passed = sum(min(amount, sum(a for d, a in went_out if 0 <= (d - day).days <= PASS_DAYS))
                 for day, amount in came_in if day is not None)
    out: dict[str, list[str]] = {}
    if len(paid_by) >= MIN_STRUCTURAL_GROUPS and received > 0 and passed >= PASSED_ON * received:
        apart = sum(isinstance(u, tuple) for u in paid_by)
        whom = f"{len(paid_by)} client groups" + (f" ({apart} of them separate crews in his own cluster)" if apart else "")
        out["financial"] = [f"paid by members of {whom} and paying it on within {PASS_DAYS} days (structure)"]
    cut_crews = crews(cut_payers) if crews is not None else [
        {p for p in cut_payers if group_of[p] == g} for g in {group_of[p] for p in cut_payers}]
    if len(cut_crews) >= MIN_STRUCTURAL_GROUPS:
        out.setdefault("financial", []).append(
            f"paid cuts by {len(cut_payers)} persons in {len(cut_crews)} separate crews, each after paying "
            f"a larger sum on within {PASS_DAYS} days (structure)")
    if len(phones) >= MIN_STRUCTURAL_GROUPS:
        out["digital"] = [f"phone numbers in his name used by {len(phones)} client-group members (structure)"]
    if vehicles:
        out["logistics"] = [f"vehicles in his name held by {len(vehicles)} client-group members (structure)"]
    return out


def structural_kind(found: Mapping[str, list[str]]) -> str | None:
    """The one trade the structure shows, or None (type unknown or several)."""
    kinds = [k for k in TRADES if k in found]
    return kinds[0] if len(kinds) == 1 else None
