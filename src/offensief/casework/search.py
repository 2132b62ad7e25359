"""Search first: one box for names, IBANs, phone numbers, plates, addresses and KvK numbers.

The query's shape says what it is (:func:`classify`). Identifiers are compared in a normal
form (case, spaces and punctuation ignored; phones by their last nine digits). Names are
matched fuzzily on normalised tokens: each query token against the best unused name token
by Jaro–Winkler (typos), an initial against any token it starts (``J. de Jong``), in any
order (``Jong, Jan``), with particles (``de``, ``van der``) counting less.

Fuzzy and partial matching runs only on the datasets the viewer sees in clear. In a dataset
seen pseudonymised only an exact match (after normalisation) finds an entity, so a viewer
never learns a near miss of a value they may not read; its values are shown as tokens.
Every search is audited with the query as its case token.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz.distance import JaroWinkler

from offensief.access.pseudonym import is_protected
from offensief.access.view import CLEAR, TOKEN
from offensief.casework.caller import Caller
from offensief.casework.cases import CallerView, open_view
from offensief.casework.naming import canonical_ids, captions
from offensief.model.errors import InputError
from offensief.store import lookup

#: Name particles (tussenvoegsels and the like): matched, but weigh little.
PARTICLES = frozenset(["de", "der", "den", "van", "het", "ten", "ter", "te", "'t", "in", "op", "la", "le", "du", "da", "dos", "del", "della", "von"])
#: A query token below this Jaro–Winkler similarity to every name token is no match: 0.8
#: tolerates one or two typos in a surname of five or more letters.
TOKEN_FLOOR = 0.8
#: Hits below this score are not shown (Winkler's customary name-matching threshold, 0.85).
MIN_SCORE = 0.85
KINDS = ("name", "iban", "phone", "kvk", "plate", "address", "identifier")


@dataclass
class Match:
    """One statement behind a hit, as the viewer may see it."""

    source_id: str
    dataset: str
    visibility: str
    prop: str
    value: str


@dataclass
class Hit:
    """One entity found, under its canonical id."""

    id: str
    schema: str
    caption: str
    score: float
    matches: list[Match] = field(default_factory=list)

    @property
    def datasets(self) -> dict[str, str]:
        return {m.dataset: m.visibility for m in self.matches}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"datasets": self.datasets}


@dataclass
class SearchResult:
    query: str
    kind: str
    hits: list[Hit]
    searched: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "kind": self.kind, "searched": self.searched,
                "hits": [h.to_dict() for h in self.hits]}


def classify(text: str) -> str:
    """What a query looks like: ``iban``, ``phone``, ``kvk``, ``plate``, ``address``,
    ``identifier`` or ``name``.

    >>> [classify(q) for q in ["NL16 ABNA 4266 6772 89", "06-27272309", "42328864",
    ...                        "82-NKJ-3", "3532 JE", "Zuiderzeelaan 110", "J. de Jolg"]]
    ['iban', 'phone', 'kvk', 'plate', 'address', 'address', 'name']
    """
    compact = re.sub(r"[\s\-./()]", "", text.strip())
    if re.fullmatch(r"[A-Za-z]{2}\d{2}[A-Za-z]{4}\d{7,}", compact):
        return "iban"
    if re.fullmatch(r"\+?\d{9,15}", compact) and re.match(r"\s*[+0]", text):
        return "phone"
    if re.fullmatch(r"\d{8}", compact):
        return "kvk"
    if re.fullmatch(r"\d{4}\s?[A-Za-z]{2}", text.strip()):
        return "address"
    if re.fullmatch(r"[A-Za-z0-9]{1,3}(-[A-Za-z0-9]{1,3}){2}", text.strip()) or (
            re.fullmatch(r"[A-Za-z0-9]{6}", compact) and re.search(r"\d", compact)
            and re.search(r"[A-Za-z]", compact) and " " not in text.strip()):
        return "plate"
    if " " not in text.strip() and re.search(r"\d", text):
        return "identifier"  # a cadastral code, a file number: one word with digits
    if re.search(r"[A-Za-z]{3,}", text) and re.search(r"\d", text):
        return "address"
    if re.search(r"\d", text):
        return "identifier"
    return "name"


def name_tokens(text: str) -> list[str]:
    """Lower-case ASCII tokens of a name; ``J.P.`` gives two initials.

    >>> name_tokens("Jolg, J.P. de")
    ['jolg', 'j', 'p', 'de']
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return [t for t in re.split(r"[^a-z0-9']+|(?<=[a-z])\.(?=[a-z])", plain.replace("'", "")) if t]


def _token_similarity(query: str, token: str) -> float:
    if len(query) == 1 and len(token) == 1:
        return 1.0 if query == token else 0.0
    if len(query) == 1 or len(token) == 1:
        return 0.9 if query[0] == token[0] else 0.0  # an initial: likely, never certain
    return float(JaroWinkler.normalized_similarity(query, token))


