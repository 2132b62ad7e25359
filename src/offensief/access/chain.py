"""The chain's arithmetic: canonical JSON of an entry and the hash it must carry."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from sqlalchemy.orm import Session

from offensief.db.records import AuditEntry
from offensief.db.seal import INFO, AuditSeal
from offensief.model.errors import ConfigError

GENESIS = "0" * 64


def canonical(data: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 kept, dates as ISO strings."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def body(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "partner": entry.partner,
        "case_id": entry.case_id,
        "action": entry.action,
        "purpose": entry.purpose,
        "what": json.loads(entry.what),
    }


def entry_hash(prev_hash: str, entry: AuditEntry, key: bytes | None = None) -> str:
    """The hash an entry must carry given the previous hash: keyed (HMAC-SHA256) with the
    audit key, plain SHA-256 without one (chains from before the key, see :func:`migrate`)."""
    data = (prev_hash + canonical(body(entry))).encode()
    if key is None:
        return hashlib.sha256(data).hexdigest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def seal_of(session: Session) -> AuditSeal:
    """The audit seal the session's database was opened with."""
    seal = session.info.get(INFO)
    if not isinstance(seal, AuditSeal):
        raise ConfigError("this session has no audit key: open the database with "
                          "offensief.db.open_database or open_workspace_database")
    return seal
