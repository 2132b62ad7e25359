"""The one caption rule for network labels: what an analyst calls an entity.

A name first; an entity without one by what identifies it: an account by its IBAN (else its
number), a property by its address (else its cadastral code), an address by its full text,
a vehicle by its plate, a phone line by its number, a company by its registration number;
else a short ``schema id`` (``Bank account c-78c93c9c…``). The case view (clear before
token), the workbench canvas, tables and exports all caption through these functions.

>>> best_caption("BankAccount", "acc-1", [("iban", "NL91ABNA0417164300", True)])
'NL91ABNA0417164300'
>>> best_caption("Person", "p1", [("name", "tok_ab12", False), ("name", "Jan de Jong", True)])
'Jan de Jong'
>>> best_caption("Vehicle", "veh-0000000000001", [])
'Vehicle veh-00000000…'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache

from followthemoney import model

#: Per schema (and its descendants), what captions an entity without a name, best first.
IDENTIFYING: dict[str, tuple[str, ...]] = {
    "BankAccount": ("iban", "accountNumber"),
    "RealEstate": ("address", "cadastralCode"),
    "Address": ("full", "street"),
    "Vehicle": ("registrationNumber",),
    "Phone": ("number",),
    "LegalEntity": ("registrationNumber",),
}
#: Every property that can caption some entity.
CAPTION_PROPS: tuple[str, ...] = tuple(dict.fromkeys(
    ("name", *(p for props in IDENTIFYING.values() for p in props))))
SHORT_ID = 12


@cache
def caption_props(schema: str) -> tuple[str, ...]:
    """The properties that caption an entity of ``schema``, best first (``name`` always first)."""
    found = model.get(schema)
    props: list[str] = ["name"]
    for parent, own in IDENTIFYING.items():
        if schema == parent or (found is not None and found.is_a(parent)):
            props.extend(own)
    return tuple(dict.fromkeys(props))


def caption_rank(schema: str, prop: str) -> int | None:
    """How well ``prop`` captions an entity of ``schema`` (0 best), ``None`` when it does not."""
    props = caption_props(schema)
    return props.index(prop) if prop in props else None


def short_label(schema: str, ident: str) -> str:
    """The caption of an entity nothing identifies: its schema and a short id."""
    found = model.get(schema)
    label = found.label if found is not None and schema != "Thing" else "Entity"
    short = ident if len(ident) <= SHORT_ID else ident[:SHORT_ID] + "…"
    return f"{label} {short}"


def best_caption(schema: str, ident: str, values: Iterable[tuple[str, str, bool]]) -> str:
    """The caption of one entity from its ``(prop, value, clear)`` values: the best property
    (see :func:`caption_props`), a clear value before a token, of those the value most
    sources agree on; else :func:`short_label`."""
    ranked = [((rank, 0 if clear else 1), value) for prop, value, clear in values
              if (rank := caption_rank(schema, prop)) is not None]
    if not ranked:
        return short_label(schema, ident)
    top = min(r for r, _ in ranked)
    counts = Counter(v for r, v in ranked if r == top)
    return min(counts, key=lambda v: (-counts[v], v))