def name_score(query: list[str], name: list[str]) -> float:
    """How well ``name`` answers ``query`` (both token lists), 0..1.

    Query and name tokens are paired greedily, most similar pair first; every query token
    needs a partner of similarity :data:`TOKEN_FLOOR` or more.

    >>> round(name_score(name_tokens("jan de jong"), name_tokens("Jan de Jong")), 2)
    1.0
    >>> name_score(name_tokens("jong jan"), name_tokens("Jan de Jong")) > 0.95
    True
    >>> name_score(name_tokens("J. de Jongh"), name_tokens("Jan de Jong")) > MIN_SCORE
    True
    >>> name_score(name_tokens("Piet de Jong"), name_tokens("Jan de Jong"))
    0.0
    >>> name_score(name_tokens("jolg, j."), name_tokens("J. Janssen"))
    0.0
    """
    if not query or not name:
        return 0.0
    core_q = [t for t in query if t not in PARTICLES] or query
    core_n = [t for t in name if t not in PARTICLES] or name
    pairs = sorted(((_token_similarity(q, n), i, j) for i, q in enumerate(core_q)
                    for j, n in enumerate(core_n)), reverse=True)
    best: dict[int, float] = {}
    used: set[int] = set()
    for sim, i, j in pairs:
        if i not in best and j not in used and sim >= TOKEN_FLOOR:
            best[i] = sim
            used.add(j)
    if len(best) < len(core_q):
        return 0.0
    sims = list(best.values())
    particles_q = {t for t in query if t in PARTICLES}
    particles_n = {t for t in name if t in PARTICLES}
    particle_penalty = 0.02 * len(particles_q ^ particles_n)
    covered = len(used) / len(core_n)
    return max(0.0, 0.85 * sum(sims) / len(sims) + 0.15 * covered - particle_penalty)


def _scored_names(view: CallerView, text: str, clear: list[str]) -> list[tuple[lookup.Row, float]]:
    query = name_tokens(text)
    scored: dict[str, float] = {}
    rows = lookup.name_rows(view.store.con, clear)
    for value in {r[3] for r in rows}:
        score = name_score(query, name_tokens(value))
        if score >= MIN_SCORE:
            scored[value] = score
    return [(r, scored[r[3]]) for r in rows if r[3] in scored]


def _address_words(text: str) -> list[str]:
    """Words and numbers of an address (``3532JE`` gives ``3532``, ``je``)."""
    return [w for t in name_tokens(text) for w in re.findall(r"[a-z]+|\d+", t)]


def _find(view: CallerView, text: str, kind: str) -> list[tuple[lookup.Row, float]]:
    levels = view.visible_datasets()
    clear = sorted(d for d, lv in levels.items() if lv == CLEAR)
    hidden = sorted(d for d, lv in levels.items() if lv == TOKEN)
    con = view.store.con
    key = lookup.identifier_key(text)
    if kind in ("iban", "phone", "kvk", "plate", "identifier"):
        found = [(r, 1.0) for r in lookup.identifier_rows(con, clear + hidden, key)]
        if found or kind != "identifier":
            return found
    if kind == "address":
        words = _address_words(text)
        rows = [r for r in lookup.address_rows(con, clear, words)
                if set(words) <= set(_address_words(r[3]))]
        return [(r, 1.0) for r in rows] + [(r, 1.0) for r in lookup.exact_rows(con, hidden, key)]
    exact = [(r, 1.0) for r in lookup.exact_rows(con, hidden, key)]
    return _scored_names(view, text, clear) + exact


def search(caller: Caller, case: int | str, query: str, *, kind: str | None = None,
           limit: int = 25) -> SearchResult:
    """Entities of ``case`` answering ``query``, best first, as ``caller`` may see them.

    Raises :class:`InputError` for a query under two characters or an unknown ``kind``."""
    text = query.strip()
    if len(text) < 2 or len(text) > 200:
        raise InputError("a search needs 2 to 200 characters", field="query")
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}", field="kind")
    kind = kind or classify(text)
    view = open_view(caller, case, action="search", audit_as="")
    found = _find(view, text, kind)
    canon = canonical_ids(view, [r[0] for r, _ in found])
    hits: dict[str, Hit] = {}
    for (eid, schema, prop, value, dataset), score in found:
        level = view.levels[dataset]
        shown = view.pseudonymise(value, prop=prop) if level == TOKEN and is_protected(
            prop, "identifier") else value
        hit = hits.setdefault(canon[eid], Hit(canon[eid], schema, canon[eid], score))
        hit.score = max(hit.score, score)
        if schema not in ("Thing", "LegalEntity") and hit.schema in ("Thing", "LegalEntity"):
            hit.schema = schema
        if not any(m.source_id == eid and m.dataset == dataset and m.prop == prop for m in hit.matches):
            hit.matches.append(Match(eid, dataset, level, prop, shown))
    ranked = sorted(hits.values(), key=lambda h: (-h.score, -len(h.matches), h.id))[:limit]
    names = captions(view, [h.id for h in ranked])
    for hit in ranked:
        hit.caption = names.get(hit.id, hit.id)
        hit.score = round(hit.score, 3)
    view._audit("search", {"query": view.pseudonymise(text), "kind": kind, "results": len(ranked)})
    return SearchResult(query=text, kind=kind, hits=ranked, searched=view.visible_datasets())
