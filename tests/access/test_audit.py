"""The audit chain: appends link up; any edit, deletion or reordering is found and named."""

from __future__ import annotations

import itertools
import threading

import pytest
from sqlalchemy import delete, select, text, update

from offensief.access import audit
from offensief.access.policy import Actor
from offensief.db.records import AuditEntry

ALICE = Actor(1, "alice", "politie", "politie", frozenset({"analyst"}))


def fill(session, n=6):
    for i in range(n):
        audit.record(session, actor=ALICE, action="read", case_id=1, purpose="onderzoek",
                     what={"entity": f"e{i}", "values": i})
    session.commit()


def test_chain_verifies(session):
    fill(session)
    result = audit.verify(session)
    assert result.ok and result.checked == 6
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    assert rows[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))


def test_empty_chain_verifies(session):
    assert audit.verify(session).ok


@pytest.mark.parametrize("column,value", [("actor", "mallory"), ("what", '{"entity":"x"}'),
                                          ("purpose", "anders"), ("action", "search")])
def test_edit_is_named(session, column, value):
    fill(session)
    session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values({column: value}))
    session.commit()
    result = audit.verify(session)
    assert not result.ok and result.broken_seq == 3, result


def test_edit_rehashed_without_the_key_is_named(session):
    fill(session)
    entry = session.get(AuditEntry, 3)
    entry.actor = "mallory"
    entry.hash = audit.entry_hash(entry.prev_hash, entry)  # plain SHA-256: no key
    session.commit()
    result = audit.verify(session)
    assert not result.ok and result.broken_seq == 3 and "without the audit key" in result.problem


def test_edit_rehashed_with_the_key_breaks_the_next_link(session):
    fill(session)
    entry = session.get(AuditEntry, 3)
    entry.actor = "mallory"
    entry.hash = audit.entry_hash(entry.prev_hash, entry, audit.seal_of(session).key)
    session.commit()
    result = audit.verify(session)
    assert not result.ok and result.broken_seq == 4 and "link" in result.problem


@pytest.mark.parametrize("seq", [1, 4, 6])
def test_delete_is_named(session, seq):
    fill(session)
    session.execute(delete(AuditEntry).where(AuditEntry.seq == seq))
    session.commit()
    result = audit.verify(session)
    assert not result.ok and result.broken_seq == seq, result


def test_reorder_is_named(session):
    fill(session)
    # swap the sequence numbers of entries 2 and 5 (via a free number)
    for old, new in ((2, 1000), (5, 2), (1000, 5)):
        session.execute(text("UPDATE audit_log SET seq = :n WHERE seq = :o"), {"n": new, "o": old})
    session.commit()
    result = audit.verify(session)
    assert not result.ok and result.broken_seq == 2, result


def test_entries_list_newest_first(session):
    fill(session, 3)
    audit.record(session, actor=None, action="retention_run", what={})
    rows = audit.entries(session, limit=10)
    assert [r["seq"] for r in rows] == [4, 3, 2, 1]
    assert rows[0]["actor"] == "system"
    assert [r["seq"] for r in audit.entries(session, action="read")] == [3, 2, 1]


def test_concurrent_writers_queue_up(db):
    """Two sessions appending at the same time never fork or break the chain."""
    errors = []

    def writer(name):
        try:
            for i in range(15):
                with db.session() as s:
                    audit.record(s, actor=Actor(1, name, "politie", "politie"), action="read",
                                 what={"i": i})
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.session() as s:
        result = audit.verify(s)
        assert result.ok and result.checked == 30, result


def test_every_row_edited_or_deleted_is_named(session):
    """Edit, then delete, each row in turn; restoring it makes the chain whole again."""
    fill(session, 5)
    for seq in range(1, 6):
        row = session.execute(text("SELECT * FROM audit_log WHERE seq = :s"), {"s": seq}).mappings().one()
        original = dict(row)
        session.execute(text("UPDATE audit_log SET what = :w WHERE seq = :s"), {"w": '{"x":1}', "s": seq})
        session.commit()
        assert audit.verify(session).broken_seq == seq
        session.execute(text("UPDATE audit_log SET what = :w WHERE seq = :s"),
                        {"w": original["what"], "s": seq})
        session.execute(text("DELETE FROM audit_log WHERE seq = :s"), {"s": seq})
        session.commit()
        assert audit.verify(session).broken_seq == seq
        session.execute(text("INSERT INTO audit_log (seq, at, actor, partner, case_id, action, purpose, "
                             "what, prev_hash, hash) VALUES (:seq, :at, :actor, :partner, :case_id, "
                             ":action, :purpose, :what, :prev_hash, :hash)"), original)
        session.commit()
        assert audit.verify(session).ok
