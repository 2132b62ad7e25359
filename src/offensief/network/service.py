"""Which groups a professional serves: the client relation seen in calls, meetings and money.

A facilitator serves *several* criminal groups (DESIGN §4; Kleemans & Van de Bunt, the Dutch
organised crime monitor: facilitators sell the same service to several groups). Having a
relative or a friend in another community is not serving it, and neither is an ordinary
client's invoice. A community is a **client group** of a person when:

* it is a group: at least :data:`offensief.network.features.MIN_GROUP` members (Palermo,
  art. 2: three or more persons);
* **two** of its members deal with the person in the operational data — call, message or meet
  him, or are registered as his criminal associates (:data:`CONTACT_TYPES`). A service is sold
  to a group (the boss arranges it, a lieutenant or worker uses it); a friendship, or a
  customer's call and bill, is with one person. Payments alone are no such sign: a phone
  shop's or a carrier's customers pay it too (they count in ``groups_paying``, a score
  feature). A member counts for his own community and for that of his strongest tie other
  than the person (his boss's): Leiden may split a group into its cells, and the lieutenants
  who each call the crypto-phone seller once sit in different cells of one group. Relatives
  are no clients: family members are left out, and so are his **housemates** — persons
  registered at his address (``shared_address``, the BRP's household), whose calls are home life;
* or the person — or a small firm behind which he stands — holds a **mandate** in a group
  member's firm: director, shareholder or controller of a company a member directs, owns or
  controls, other than a firm in a facilitator trade (his own or his partners' practice).
  Acting as a client's director or nominee shareholder *is* the trust service (Wet toezicht
  trustkantoren 2018, art. 1: "het als bestuurder of vennoot optreden van een rechtspersoon
  of vennootschap" for a client), so one such seat is a client relation on its own.

Partner data name the firm, not the person (calls to the firm's number, invoices paid to the
firm's account), so the firm's ties count for the persons behind it:

* a **small firm** (at most :data:`offensief.network.graph.SMALL_FIRM` persons direct, own or
  control it: eenmanszaak, two-partner vof): every call and payment to it is one with its
  proprietors — the person is the business. For the clients of his *trade*, only his own ties
  and those of his firms that may practise it count: a firm whose register states a sector
  outside the facilitator trades (a building-materials wholesaler, a property BV) is another
  business, and its callers buy that, not the trade — a group's straw man who runs a phone shop
  and fronts his group's trading BV is called there by his own fellow members;
* an **employer** (``Employment``), or a larger firm the person directs or is a member of:
  its calls and payments count only in groups the person deals with *personally* (at least
  one own operational tie). A container terminal's or hosting firm's customers are not each
  employee's clients; but the insider whom a group's importers call, and whose terminal the
  group pays, serves that group through his firm;
* a small firm **with staff** (:func:`staffed_firms`: it pays wages to, or employs, someone
  other than the persons behind it and their relatives) is an employer too: the person is the
  business only as a *zzp'er* (zelfstandige zonder personeel, CBS: self-employed without
  staff). A shop or an installation firm with employees answers its phone and takes its
  customers' money through them, so a call to its number is with the business, not with its
  owner; its ties count where he deals personally, as an employer's do.

An accountant billing many ordinary clients is paid by them but has no operational ties with
them: he has no client groups, however many communities his clients live in.

A facilitator facilitates *crime*, so a group he serves is a client group only when he serves
its **criminal** side (:mod:`offensief.network.evidence`): at least :data:`MIN_EVIDENCED` of the
members in operational contact with him are known to police, registered as criminal associates
or seen at observed meetings, *and* they are as large a share of those members as criminals are
of the community (:func:`criminal_side`) — or he holds a seat in the firm of such a member. The evidence is on those who deal with him, not on
the community at large: communities of a whole population are large (a town's worth of
households and friends), and any large one holds a few persons known to police; a phone shop
that two ordinary members of it call serves no crime. And it must be *his* clientele there that
is criminal, not a chance few: an ordinary administratiekantoor or transport firm that eleven
members of a large community call has, by chance, two or three clients whom the police know —
his clients are a sample of the whole community, and carry evidence no more often than its
members do — while a group's criminal side seeks out the facilitator it uses, so among those
dealing with him criminals are over-represented, even when a phone shop or transport firm also
has ordinary customers there (FATF 2018, *Professional Money Laundering*: the professional's
clients are criminal organisations). An accountant serving
ordinary households, or two benign firms, serves no criminal group. Where the data hold no
criminal evidence at all, it cannot be checked and every served group counts (the explanation
says so).

Where the data hold criminal evidence, the groups are those of the **criminal network**
(:func:`criminal_groups`), not the communities of the whole population: at full size several
criminal groups fall into one large community (modularity's resolution limit), and a large
community with few known members lets any busy shop pass the share test above. A group of the
criminal network is served when :data:`MIN_EVIDENCED` or more of its members deal with him
**beyond chance** given his reach among the public (:func:`beyond_chance`), or by a seat in a
member's firm.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import igraph as ig

from offensief.model.marks import mark
from offensief.network.communities import leiden
from offensief.network.evidence import KNOWN, POLICE_TIES
from offensief.network.footprint import evidence as trade_evidence
from offensief.network.footprint import is_construct
from offensief.network.inferred_trade import cut

#: Tie types of operational contact: intercepted or requested telecom, observed meetings,
#: registered criminal associates.
CONTACT_TYPES = ("call", "message", "meeting", "associate")

#: Relations by which a person works at or for a firm (its ties count where he deals personally).
WORK_TYPES = ("employment", "directorship", "membership")

#: Relations that are a seat in a firm: who stands behind it, and a mandate held in a client's firm.
MANDATE_TYPES = ("directorship", "ownership", "control")

#: Contacts needed in a group without payments from it (see the module text).
MIN_CONTACTS = 2

#: Members in contact with criminal evidence that make the service one to a criminal group: two,
#: as for contacts — the record of one person is his, not his group's.
MIN_EVIDENCED = 2

#: Significance level at which a group deals with him more than chance (see :func:`beyond_chance`):
#: the conventional 5 % of a one-sided test.
SIGNIFICANCE = 0.05

#: Words of a wage payment in a bank's description (Dutch and English): salaris, loon (nettoloon,
#: loonbetaling), salary, wages, payroll — not an invoice for payroll administration.
WAGE_WORDS = re.compile(r"\b(?:salaris\w*|(?:netto|bruto)?loon|loonbetaling\w*|lonen|salar(?:y|ies)|wages?|payroll)\b")

#: Leiden runs that find the criminal groups (:func:`criminal_groups`).
GROUP_SEEDS = 3

#: Order of the evidence kinds in an explanation, and their words there.
EVIDENCE_KINDS = (KNOWN, *POLICE_TIES.values())
EVIDENCE_TEXT = {KNOWN: "known to police", POLICE_TIES["associate"]: "registered associates",
                 POLICE_TIES["meeting"]: "seen at observed meetings"}


@dataclass(slots=True)
class GroupTies:
    """What ties a person to one community: its members contacted, and whether it pays."""

    contacts: set[int] = field(default_factory=set)
    payers: set[int] = field(default_factory=set)
    via_firm: set[str] = field(default_factory=set)
    mandates: set[str] = field(default_factory=set)
    #: persons behind the client firms in which he holds a seat
    holders: set[int] = field(default_factory=set)
    #: those who deal with him (in contact, or behind a client firm) with criminal evidence, per
    #: kind (None: the data hold none, not checked); how many deal with him
    evidence: dict[str, int] | None = None
    dealing: int = 0
    #: the community's members (not he, not his relatives), and those with criminal evidence
    members: int = 0
    known: int = 0
    #: paid by its criminal side: a payer with criminal evidence, and at least the group's share
    #: of evidence among those who pay him (True when not checked)
    paid_by_known: bool = True
    #: a criminal group: see the module text (True when not checked)
    criminal: bool = True
    #: groups of the criminal network (:func:`criminal_groups`): members dealing with him that
    #: chance would give, and the probability of as many or more (None: communities, not checked so)
    expected: float | None = None
    chance: float | None = None
    #: most of those dealing with him there deal with each other (one crew, :meth:`ServiceIndex.crews`)
    one_crew: bool = True
    #: members who paid him a cut of money passing through their accounts (:func:`inferred_trade.cut`)
    cutting: set[int] = field(default_factory=set)

    @property
    def embedded(self) -> bool:
        """He deals with most of a group of the criminal network, and they with each other: as
        embedded as its members are, he is one of them (a facilitator deals with a few members of
        each group he serves). A cluster of persons who deal with him but not with each other has
        formed around him (the mules of several groups whose one criminal tie is their recruiter)."""
        return self.chance is not None and 2 * self.dealing > self.members and self.one_crew

    @property
    def organised(self) -> bool:
        """Those dealing with him in a group of the criminal network are known as an organisation:
        :data:`MIN_EVIDENCED` or more of them were seen at observed meetings or are registered
        criminal associates — evidence the police record about a group's ties, where a police
        record alone is one person's own incident. For a trade known only from a firm's name, his
        own cluster is a client group only then, and when he is not embedded in it: a phone seller
        whom a group's lieutenants, seen meeting, call is their supplier; a petty offender whose
        firm's name reads "transport", called by the persons known for their own incidents he
        lives among, is one of them (``features.store_features``)."""
        if self.evidence is None or self.chance is None or self.embedded:
            return False
        return sum(self.evidence.get(kind, 0) for kind in POLICE_TIES.values()) >= MIN_EVIDENCED

    @property
    def paid(self) -> bool:
        return bool(self.payers)

    @property
    def served(self) -> bool:
        """Served: a mandate, or two members in operational contact with him."""
        return bool(self.mandates) or len(self.contacts) >= MIN_CONTACTS

    @property
    def client(self) -> bool:
        """A client group: served, and a criminal group (see the module text)."""
        return self.served and self.criminal


class ServiceIndex:
    """Per person of the analysed graph, its ties to each group (entity-graph indices)."""

    def __init__(self, entity_graph: ig.Graph, *, group_of: Mapping[int, int], sizes: Sequence[int],
                 firms: Mapping[int, set[int]], min_group: int,
                 strongest: Mapping[int, list[tuple[int, int]]] | None = None,
                 evidence: Mapping[int, set[str]] | None = None, criminal_network: bool = False,
                 population: set[int] | None = None) -> None:
        self.eg, self.group_of, self.firms = entity_graph, group_of, firms
        self.strongest = dict(strongest or {})
        self.evidence = evidence
        #: the groups are those of the criminal network (:func:`criminal_groups`): every member
        #: carries criminal evidence, and a group counts when it deals with him beyond chance
        self.criminal_network = criminal_network and evidence is not None
        #: every analysed person (entity indices): the public whose contact rate with him is chance
        self.population = population if population is not None else set(group_of)
        self._reach_cache: dict[int, set[int]] = {}
        self.members: dict[int, set[int]] = {}
        for p, g in group_of.items():
            self.members.setdefault(g, set()).add(p)
        self.behind: dict[int, set[int]] = {}
        firm = [r.is_a("Organization") for r in entity_graph.vs["record"]]
        self.is_firm = firm
        for e in entity_graph.es:
            if e["type"] in MANDATE_TYPES and e.source in group_of and firm[e.target]:
                self.behind.setdefault(e.target, set()).add(e.source)
        self.is_group = [int(s) >= min_group for s in sizes]
        # relatives, and housemates: persons registered at one address (``shared_address``) are a
        # household — their calls to each other are home life, not a client's (see the module text)
        self.relatives: dict[int, set[int]] = {}
        person = [r.is_a("Person") for r in entity_graph.vs["record"]]
        for e in entity_graph.es.select(type_in=("family", "shared_address")):
            if e["type"] == "family" or (person[e.source] and person[e.target]):
                self.relatives.setdefault(e.source, set()).add(e.target)
                self.relatives.setdefault(e.target, set()).add(e.source)
        self._cache: dict[int, tuple[dict[int, set[int]], set[int]]] = {}
        #: small firms with staff: an employer, not the person (:func:`staffed_firms`)
        self.staffed = staffed_firms(entity_graph, firms, relatives=self.relatives)

    def crews(self, persons: set[int]) -> list[set[int]]:
        """``persons`` divided by their operational ties among themselves (calls, messages,
        meetings, associates; connected components): those who deal with each other are one crew,
        the others each stand alone.

        Who pays a person is counted by the payers' own ties, not by the cluster of the criminal
        network they were placed in: the cluster a candidate sits in may have formed around him
        (the mules of three groups, whose one criminal tie is the recruiter they pay, fall into his
        cluster), while a lieutenant's workers who pay him their cut call each other — one crew."""
        ordered = sorted(persons)
        crew = {p: p for p in ordered}

        def root(p: int) -> int:
            while crew[p] != p:
                crew[p] = crew[crew[p]]
                p = crew[p]
            return p

        for p in ordered:
            for e in self.eg.es[self.eg.incident(p, mode="all")]:
                other = e.target if e.source == p else e.source
                if e["type"] in CONTACT_TYPES and other in crew and other != p:
                    crew[root(other)] = root(p)
        out: dict[int, set[int]] = {}
        for p in ordered:
            out.setdefault(root(p), set()).add(p)
        return sorted(out.values(), key=min)

    def _practice(self, firm: int) -> bool:
        """A firm in a facilitator trade is a practice (the professional's own, or his partners'),
        not a client's firm: a seat in it is no mandate."""
        record = self.eg.vs[firm]["record"]
        return not is_construct(record.values("name")) and bool(
            trade_evidence([], record.values("sector") + record.values("classification")))

    def _other_business(self, firm: int) -> bool:
        """A firm whose register states a sector outside the facilitator trades (a wholesaler of
        building materials, a property BV): calls to it and payments into it buy its business, not
        the trade — they are no clients of his trade (``groups(trade=True)``). A firm stating no
        sector may practise the trade its name or its payments show
        (:mod:`offensief.network.inferred_trade`)."""
        record = self.eg.vs[firm]["record"]
        sectors = record.values("sector") + record.values("classification")
        return bool(sectors) and not trade_evidence([], sectors)

    def _groups_of(self, p: int, g: int, j: int) -> list[int]:
        """The groups member ``p`` counts for: his community and that of his strongest tie other
        than the person ``j`` served."""
        boss = next((self.group_of.get(q, g) for q, _ in self.strongest.get(p, ()) if q != j), g)
        return [h for h in {g, boss} if self.is_group[h]]

    def _persons(self, node: int) -> set[int]:
        """The analysed persons an entity stands for: itself, or those behind a small firm."""
        if node in self.group_of:
            return {node}
        return {p for p in self.firms.get(node, ()) if p in self.group_of}

    def _reach(self, node: int) -> set[int]:
        """The analysed persons in operational contact with an entity (directly, or behind a small firm)."""
        cached = self._reach_cache.get(node)
        if cached is None:
            cached = set()
            for e in self.eg.es[self.eg.incident(node, mode="all")]:
                if e["type"] in CONTACT_TYPES:
                    other = e.target if e.source == node else e.source
                    if other in self.population:
                        cached.add(other)
                    else:
                        cached |= {p for p in self.firms.get(other, ()) if p in self.population}
            self._reach_cache[node] = cached
        return cached

    def _ties(self, node: int) -> tuple[dict[int, set[int]], set[int]]:
        """(contacted persons per group, paying persons) of one entity's own edges."""
        cached = self._cache.get(node)
        if cached is not None:
            return cached
        contacts: dict[int, set[int]] = {}
        payers: set[int] = set()
        for e in self.eg.es[self.eg.incident(node, mode="all")]:
            kind = e["type"]
            other = e.target if e.source == node else e.source
            if kind in CONTACT_TYPES:
                for p in self._persons(other):
                    contacts.setdefault(self.group_of[p], set()).add(p)
            elif kind == "payment" and e.target == node:
                payers |= self._persons(other)
        self._cache[node] = (contacts, payers)
        return contacts, payers

    def groups(self, j: int, *, trade: bool = False) -> dict[int, GroupTies]:
        """Ties of person ``j`` (entity index) to each group: own, through small firms behind which
        he stands, and through his employer's (or larger firm's) ties where he deals personally.
        ``trade``: the clients of his trade — a small firm of his in another business
        (:meth:`_other_business`) brings none (see the module text)."""
        family = self.relatives.get(j, set()) | {j}
        out: dict[int, GroupTies] = {}

        def add(contacts: Mapping[int, set[int]], payers: set[int], firm: str, *, only: set[int] | None) -> None:
            for g, members in contacts.items():
                for p in members - family:
                    for h in self._groups_of(p, g, j):
                        if only is None or h in only:
                            tie = out.setdefault(h, GroupTies())
                            tie.contacts.add(p)
                            if firm:
                                tie.via_firm.add(firm)
            for p in payers - family:
                for h in self._groups_of(p, self.group_of[p], j):
                    if only is None or h in only:
                        tie = out.setdefault(h, GroupTies())
                        tie.payers.add(p)
                        if firm:
                            tie.via_firm.add(firm)

        add(*self._ties(j), "", only=None)
        works_at: list[int] = []
        seats = [j]
        for e in self.eg.es[self.eg.incident(j, mode="out")]:
            if e.target == j:
                continue
            if e["type"] in MANDATE_TYPES and j in self.firms.get(e.target, ()):
                if e.target in self.staffed:  # a firm with staff: an employer (see the module text)
                    works_at.append(e.target)
                elif not trade or not self._other_business(e.target):
                    add(*self._ties(e.target), mark(self.eg.vs[e.target]["name"]), only=None)
                seats.append(e.target)
            elif e["type"] in WORK_TYPES:
                works_at.append(e.target)
        for seat in seats:  # mandates in a client's firm, held in person or through his small firm
            for e in self.eg.es[self.eg.incident(seat, mode="out")]:
                if (e["type"] not in MANDATE_TYPES or e.target == j or not self.is_firm[e.target]
                        or self._practice(e.target)):
                    continue
                for p in self.behind.get(e.target, set()) - family:
                    g = self.group_of[p]
                    if self.is_group[g]:
                        tie = out.setdefault(g, GroupTies())
                        tie.mandates.add(mark(self.eg.vs[e.target]["name"]))
                        tie.holders.add(p)
        # the employer's ties only where the person has ties of his own (see the module text)
        own = {g for g, tie in out.items() if tie.contacts}
        for firm in dict.fromkeys(works_at):
            add(*self._ties(firm), mark(self.eg.vs[firm]["name"]), only=own)
        # the share of the public in contact with him (himself, or his small firms): the rate at
        # which a group's members would deal with him by chance
        reach = set().union(*(self._reach(s) for s in seats)) - family
        rate = min(len(reach) / max(len(self.population - family), 1), 1.0)
        cutting = {e.source for e in self.eg.es[self.eg.incident(j, mode="in")]
                   if e["type"] == "payment" and e.source not in family and cut(self.eg, e)}
        for g, tie in out.items():
            tie.cutting = tie.payers & cutting
            self._judge(g, tie, family, rate=rate)
        return out

    def _judge(self, g: int, tie: GroupTies, family: set[int], *, rate: float = 0.0) -> None:
        """Whether he serves group ``g``'s criminal side: :data:`MIN_EVIDENCED` members in contact
        with criminal evidence, at least the group's share of those in contact (:func:`criminal_side`),
        or a seat in the firm of one; paid by its criminal side when those who pay him carry
        criminal evidence at least as often as the group's members (a shop paid by many of a
        group's ordinary members is not). Not checked
        (criminal) when the data hold no criminal evidence at all."""
        if self.evidence is None:
            return
        if self.criminal_network:
            self._judge_group(g, tie, family, rate=rate)
            return
        evidence = self.evidence
        members = self.members.get(g, set()) - family
        tie.members, tie.known = len(members), sum(p in evidence for p in members)
        contacts = {p for p in tie.contacts - family if p in evidence}
        holders = {p for p in tie.holders - family if p in evidence}
        dealing = (tie.contacts | tie.holders) - family
        tie.dealing = len(dealing)
        tie.evidence = {kind: sum(kind in evidence.get(p, ()) for p in dealing) for kind in EVIDENCE_KINDS}
        tie.criminal = criminal_side(len(contacts), len(tie.contacts - family), known=tie.known,
                                     members=tie.members) or bool(holders)
        payers = tie.payers - family
        tie.paid_by_known = criminal_side(sum(p in evidence for p in payers), len(payers), known=tie.known,
                                          members=tie.members, least=1)


    def _judge_group(self, g: int, tie: GroupTies, family: set[int], *, rate: float) -> None:
        """A group of the criminal network is served beyond chance (:func:`beyond_chance`): of
        its members, :data:`MIN_EVIDENCED` or more deal with him, more than ``rate`` (the share of
        the public in contact with him) would give; or he holds a seat in a member's firm. Paid by
        it likewise (one payer suffices, as for payments to communities)."""
        evidence = self.evidence or {}
        members = self.members.get(g, set()) - family
        tie.members = tie.known = len(members)
        near = (tie.contacts | tie.holders) - family
        tie.dealing = len(near)
        if 2 * tie.dealing > tie.members:
            tie.one_crew = 2 * max(len(c) for c in self.crews(near)) > len(near)
        tie.evidence = {kind: sum(kind in evidence.get(p, ()) for p in near) for kind in EVIDENCE_KINDS}
        contacts = len(tie.contacts - family)
        tie.expected = rate * len(members)
        tie.chance = binomial_tail(contacts, len(members), rate)
        tie.criminal = beyond_chance(contacts, len(members), rate) or bool(tie.holders - family)
        payers = len(tie.payers - family)
        # a cut is no purchase that a busy shop's reach explains: the member passed a larger sum on
        # and paid him a share of it (inferred_trade.cut), so one cut is his group paying him
        tie.paid_by_known = beyond_chance(payers, len(members), rate, least=1) or bool(tie.cutting)


