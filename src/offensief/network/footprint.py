"""Professional footprint: which facilitator trade a text or a sector code points to.

A facilitator is a professional or a firm whose service enables crime (DESIGN §4): financial
(accountant, notary, trust office, tax adviser, money transfer, real-estate agent), digital
(telecom, crypto phones, IT, hosting) and logistics (road haulage, forwarding, port, courier).
Partner data state the trade in many ways, so every one is read:

* free text of a profession, position, relation role or firm sector, in Dutch and English —
  the trade register publishes the activity as text ("Accountancy", "Goederenvervoer over de
  weg", "Administratiekantoor", "Notariaat", "Telecom");
* SBI codes (the Dutch edition of NACE, as the KvK registers them: "6920", "69.20",
  "4941 Goederenvervoer over de weg"), by the divisions and groups of each trade;
* English NACE titles ("Cargo handling", "Data processing, hosting and related activities").

The vocabulary — stems, whole words and SBI prefixes per trade, with the classification each
comes from and what is deliberately no trade (6420 financial holdings, renting one's own real
estate) — is one data file, ``sectors.yml``.

Dutch forms compounds ("goederenvervoer", "belastingadviseur"), so long stems match anywhere
in a word; short tokens ("IT", "ICT", "PGP") match only as whole words, so "district" is not
"ICT" and "portret" is not a port.

>>> trades("Goederenvervoer over de weg")
{'logistics'}
>>> sorted(trades("69.20 Accountancy, administratie"))
['financial']
>>> trades("district manager")
set()
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

#: The vocabulary per trade (``stems``, ``words``, ``sbi``), with its sources: sectors.yml.
VOCABULARY_FILE = Path(__file__).with_name("sectors.yml")


def _vocabulary() -> tuple[dict[str, dict[str, tuple[str, ...]]], tuple[str, ...]]:
    data = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    constructs = tuple(str(v).lower() for v in data.pop("constructs", None) or ())
    return ({kind: {key: tuple(str(v).lower() for v in entry.get(key) or ()) for key in ("stems", "words", "sbi")}
             for kind, entry in data.items()}, constructs)


_VOCABULARY, CONSTRUCTS = _vocabulary()
_CONSTRUCT = re.compile("|".join(rf"\b{re.escape(c)}\b" for c in CONSTRUCTS) or "(?!)")


def is_construct(names: Iterable[str]) -> bool:
    """Whether a firm's name marks a legal construct, not a practice (a stichting
    administratiekantoor: its register sector is no trade of its director's)."""
    return any(_CONSTRUCT.search(name.lower()) for name in names)

#: Stems matched anywhere in a word (Dutch compounds), per trade.
STEMS: dict[str, tuple[str, ...]] = {kind: v["stems"] for kind, v in _VOCABULARY.items()}

#: Short tokens matched as whole words only.
WORDS: dict[str, tuple[str, ...]] = {kind: v["words"] for kind, v in _VOCABULARY.items()}

#: SBI / NACE code prefixes per trade (divisions, groups and classes).
SBI: dict[str, tuple[str, ...]] = {kind: v["sbi"] for kind, v in _VOCABULARY.items()}

TRADES = tuple(STEMS)

_PATTERNS = {
    kind: re.compile("|".join([re.escape(s) for s in STEMS[kind]]
                              + [rf"\b{re.escape(w)}\b" for w in WORDS[kind]]))
    for kind in TRADES
}
_CODE = re.compile(r"(?<![\d.])(\d{2})(?:\.?(\d{1,3}))?(?![\d])")


def trades(text: str) -> set[str]:
    """The trades a free text names (lower-cased words, Dutch or English)."""
    low = text.lower()
    return {kind for kind, pattern in _PATTERNS.items() if pattern.search(low)}


def sbi_codes(text: str) -> list[str]:
    """SBI codes written in a text ("6920", "69.20", "4941 Goederenvervoer"), without dots."""
    return [a + (b or "") for a, b in _CODE.findall(text)]


def code_trades(code: str) -> set[str]:
    """The trades an SBI code belongs to."""
    return {kind for kind, prefixes in SBI.items() if any(code.startswith(p) for p in prefixes)}


def evidence(texts: Iterable[str], sectors: Iterable[str] = ()) -> dict[str, list[str]]:
    """Per trade, the evidence in ``texts`` (words) and ``sectors`` (words and SBI codes)."""
    found: dict[str, set[str]] = {}
    for text in texts:
        if text:
            for kind in trades(text):
                found.setdefault(kind, set()).add(f"'{text.lower()}'")
    for sector in sectors:
        if not sector:
            continue
        for kind in trades(sector):
            found.setdefault(kind, set()).add(f"'{sector.lower()}'")
        for code in sbi_codes(sector):
            for kind in code_trades(code):
                found.setdefault(kind, set()).add(f"SBI {code}")
    return {kind: sorted(items) for kind, items in found.items()}
