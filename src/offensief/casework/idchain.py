"""Cached asset results hold ids and numbers only: names become ``{{entity id}}`` marks.

The asset inventory writes ownership chains as text with names in them ("J. Jansen
(owner 100%)"). Before a result is cached, :func:`without_names` drops the labels and owner
names (the route adds them per viewer) and replaces each name in a chain by a mark naming
the entity; :func:`with_names` puts the viewer's captions back when the chain is shown.

>>> marked = without_names([{"label": "Villa", "beneficial_owner_name": "Jan", "asset_id": "a1",
...                          "chain": ["Villa (real_estate)", "Jan: owner"]}], {"Villa": "a1", "Jan": "p1"})
>>> marked[0]["chain"], marked[0]["label"]
(['{{a1}} (real_estate)', '{{p1}}: owner'], None)
>>> with_names(marked[0]["chain"], {"a1": "Villa", "p1": "tok_ab"})
['Villa (real_estate)', 'tok_ab: owner']
"""

from __future__ import annotations

from typing import Any

from offensief.model.marks import mark, marked_ids, render


def _mark(step: str, index: dict[str, str], longest: list[str]) -> str:
    for name in longest:
        if step.startswith(name):
            return mark(index[name]) + step[len(name):]
    return step


def without_names(assets: list[dict[str, Any]], index: dict[str, str]) -> list[dict[str, Any]]:
    """The assets with names replaced by entity marks (labels and owner names dropped)."""
    longest = sorted(index, key=len, reverse=True)
    out = []
    for asset in assets:
        item = dict(asset, label=None, beneficial_owner_name=None)
        item["chain"] = [_mark(step, index, longest) for step in asset.get("chain", [])]
        out.append(item)
    return out


def chain_ids(chain: list[str]) -> list[str]:
    """The entity ids marked in a chain."""
    return [m for step in chain for m in marked_ids(step)]


def with_names(chain: list[str], captions: dict[str, str]) -> list[str]:
    """A marked chain with each mark replaced by the viewer's caption of that entity."""
    return [render(step, captions) for step in chain]
