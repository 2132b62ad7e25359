"""FtM entities (dicts) to statement rows, validated against the model."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from followthemoney.proxy import EntityProxy

from offensief.ingest.values import clean_value, get_property, get_schema
from offensief.model.errors import InputError

#: A statement row before the store adds ids and provenance: entity, schema, prop, type, value.
Row = tuple[str, str, str, str, str]


def entity_rows(data: Any, *, file: str, line: int) -> Iterator[Row]:
    """Validate one FtM entity dict ``{"id", "schema", "properties"}`` and yield its rows."""
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
            cleaned = clean_value(prop, value, file=file, line=line, field=f"properties.{name}")
            if cleaned is not None:
                yield entity_id, schema.name, prop.name, prop.type.name, cleaned


def proxy_rows(proxy: EntityProxy) -> Iterator[Row]:
    """Rows of an entity that FtM already built and cleaned (e.g. from a mapping)."""
    schema = proxy.schema.name
    for prop, value in proxy.itervalues():
        yield proxy.id or "", schema, prop.name, prop.type.name, value
