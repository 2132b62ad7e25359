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
from followthemoney import model
from followthemoney.exc import InvalidMapping
from followthemoney.mapping import QueryMapping

from offensief.ingest.entities import Row, proxy_rows
from offensief.ingest.values import clean_value
from offensief.model.errors import InputError


def load_mapping(path: Path, *, data_file: Path, dataset: str) -> tuple[list[QueryMapping], list[dict[str, Any]]]:
    """Parse the mapping YAML at ``path`` into FtM query mappings applied to ``data_file``.

    Returns the parsed queries and the raw query dicts they came from.
    """
    if not path.exists():
        raise InputError("mapping file not found", file=str(path))
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"malformed mapping YAML: {exc}", file=str(path)) from None
    if not isinstance(doc, dict):
        raise InputError("a mapping must be a YAML object", file=str(path))
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
        try:
            result.append(model.make_mapping(query, key_prefix=None, dataset=dataset))
        except InvalidMapping as exc:
            raise InputError(f"invalid mapping (query {number + 1}): {exc}", file=str(path)) from None
    return result, queries


def mapped_rows(
    queries: list[QueryMapping], record: dict[str, str], *, file: str, line: int
) -> Iterator[Row]:
    """Validate the columns a record feeds, then map it with FtM and yield statement rows."""
    for query in queries:
        if not query.source.check_filters(record):  # type: ignore[attr-defined]
            continue
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
                        clean_value(pm.prop, part, file=file, line=line, field=ref, fmt=pm.format)
        for proxy in query.map(record).values():
            yield from proxy_rows(proxy)
