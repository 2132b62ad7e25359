"""Every tamper of the security probe fails the installed ``offensief audit verify``.

Someone who can write the operational store (here: the SQLite file, with plain SQL) but not
the workspace's audit key and checkpoint file edits, deletes, reorders, cuts off the tail
and fixes up the head row, or deletes an entry and re-hashes the rest with plain SHA-256.
Each time the installed command exits non-zero and names the entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from offensief.access import audit
from offensief.access.policy import Actor
from offensief.db.engine import open_workspace_database
from offensief.db.seal import CHECKPOINT_FILE, ENV_AUDIT_KEY, KEY_FILE
from offensief.store.workspace import Workspace

OFFENSIEF = str(Path(sys.executable).with_name("offensief"))
ANA = Actor(1, "ana", "politie", "politie", frozenset({"analyst"}))
N = 12
REVEAL = 7


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("audit") / "ws"
    ws = Workspace.init(root)
    db = open_workspace_database(ws)
    for i in range(1, N + 1):
        with db.session() as s:
            audit.record(s, actor=ANA, action="reveal" if i == REVEAL else "read", case_id=1,
                         purpose="onderzoek", what={"entity": f"e{i}"})
    db.dispose()
    return root


@pytest.fixture
def ws(template, tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("OFFENSIEF_DATABASE_URL", raising=False)
    monkeypatch.delenv(ENV_AUDIT_KEY, raising=False)
    root = tmp_path / "ws"
    shutil.copytree(template, root)
    return root


def verify(root: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OFFENSIEF_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return subprocess.run([OFFENSIEF, "audit", "verify", "--workspace", str(root)],
                          check=False, capture_output=True, text=True, env=env, timeout=120)


def sql(root: Path, *statements: tuple[str, tuple]) -> None:
    with sqlite3.connect(root / "ops.sqlite") as conn:
        for statement, params in statements:
            conn.execute(statement, params)


def rows(root: Path) -> list[dict]:
    with sqlite3.connect(root / "ops.sqlite") as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM audit_log ORDER BY seq")]


def sha_rehash(root: Path, start: int) -> None:
    """Recompute prev_hash/hash from ``start`` on with plain SHA-256, then fix the head."""
    chain = rows(root)
    prev = chain[start - 2]["hash"] if start > 1 else audit.GENESIS
    updates = []
    for row in chain[start - 1:]:
        body = {"seq": row["seq"], "at": row["at"].replace(" ", "T"), "actor": row["actor"],
                "partner": row["partner"], "case_id": row["case_id"], "action": row["action"],
                "purpose": row["purpose"], "what": json.loads(row["what"])}
        digest = hashlib.sha256((prev + audit.canonical(body)).encode()).hexdigest()
        updates.append(("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                        (prev, digest, row["seq"])))
        prev = digest
    updates.append(("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (chain[-1]["seq"], prev)))
    sql(root, *updates)


def assert_broken(result: subprocess.CompletedProcess[str], seq: int) -> None:
    assert result.returncode != 0, result.stdout
    assert f"broken at entry {seq}" in result.stderr, result.stderr


def test_untouched_chain_verifies(ws):
    result = verify(ws)
    assert result.returncode == 0, result.stderr
    assert f"{N} entries" in result.stdout


def test_key_and_checkpoints_live_outside_the_database(ws):
    assert (os.stat(ws / KEY_FILE).st_mode & 0o777) == 0o600
    assert (os.stat(ws / CHECKPOINT_FILE).st_mode & 0o777) == 0o600
    key = (ws / KEY_FILE).read_text().strip()
    assert key.encode() not in (ws / "ops.sqlite").read_bytes()
    assert len((ws / CHECKPOINT_FILE).read_text().splitlines()) == N


def test_edit(ws):
    sql(ws, ("UPDATE audit_log SET what = ? WHERE seq = 4", ('{"entity":"x"}',)))
    assert_broken(verify(ws), 4)


def test_delete(ws):
    sql(ws, ("DELETE FROM audit_log WHERE seq = ?", (REVEAL,)))
    assert_broken(verify(ws), REVEAL)


def test_reorder(ws):
    sql(ws, ("UPDATE audit_log SET seq = 1000 WHERE seq = 3", ()),
        ("UPDATE audit_log SET seq = 3 WHERE seq = 8", ()),
        ("UPDATE audit_log SET seq = 8 WHERE seq = 1000", ()))
    assert_broken(verify(ws), 3)


def test_tail_cut_with_head_fixed(ws):
    keep = rows(ws)[N - 4]
    sql(ws, ("DELETE FROM audit_log WHERE seq > ?", (N - 3,)),
        ("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (keep["seq"], keep["hash"])))
    result = verify(ws)
    assert_broken(result, N - 2)
    assert "cut off" in result.stderr


def test_delete_and_rehash_with_plain_sha256(ws):
    sql(ws, ("DELETE FROM audit_log WHERE seq = ?", (REVEAL,)),
        *[("UPDATE audit_log SET seq = ? WHERE seq = ?", (s - 1, s)) for s in range(REVEAL + 1, N + 1)])
    sha_rehash(ws, REVEAL)
    result = verify(ws)
    assert_broken(result, REVEAL)
    assert "without the audit key" in result.stderr


def test_whole_chain_rehashed_with_plain_sha256(ws):
    sha_rehash(ws, 1)
    assert_broken(verify(ws), 1)


def test_forged_checkpoint_line(ws):
    path = ws / CHECKPOINT_FILE
    lines = path.read_text().splitlines()
    forged = json.loads(lines[-1]) | {"seq": N - 3}
    path.write_text("\n".join([*lines, json.dumps(forged)]) + "\n")
    result = verify(ws)
    assert result.returncode != 0 and "not signed" in result.stderr


def test_legacy_chain_is_migrated_and_then_protected(ws):
    """A log from before the key (plain SHA-256) verifies after ``audit migrate``; new
    entries are keyed, and re-hashing the legacy part afterwards is still found."""
    (ws / CHECKPOINT_FILE).unlink()
    sha_rehash(ws, 1)  # what an old workspace's log looks like
    before = verify(ws)
    assert before.returncode != 0 and "audit migrate" in before.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith("OFFENSIEF_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    migrated = subprocess.run([OFFENSIEF, "audit", "migrate", "--workspace", str(ws)],
                              check=False, capture_output=True, text=True, env=env, timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    after = verify(ws)
    assert after.returncode == 0, after.stderr
    assert f"1-{N} from before the key" in after.stdout
    assert rows(ws)[-1]["action"] == "audit_migrate"
    sql(ws, ("UPDATE audit_log SET purpose = 'x' WHERE seq = 5", ()))
    sha_rehash(ws, 5)
    result = verify(ws)
    assert_broken(result, N)  # the last legacy entry no longer has its anchored hash
    assert "legacy anchor" in result.stderr


def test_migrate_takes_over_a_legacy_chain_continued_with_the_key(ws):
    """An upgraded workspace that wrote keyed entries after its plain SHA-256 ones before
    anyone ran ``audit migrate``: the plain part is anchored, the keyed part verified."""
    (ws / CHECKPOINT_FILE).unlink()
    sha_rehash(ws, 1)
    db = open_workspace_database(Workspace.open(ws))
    try:
        with db.session() as s:
            audit.record(s, actor=ANA, action="read", what={"entity": "after upgrade"})
        with db.session() as s:
            assert not audit.verify(s).ok
            result = audit.migrate(s)
            assert result["legacy_until"] == N and result["ok"], result
            assert audit.verify(s).ok
            with pytest.raises(Exception, match="already migrated"):
                audit.migrate(s)
    finally:
        db.dispose()