def staffed_firms(entity_graph: ig.Graph, firms: Mapping[int, set[int]], *,
                  relatives: Mapping[int, set[int]] | None = None) -> set[int]:
    """The small firms (``firms``: organisation → the persons behind it) that have **staff**: they
    pay wages (:data:`WAGE_WORDS` in the payment's description) to, or employ (``employment``), a
    person other than those behind them and their relatives. A firm without staff is its owner —
    the *zzp'er* (zelfstandige zonder personeel) whose phone and account are his own; a firm with
    staff is an employer, whose calls and customers are the business's (see the module text).

    >>> g = ig.Graph(directed=True, n=4)
    >>> g.add_edges([(1, 0), (1, 2), (3, 2)])
    >>> g.es["type"] = ["payment", "payment", "payment"]
    >>> g.es["note"] = ["Salaris januari", "Salaris januari", "Factuur"]
    >>> sorted(staffed_firms(g, {1: {0}, 3: {2}}))  # firm 1 pays its owner 0 and employee 2
    [1]
    """
    relatives = relatives or {}
    out: set[int] = set()
    for firm, behind in firms.items():
        own = set(behind).union(*(relatives.get(p, set()) for p in behind))
        for e in entity_graph.es[entity_graph.incident(firm, mode="all")]:
            other = e.target if e.source == firm else e.source
            if other in own or other == firm:
                continue
            if e["type"] == "employment" and e.target == firm:
                out.add(firm)
                break
            text = f"{e.attributes().get('note') or ''} {e.attributes().get('purpose') or ''}".lower()
            if e["type"] == "payment" and e.source == firm and WAGE_WORDS.search(text):
                out.add(firm)
                break
    return out


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p).

    >>> round(binomial_tail(2, 10, 0.1), 4), binomial_tail(0, 5, 0.3)
    (0.2639, 1.0)
    """
    if k <= 0:
        return 1.0
    if k > n or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    logs = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * math.log(p)
            + (n - i) * math.log1p(-p) for i in range(k, n + 1)]
    return min(1.0, sum(math.exp(x) for x in logs))


def beyond_chance(dealing: int, members: int, rate: float, *, least: int = MIN_EVIDENCED,
                  significance: float = SIGNIFICANCE) -> bool:
    """Whether ``dealing`` of a criminal group's ``members`` deal with a person more than chance
    gives: ``least`` or more, and as many or more would occur with probability below
    ``significance`` if each member dealt with him at ``rate`` — the share of the public (every
    analysed person) in contact with him. A phone shop or transport firm with many customers has criminal
    customers in every group, in proportion to the group's size; a facilitator's criminal
    clients come from the groups he serves (see the module text).

    >>> beyond_chance(2, 30, 0.10)  # a shop that one criminal in ten calls: two of 30 is chance
    False
    >>> beyond_chance(8, 30, 0.05), beyond_chance(2, 5, 0.02)
    (True, True)
    """
    return dealing >= least and binomial_tail(dealing, members, rate) < significance


def criminal_groups(graph: ig.Graph, *, evidenced: Sequence[bool], seeds: int = GROUP_SEEDS,
                    first_seed: int = 0) -> list[int]:
    """Per node of a person network, its group in the **criminal network** (-1: none): the
    persons with criminal evidence and their operational ties (:data:`CONTACT_TYPES`, the edge
    attribute ``types``), divided by Leiden. The communities of a whole population are no
    criminal groups: modularity cannot resolve a module smaller than about √(2L) of the L ties
    of the network it divides (Fortunato & Barthélemy 2007, the resolution limit), so in a town's
    worth of households and friends several groups of twenty or thirty fall into one community
    among hundreds of ordinary members. The criminal network grows with the criminals, not with
    the population, so its groups keep their size at any scale.

    >>> g = ig.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 6), (6, 3)])
    >>> g.es["types"] = [{"call": 1}] * 6 + [{"family": 1}] * 2
    >>> g.es["weight"] = [1.0] * 8
    >>> groups = criminal_groups(g, evidenced=[True] * 6 + [False])
    >>> groups[0] == groups[1] == groups[2] != groups[3] == groups[4] == groups[5], groups[6]
    (True, -1)
    """
    n = graph.vcount()
    keep = [i for i in range(n) if evidenced[i]]
    out = [-1] * n
    if not keep or "types" not in graph.es.attributes():
        return out
    sub = graph.induced_subgraph(keep)
    sub.delete_edges([e.index for e in sub.es if not any(k in (e["types"] or {}) for k in CONTACT_TYPES)])
    if sub.ecount() == 0:
        membership = list(range(sub.vcount()))
    else:
        membership = list(leiden(sub, seeds=seeds, first_seed=first_seed).membership)
    for i, group in zip(keep, membership):
        out[i] = int(group)
    return out


def criminal_side(evidenced: int, dealing: int, *, known: int, members: int, least: int = MIN_EVIDENCED) -> bool:
    """Whether the ``dealing`` members of a group who deal with a person (call, meet or pay him)
    are its criminal side: ``least`` or more of them carry criminal evidence, and their share is
    at least the group's own (``known`` of its ``members``) — his clientele there is drawn from
    its criminal side, not a sample of the whole group (see the module text).

    >>> criminal_side(2, 11, known=30, members=151)  # 18 % of his callers, 20 % of the group: chance
    False
    >>> criminal_side(3, 8, known=20, members=90), criminal_side(2, 2, known=6, members=6)
    (True, True)
    >>> criminal_side(1, 1, known=1, members=20)  # one person's record is his, not his group's
    False
    """
    return evidenced >= least and dealing > 0 and evidenced * max(members, 1) >= known * dealing


def criminal_text(tie: GroupTies) -> str:
    """Why a group counts as criminal, e.g. ``criminal: of the 4 dealing with him 4 known to
    police, 2 seen at observed meetings (group: 55 of 93 members)``; or that it was not checked."""
    if tie.evidence is None:
        return "criminal evidence not checked: the data hold none"
    if tie.chance is not None:
        kinds = [f"{n} {EVIDENCE_TEXT[k]}" for k in EVIDENCE_KINDS if (n := tie.evidence.get(k, 0))]
        seat = "; a seat in a member's firm" if tie.holders else ""
        return (f"criminal group of {tie.members}: {tie.dealing} deal with him ({', '.join(kinds)}), "
                f"{tie.expected:.1f} by chance (p = {tie.chance:.3g}){seat}")
    counts = [f"{n} {EVIDENCE_TEXT[k]}" for k in EVIDENCE_KINDS if (n := tie.evidence.get(k, 0))]
    if not counts:
        return "no criminal evidence"
    return (f"criminal: of the {tie.dealing} dealing with him " + ", ".join(counts)
            + f" (group: {tie.known} of {tie.members} members)")


def describe(ties: Mapping[int, GroupTies]) -> str:
    """One line per client group for a row's explanation: how he serves it, and why it counts
    as a criminal group."""
    parts = []
    for g in sorted(ties, key=lambda g: (-len(ties[g].contacts), g)):
        tie = ties[g]
        if not tie.client:
            continue
        bits = [f"{len(tie.contacts)} in contact"]
        if tie.mandates:
            bits.append("seat in " + ", ".join(sorted(tie.mandates)))
        if tie.payers:
            bits.append(f"{len(tie.payers)} paying")
        if tie.via_firm:
            bits.append("through " + ", ".join(sorted(tie.via_firm)))
        bits.append(criminal_text(tie))
        parts.append(f"{'criminal group' if tie.chance is not None else 'community'} {g} ({', '.join(bits)})")
    return "; ".join(parts)
