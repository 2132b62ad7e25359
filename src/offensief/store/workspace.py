"""A workspace: one folder with its config, the DuckDB analytical store and the SQLite file.

>>> ws = Workspace.init(tmp_path / "ws")          # doctest: +SKIP
>>> Workspace.open(tmp_path / "ws").duckdb_path  # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from offensief.model.errors import ConfigError

CONFIG_NAME = "offensief.json"
FORMAT_VERSION = 1
ENV_WORKSPACE = "OFFENSIEF_WORKSPACE"
ENV_DATABASE_URL = "OFFENSIEF_DATABASE_URL"


@dataclass(frozen=True)
class Workspace:
    """A folder holding ``offensief.json``, ``store.duckdb`` and (by default) ``ops.sqlite``."""

    root: Path
    config: dict[str, Any]

    @classmethod
    def init(cls, root: str | Path, *, exist_ok: bool = False) -> Workspace:
        """Create a new workspace folder with a fresh secret for pseudonymisation."""
        root = Path(root).absolute()
        cfg_path = root / CONFIG_NAME
        if cfg_path.exists():
            if exist_ok:
                return cls.open(root)
            raise ConfigError(f"{root} is already a workspace")
        if root.exists() and any(root.iterdir()):
            raise ConfigError(f"{root} exists and is not empty; choose a new folder")
        root.mkdir(parents=True, exist_ok=True)
        config = {
            "format": FORMAT_VERSION,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "secret": secrets.token_hex(32),
        }
        tmp = cfg_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(config, indent=2))
        os.chmod(tmp, 0o600)
        tmp.replace(cfg_path)
        return cls(root, config)

    @classmethod
    def open(cls, root: str | Path) -> Workspace:
        """Open an existing workspace, or say clearly why it is not one."""
        root = Path(root).absolute()
        cfg_path = root / CONFIG_NAME
        if not cfg_path.exists():
            raise ConfigError(
                f"{root} is not an Offensief workspace (no {CONFIG_NAME}); "
                "run `offensief init DIR` first"
            )
        try:
            config = json.loads(cfg_path.read_text())
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{cfg_path}: broken config: {exc}") from None
        if config.get("format") != FORMAT_VERSION:
            raise ConfigError(f"{cfg_path}: unsupported workspace format {config.get('format')!r}")
        return cls(root, config)

    @classmethod
    def from_env(cls, root: str | Path | None = None) -> Workspace:
        """Open ``root``, else ``$OFFENSIEF_WORKSPACE``, else fail with a clear message."""
        root = root or os.environ.get(ENV_WORKSPACE)
        if not root:
            raise ConfigError(f"no workspace: pass --workspace DIR or set {ENV_WORKSPACE}")
        return cls.open(root)

    @property
    def duckdb_path(self) -> Path:
        return self.root / "store.duckdb"

    @property
    def lake_path(self) -> Path:
        """Statements as Parquet, written and read by the Spark engine (docs/scale.md)."""
        return self.root / "lake"

    @property
    def sqlite_path(self) -> Path:
        return self.root / "ops.sqlite"

    @property
    def database_url(self) -> str:
        """The operational store: ``$OFFENSIEF_DATABASE_URL`` or the workspace's SQLite file."""
        return os.environ.get(ENV_DATABASE_URL) or f"sqlite:///{self.sqlite_path}"

    @property
    def secret(self) -> bytes:
        """Workspace key for keyed hashes (pseudonym tokens). Never leaves the workspace."""
        return bytes.fromhex(self.config["secret"])

    @property
    def cache_dir(self) -> Path:
        path = self.root / "cache"
        path.mkdir(exist_ok=True)
        return path
