"""Ingestion: readers for partner files, validation, atomic and idempotent loading."""

from offensief.ingest.loader import detect_format, ingest_file, ingest_manifest

__all__ = ["detect_format", "ingest_file", "ingest_manifest"]
