"""Relation kinds in network files: the vocabulary that maps a file's words to the product's kinds.

Criminal networks coded from investigations are often *multiplex*: observed meetings and
phone calls between the same persons (Morselli 2009: those at the top meet in person and keep
off the phone). A file says which relation a row is in a relation column (``type``,
``relation``, ``soort``, …) or, one file per layer, in its name (``meetings.csv``,
``derived_NOORDINTOP_COMMUNICATIONS_edges.csv``). :func:`relation_kind` maps such a word,
English or Dutch, case-insensitive, singular or plural, to a kind of
:data:`offensief.network.graph.DEFAULT_WEIGHTS` (the person projection's relation types), so a
file-read network is weighed like the store's: a tie's weight is Σ_kind weight · (1 + ln count).

>>> relation_kind("Ontmoetingen"), relation_kind("phone calls"), relation_kind("smuggling")
('meeting', 'call', None)
>>> kind_from_name("derived_NOORDINTOP_COMMUNICATIONS_edges.csv")
'call'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from offensief.network.graph import DEFAULT_WEIGHTS

#: Words for each relation kind (compared without case, spaces, hyphens or underscores).
#: English plurals in ``s`` are found through the singular; Dutch plurals are listed.
#: Choices with a domain reason: ``communication`` is a call (intercepted telecommunication,
#: the tap, is the usual source); co-offending, operations and logistics (working together in
#: a crime or its support: transport, safe houses, weapons) and friendship are *associate*,
#: FtM's non-family tie between two people; a co-suspect (medeverdachte) is an associate.
VOCABULARY: dict[str, tuple[str, ...]] = {
    "meeting": ("meeting", "meet", "facetoface", "f2f", "copresence", "ontmoeting", "ontmoetingen",
                "bijeenkomst", "bijeenkomsten", "vergadering", "vergaderingen", "afspraak", "afspraken", "ontmoeten", "samenkomst", "samenkomsten"),
    "call": ("call", "phone", "phonecall", "telephone", "telephonecall", "telefoon", "telefoongesprek",
             "telefoongesprekken", "gesprek", "gesprekken", "communication", "communicatie", "tap", "wiretap",
             "tapgesprek", "tapgesprekken", "bellen", "telefoneren", "belcontact"),
    "message": ("message", "sms", "msg", "text", "textmessage", "bericht", "berichten", "chat", "email", "mail",
                "whatsapp", "appen", "appje", "appjes", "smsen", "encrochat", "skyecc"),
    "family": ("family", "familie", "kin", "kinship", "relative", "verwant", "verwanten", "verwantschap",
               "marriage", "huwelijk"),
    "associate": ("associate", "association", "cooffending", "cooffender", "cooffence", "accomplice",
                  "medeverdachte", "medeverdachten", "mededader", "mededaders", "operation", "operations",
                  "logistics", "logistic", "logistiek", "friendship", "friend", "vriend", "vrienden",
                  "vriendschap"),
    "payment": ("payment", "betaling", "betalingen", "transaction", "transactie", "transacties", "transfer",
                "overboeking", "overboekingen"),
    "membership": ("membership", "member", "lid", "leden", "lidmaatschap"),
    "employment": ("employment", "employee", "employer", "werknemer", "werkgever", "dienstverband"),
    "unknownlink": ("unknownlink", "unknown", "onbekend", "other", "overig", "overige"),
}

#: Column names that hold the relation kind of an edge-list row (compared like the words).
RELATION_COLUMNS = frozenset({"type", "relation", "relationship", "kind", "layer", "tie", "edgetype", "tietype",
                              "relationtype", "linktype", "soort", "relatie", "relatietype", "soortrelatie"})

#: Values of a ``type`` column that say an edge's direction (Gephi's edge table), not a relation.
DIRECTION_VALUES = frozenset({"directed", "undirected", "mutual"})

_WORDS: dict[str, str] = {w: kind for kind, words in VOCABULARY.items() for w in words} | {
    _k.replace("_", ""): _k for _k in DEFAULT_WEIGHTS}


def compact(word: str) -> str:
    """``word`` lower-cased without spaces, hyphens, underscores and other separators."""
    return re.sub(r"[^0-9a-zà-ÿ]", "", word.strip().lower())


def relation_kind(word: str) -> str | None:
    """The relation kind a word names (:data:`VOCABULARY` or a kind's own name), or None."""
    key = compact(word)
    if key in _WORDS:
        return _WORDS[key]
    if key.endswith("s") and key[:-1] in _WORDS:  # English plural
        return _WORDS[key[:-1]]
    return None


def own_kind(word: str) -> str:
    """The kind a value outside the vocabulary keeps: its own name, lower case, words joined by ``_``."""
    return "_".join(re.findall(r"[0-9a-zà-ÿ]+", word.strip().lower())) or word.strip()


def kind_from_name(path: str | Path) -> str | None:
    """The one relation kind the words of a file name name (``phone_calls.csv`` → call), or None
    when its words name no kind or several (``calls_and_meetings.csv``)."""
    stem = Path(path).name.split(".")[0]
    words = re.findall(r"[A-Za-zÀ-ÿ]+", stem)
    kinds = {k for k in (relation_kind(w) for w in words) if k is not None}
    if not kinds:
        kinds = {k for k in [relation_kind(stem)] if k is not None}
    return kinds.pop() if len(kinds) == 1 else None


def is_relation_column(name: str) -> bool:
    """True when a header cell names the relation column."""
    return compact(name) in RELATION_COLUMNS


def known_kinds(weights: Mapping[str, float] | None = None) -> list[str]:
    """The product's relation kinds (those with a weight), for messages."""
    return sorted(DEFAULT_WEIGHTS | dict(weights or {}))
