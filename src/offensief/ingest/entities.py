"""FtM entities (dicts) to statement rows, validated against the model."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from followthemoney.proxy import EntityProxy

from offensief.ingest.values import clean_value, get_property, get_schema
from offensief.model.errors import InputError

#: A statement row before the store adds ids and provenance: entity, schema, prop, type, value,
#: and the source's text where cleaning changed it (kept for phone numbers, see :data:`KEEP_ORIGINAL`).
Row = tuple[str, str, str, str, str, str | None]

#: Types whose source text is kept as the statement's original value when cleaning changes it:
#: a phone number normalised from national format (``06-46758508`` → ``+31646758508``) should
#: still be readable as the partner wrote it.
KEEP_ORIGINAL = frozenset({"phone"})


#: Visual separators in a written phone number: dropping them changes nothing worth keeping.
_SEPARATORS = re.compile(r"[\s\-./()]")


def original(type_name: str, text: Any, cleaned: str) -> str | None:
    """The source text to keep beside ``cleaned``, or ``None`` when cleaning only dropped
    separators (``+31 6 12345678``): kept when digits were read differently
    (``06-46758508``, ``0031 6 12345678``, ``+31 (0)6 46758508``)."""
    if type_name not in KEEP_ORIGINAL:
        return None
    stripped = str(text).strip()
    return stripped if _SEPARATORS.sub("", stripped) != cleaned else None


def entity_rows(data: Any, *, file: str, line: int, country: str | None = None) -> Iterator[Row]:
    """Validate one FtM entity dict ``{"id", "schema", "properties"}`` and yield its rows.

    ``country`` is the default country of national-format phone numbers.
    """
    if not isinstance(data, dict):
        raise InputError("expected a JSON object with id, schema and properties", file=file, line=line)
    entity_id = data.get("id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise InputError("missing or empty entity id", file=file, line=line, field="id")
    entity_id = entity_id.strip()
    schema = get_schema(data.get("schema"), file=file, line=line)
    properties = data.get("properties", {})
    if not isinstance(properties, dict):
        raise InputError("properties must be an object", file=file, line=line, field="properties")
    for name, values in properties.items():
        prop = get_property(schema, name, file=file, line=line)
        if not isinstance(values, list):
            values = [values]
        for value in values:
            cleaned = clean_value(prop, value, file=file, line=line, field=f"properties.{name}",
                                  country=country)
            if cleaned is not None:
                yield (entity_id, schema.name, prop.name, prop.type.name, cleaned,
                       original(prop.type.name, value, cleaned))


def proxy_rows(proxy: EntityProxy, originals: dict[tuple[str, str], str] | None = None) -> Iterator[Row]:
    """Rows of an entity that FtM already built and cleaned (e.g. from a mapping);
    ``originals`` gives the source text of (prop, cleaned value) pairs that cleaning changed."""
    schema = proxy.schema.name
    for prop, value in proxy.itervalues():
        yield (proxy.id or "", schema, prop.name, prop.type.name, value,
               (originals or {}).get((prop.name, value)))
