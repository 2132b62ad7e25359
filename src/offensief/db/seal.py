"""The audit seal: the MAC key of the audit chain and where its head is anchored.

The key is never stored in the operational store: it comes from ``$OFFENSIEF_AUDIT_KEY``
(hex, at least 32 bytes) or from ``<workspace>/audit.key`` (created with mode 0600 on first
use). The head of the chain is written at intervals to an append-only file of signed
checkpoints, ``<workspace>/audit/checkpoints.jsonl``, outside the operational store. A
database opened without a workspace gets a throw-away key and no anchor (tests, tools):
entries written through it cannot be verified later with the workspace's key.

>>> seal = ephemeral_seal()
>>> len(seal.key), seal.checkpoints is None
(32, True)
"""

from __future__ import annotations

import os
import secrets
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path

from offensief.model.errors import ConfigError
from offensief.store.workspace import Workspace

ENV_AUDIT_KEY = "OFFENSIEF_AUDIT_KEY"
KEY_FILE = "audit.key"
CHECKPOINT_FILE = Path("audit") / "checkpoints.jsonl"
#: Where a session keeps its seal (``Session.info``).
INFO = "offensief.audit.seal"
#: Default seconds between checkpoints: 0 anchors the head at every commit that appended.
CHECKPOINT_EVERY = 0.0


@dataclass
class AuditSeal:
    """The chain's MAC key, the checkpoint file (None: no anchor) and its interval."""

    key: bytes = field(repr=False)
    checkpoints: Path | None
    every: float = CHECKPOINT_EVERY
    source: str = "ephemeral"  # env | file | ephemeral
    last_checkpoint: float = field(default=0.0, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


def ephemeral_seal() -> AuditSeal:
    """A random key without an anchor (databases opened without a workspace)."""
    return AuditSeal(key=secrets.token_bytes(32), checkpoints=None)


def _key_from_env(value: str) -> bytes:
    try:
        key = bytes.fromhex(value.strip())
    except ValueError:
        raise ConfigError(f"${ENV_AUDIT_KEY} must be hex (at least 64 hex digits)") from None
    if len(key) < 32:
        raise ConfigError(f"${ENV_AUDIT_KEY} is too short: at least 32 bytes (64 hex digits)")
    return key


def _key_from_file(path: Path) -> bytes:
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first
            return _key_from_file(path)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32) + "\n")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(f"{path} is readable by others (mode {mode:o}): chmod 600 {path}")
    return _key_from_env(path.read_text())


def workspace_seal(workspace: Workspace, *, every: float | None = None) -> AuditSeal:
    """The seal of a workspace: its key (environment, else key file) and checkpoint file."""
    env = os.environ.get(ENV_AUDIT_KEY)
    key = _key_from_env(env) if env else _key_from_file(workspace.root / KEY_FILE)
    folder = workspace.root / CHECKPOINT_FILE.parent
    folder.mkdir(mode=0o700, exist_ok=True)
    configured = workspace.config.get("audit_checkpoint_seconds", CHECKPOINT_EVERY)
    return AuditSeal(key=key, checkpoints=workspace.root / CHECKPOINT_FILE,
                     every=float(configured if every is None else every),
                     source="env" if env else "file")
