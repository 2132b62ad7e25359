"""CSV/XLSX through a FollowTheMoney mapping YAML, using FtM's own mapping machinery.

The mapping file is FtM's format (``{name: {queries: [{csv_url, entities}]}}`` or a single
query with ``entities``). We feed it our own rows, so every error can name the line; before
FtM maps a row, each mapped column is validated, because FtM silently drops bad values.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from followthemoney import model, registry
from followthemoney.exc import InvalidMapping
from followthemoney.mapping import QueryMapping

from offensief.ingest.entities import Row, original, proxy_rows
from offensief.ingest.values import DEFAULT_COUNTRY, clean_value, phone_country
from offensief.model.errors import InputError


def load_mapping(path: Path, *, data_file: Path, dataset: str,
                 country: str | None = None) -> tuple[list[QueryMapping], list[dict[str, Any]]]:
    """Parse the mapping YAML at ``path`` into FtM query mappings applied to ``data_file``.

    Returns the parsed queries and the raw query dicts they came from. Phone properties
    without a ``format`` get the source's default country as their dialling hint: ``country``
    if given, else the mapping's top-level ``country:``, else :data:`DEFAULT_COUNTRY`.
    """
    if not path.exists():
        raise InputError("mapping file not found", file=str(path))
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"malformed mapping YAML: {exc}", file=str(path)) from None
    if not isinstance(doc, dict):
        raise InputError("a mapping must be a YAML object", file=str(path))
    doc = dict(doc)
    in_file = doc.pop("country", None)
    country = country or (phone_country(in_file, file=str(path)) if in_file else DEFAULT_COUNTRY)
    queries: list[dict[str, Any]] = []
    if "entities" in doc:
        queries.append(doc)
    else:
        for name, section in doc.items():
            if not isinstance(section, dict):
                raise InputError(f"mapping section {name!r} must be an object", file=str(path), field=name)
            found = section.get("queries") or ([section["query"]] if "query" in section else [])
            if not found:
                raise InputError(f"mapping section {name!r} has no queries", file=str(path), field=name)
            queries.extend(found)
    result = []
    for number, query in enumerate(queries):
        query = {k: v for k, v in query.items() if k not in ("csv_url", "csv_urls", "database")}
        query["csv_url"] = str(data_file)
        query = _with_phone_hint(query, country)
        try:
            result.append(model.make_mapping(query, key_prefix=None, dataset=dataset))
        except InvalidMapping as exc:
            raise InputError(f"invalid mapping (query {number + 1}): {exc}", file=str(path)) from None
    return result, queries


def _with_phone_hint(query: dict[str, Any], country: str) -> dict[str, Any]:
    """A copy of ``query`` whose phone properties without ``format`` are dialled in ``country``."""
    entities = query.get("entities")
    if not isinstance(entities, dict):
        return query
    out = dict(query, entities=dict(entities))
    for name, entity in entities.items():
        schema = model.get(entity.get("schema", "")) if isinstance(entity, dict) else None
        props = entity.get("properties") if isinstance(entity, dict) else None
        if schema is None or not isinstance(props, dict):
            continue
        hinted = {}
        for prop_name, spec in props.items():
            prop = schema.get(prop_name)
            if prop is not None and prop.type == registry.phone and isinstance(spec, dict) and "format" not in spec:
                spec = dict(spec, format=country)
            hinted[prop_name] = spec
        out["entities"][name] = dict(entity, properties=hinted)
    return out


def mapped_rows(
    queries: list[QueryMapping], record: dict[str, str], *, file: str, line: int
) -> Iterator[Row]:
    """Validate the columns a record feeds, then map it with FtM and yield statement rows."""
    for query in queries:
        if not query.source.check_filters(record):  # type: ignore[attr-defined]
            continue
        originals: dict[str, dict[tuple[str, str], str]] = {}
        for entity in query.entities:
            for pm in entity.properties:
                if pm.entity is not None or pm.template is not None:
                    continue
                for ref in pm.refs:
                    value = record.get(ref)
                    if value is None:
                        continue
                    parts = value.split(pm.split) if pm.split else [value]
                    for part in parts:
                        cleaned = clean_value(pm.prop, part, file=file, line=line, field=ref, fmt=pm.format)
                        if cleaned is not None and (kept := original(pm.prop.type.name, part, cleaned)):
                            originals.setdefault(entity.name, {})[(pm.prop.name, cleaned)] = kept
        for name, proxy in query.map(record).items():
            yield from proxy_rows(proxy, originals.get(name))
