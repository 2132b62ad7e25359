"""A manifest (``datasets.json``) names partner datasets and the files that belong to each.

``{"datasets": [{name, partner, regime, purpose, collected_at, retention, title,
country, files: [{path, format, mapping}]}]}`` with paths relative to the manifest;
``country`` (optional) is the default country of phone numbers in national format. The demo
generator writes one; partners can hand one over with a delivery.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from offensief.ingest.values import phone_country
from offensief.model.dataset import Dataset
from offensief.model.errors import InputError


@dataclass(frozen=True)
class ManifestFile:
    dataset: str
    path: Path
    fmt: str | None
    mapping: Path | None
    #: The default country of national-format phone numbers (the dataset entry's ``country``).
    country: str | None = None


@dataclass(frozen=True)
class Manifest:
    datasets: list[Dataset]
    files: list[ManifestFile]


def read_manifest(path: Path) -> Manifest:
    """Parse and validate a manifest; errors name the manifest and the field."""
    try:
        doc = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise InputError("manifest not found", file=str(path)) from None
    except orjson.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc}", file=str(path)) from None
    entries = doc.get("datasets") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise InputError("a manifest needs a list 'datasets'", file=str(path), field="datasets")
    datasets, files = [], []
    for number, entry in enumerate(entries):
        where = f"datasets[{number}]"
        if not isinstance(entry, dict):
            raise InputError("each dataset must be an object", file=str(path), field=where)
        meta = {k: entry.get(k) for k in ("name", "partner", "regime", "purpose", "collected_at", "retention")}
        datasets.append(Dataset.create(**meta, title=entry.get("title") or "", source=str(path)))
        country = phone_country(entry["country"], file=str(path), field=f"{where}.country") \
            if entry.get("country") else None
        for item in entry.get("files", []):
            files.append(_file(path.parent, meta["name"], item, country))
    return Manifest(datasets, files)


def _file(root: Path, dataset: str, item: dict[str, Any], country: str | None) -> ManifestFile:
    mapping = item.get("mapping")
    return ManifestFile(dataset, root / item["path"], item.get("format"), root / mapping if mapping else None,
                        country)


def iter_files(manifest: Manifest, *, only: Callable[[ManifestFile], bool] | None = None) -> Iterator[ManifestFile]:
    for item in manifest.files:
        if only is None or only(item):
            yield item
