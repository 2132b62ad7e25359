"""Retention that leaves nothing behind: the purge of :mod:`offensief.access.retention`
plus everything outside the statements that can hold a purged dataset's values.

:func:`run_retention` purges the due datasets' statements and derived tables (with the
resolution term frequencies and identity rows recomputed from what remains), the cached
analyses, the raw uploads (``uploads/<dataset>/``), the correction requests about them, and
every written result in the workspace folder (``results/roles.json``, ``plan.json``,
``plan.md``, ...) that mentions one of their values or entity ids; it reports what it removed.
:func:`compact_stores` then rewrites the DuckDB file and vacuums the SQLite file, so that
deleted rows do not linger in free pages. Audit entries stay (append-only, Wpg art. 32):
they hold ids, tokens and counts, never the values.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
from sqlalchemy import delete
from sqlalchemy.orm import Session

from offensief.access import audit, retention
from offensief.access.policy import Actor
from offensief.db.integrity import CorrectionRequest
from offensief.resolve.resolution import refresh_identities, refresh_term_frequencies
from offensief.store.duckstore import Store
from offensief.store.reads import only_in
from offensief.store.workspace import Workspace

#: Values shorter than this are not searched for in written files (too many false hits).
MIN_MARKER = 5
#: Files and folders of the workspace that are not written results.
_KEEP = ("store.duckdb", "ops.sqlite", "offensief.json", "audit.key", "audit", "cache", "uploads")


@dataclass
class Markers:
    """What identifies a purged dataset's data in a file: its values and entity ids that no
    remaining dataset also holds."""

    values: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    def found_in(self, data: bytes) -> str | None:
        """The first marker occurring in ``data`` (raw or as JSON escapes), or None."""
        for marker in self.values | self.ids:
            for form in {marker, json.dumps(marker)[1:-1]}:
                if form.encode() in data:
                    return marker
        return None


def markers(store: Store, datasets: list[str]) -> Markers:
    """The values and ids of ``datasets`` that no other dataset holds."""
    if not datasets:
        return Markers()
    rows, ids = only_in(store, datasets)
    values = {str(v) for v, _ in rows if v is not None and len(str(v)) >= MIN_MARKER}
    return Markers(values=values, ids={i for i in ids if len(i) >= MIN_MARKER})


def run_retention(store: Store, session: Session, *, workspace: Workspace, today: date | None = None,
                  dry_run: bool = False, actor: Actor | None = None) -> dict[str, Any]:
    """Purge every due dataset from the stores, the caches, the uploads and the written
    results; returns the plan and what was removed (see the module docstring)."""
    due = sorted(i.dataset for i in retention.plan(store, session, today=today) if i.due and i.statements)
    marks = markers(store, due) if due and not dry_run else Markers()
    report = retention.run(store, session, today=today, dry_run=dry_run, actor=actor,
                           cache_dir=workspace.cache_dir, purgers=[refresh_term_frequencies, refresh_identities])
    if dry_run or not report["purged"]:
        return report
    purged = list(report["purged"])
    removed = report["removed"]
    removed["uploads"] = _remove_uploads(workspace, purged)
    removed["correction_requests"] = int(session.execute(
        delete(CorrectionRequest).where(CorrectionRequest.dataset.in_(purged))).rowcount or 0)  # type: ignore[attr-defined]
    removed["written_results"] = _remove_results(workspace, marks)
    audit.record(session, actor=actor, action="retention_files",
                 what={"datasets": purged, "uploads": removed["uploads"],
                       "correction_requests": removed["correction_requests"],
                       "written_results": removed["written_results"]})
    return report


def _remove_uploads(workspace: Workspace, datasets: list[str]) -> int:
    count = 0
    for name in datasets:
        folder = workspace.root / "uploads" / name
        if folder.is_dir():
            count += sum(1 for p in folder.rglob("*") if p.is_file())
            shutil.rmtree(folder)
    return count


def _remove_results(workspace: Workspace, marks: Markers) -> list[str]:
    """Delete every written file in the workspace folder that mentions a purged value or
    id (results of analyses are recomputed by running them again); returns their paths."""
    gone = []
    for path in sorted(workspace.root.rglob("*")):
        rel = path.relative_to(workspace.root)
        if not path.is_file() or path.is_symlink() or rel.parts[0].startswith(_KEEP):
            continue
        if marks.found_in(path.read_bytes()) is not None:
            path.unlink()
            gone.append(str(rel))
    return gone


def compact_stores(workspace: Workspace) -> dict[str, int]:
    """Rewrite the DuckDB file and vacuum the SQLite file after a purge (call with both
    stores closed): deleted rows would otherwise stay readable in their free blocks.
    Returns the file sizes before and after."""
    sizes: dict[str, int] = {}
    path = workspace.duckdb_path
    if path.exists():
        before = path.stat().st_size
        fresh = path.with_name(path.name + ".compact")
        fresh.unlink(missing_ok=True)
        con = duckdb.connect(str(path))
        try:
            name = con.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
            con.execute(f"ATTACH '{fresh}' AS compacted")
            con.execute(f'COPY FROM DATABASE "{name}" TO compacted')
            con.execute("DETACH compacted")
        finally:
            con.close()
        os.chmod(fresh, path.stat().st_mode & 0o777)
        os.replace(fresh, path)
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
        sizes |= {"duckdb_before": before, "duckdb_after": path.stat().st_size}
    if workspace.database_url.startswith("sqlite:///") and workspace.sqlite_path.exists():
        conn = sqlite3.connect(workspace.sqlite_path)
        try:
            conn.execute("VACUUM")
        finally:
            conn.close()
    return sizes
