"""Ingestion: readers for partner files, validation, atomic and idempotent loading."""

from offensief.ingest.loader import detect_format, ingest_file

__all__ = ["detect_format", "ingest_file"]
