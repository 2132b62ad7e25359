"""Entity marks: names in a finding's text written as ``{{entity id}}``.

A detector's explanation names other entities ("listed above the lieutenants he meets: J.
Jansen", "seat in Rijn Trust BV"). Cached results hold ids and numbers only
(:mod:`offensief.casework.cache`), so the text is written with a mark per entity and each
viewer gets his own caption for it (a name in clear, a subject token otherwise) when the
finding is shown; a result for a file on disk is rendered with the file's captions.

>>> text = "seat in " + mark("c1") + " and " + mark("p2")
>>> marked_ids(text)
['c1', 'p2']
>>> render(text, {"c1": "Rijn Trust BV"})
'seat in Rijn Trust BV and p2'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: One mark: ``{{`` the entity id ``}}``.
MARK = re.compile(r"\{\{(.+?)\}\}")


def mark(entity_id: str) -> str:
    """The mark for one entity."""
    return "{{" + entity_id + "}}"


def marked_ids(text: str) -> list[str]:
    """The entity ids marked in ``text``, in order."""
    return MARK.findall(text)


def render(text: str, captions: Mapping[str, str]) -> str:
    """``text`` with every mark replaced by the entity's caption (its id when it has none)."""
    return MARK.sub(lambda m: captions.get(m.group(1), m.group(1)), text)
