"""Signed checkpoints of the audit chain's head, outside the operational store.

Each line of the checkpoint file is one JSON object ``{"kind", "seq", "hash", "at", "mac"}``
with ``mac = HMAC-SHA256(key, "checkpoint|" + canonical JSON of the other fields)``. Lines are
only ever appended (``O_APPEND`` under an exclusive ``flock``, so processes sharing a
workspace do not interleave). ``kind`` is ``head`` (the chain reached entry ``seq`` with this
hash) or ``legacy`` (entries up to ``seq`` predate the keyed chain and carry plain SHA-256
hashes; written once by ``offensief audit migrate``).

Someone who can write the database but not this file can neither cut entries off the end
(a checkpoint names a later entry) nor rewrite an anchored entry (its hash is on record).
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from offensief.db.seal import AuditSeal


@dataclass(frozen=True)
class Checkpoint:
    """One anchored head: ``line`` is its line number in the file (1-based)."""

    kind: str
    seq: int
    hash: str
    at: str
    line: int
    signed: bool


def _canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _mac(key: bytes, body: dict[str, Any]) -> str:
    return hmac.new(key, ("checkpoint|" + _canonical(body)).encode(), hashlib.sha256).hexdigest()


def write(seal: AuditSeal, *, seq: int, hash: str, kind: str = "head", force: bool = False) -> bool:
    """Append a checkpoint unless one was written less than ``seal.every`` seconds ago
    (``force`` writes anyway). Returns whether a line was written."""
    if seal.checkpoints is None:
        return False
    now = time.monotonic()
    with seal.lock:
        if not force and seal.last_checkpoint and now - seal.last_checkpoint < seal.every:
            return False
        seal.last_checkpoint = now
    body = {"kind": kind, "seq": seq, "hash": hash,
            "at": datetime.now(UTC).isoformat(timespec="seconds")}
    line = (_canonical({**body, "mac": _mac(seal.key, body)}) + "\n").encode()
    fd = os.open(seal.checkpoints, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line)
    finally:
        os.close(fd)  # closing releases the lock
    return True


def read(seal: AuditSeal) -> list[Checkpoint]:
    """Every checkpoint in the file, with whether its MAC is right (empty: no file)."""
    if seal.checkpoints is None or not seal.checkpoints.exists():
        return []
    out = []
    for number, text in enumerate(seal.checkpoints.read_text().splitlines(), start=1):
        try:
            data = json.loads(text)
            body = {k: data[k] for k in ("kind", "seq", "hash", "at")}
            signed = hmac.compare_digest(_mac(seal.key, body), str(data.get("mac", "")))
            out.append(Checkpoint(str(body["kind"]), int(body["seq"]), str(body["hash"]),
                                  str(body["at"]), number, signed))
        except (ValueError, KeyError, TypeError):
            out.append(Checkpoint("unreadable", 0, "", "", number, False))
    return out
