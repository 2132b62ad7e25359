"""Access benchmark on the demo world: what need-to-know filtering costs, and that it holds.

Measures, on the small demo world (seed 7): a whole-case read through ``CaseView`` for a
police analyst (mostly clear) and a municipal liaison (mostly tokens) and their ratio;
the leak count on real data (protected values the liaison may not see that appear in her
output: must be 0); HMAC tokens per second; audit appends and chain verification per
second on SQLite and PostgreSQL; hit/no-hit latency; retention purge time and the number
of purged values left anywhere in the store (must be 0).

Run: ``.venv/bin/python benchmarks/access.py`` (writes ``benchmarks/results/access.json``).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from offensief.access import audit, retention
from offensief.access.actors import get_actor
from offensief.access.hits import hit
from offensief.access.pseudonym import Pseudonymiser, is_protected
from offensief.access.view import CLEAR, case_view
from offensief.cases.seed import DEMO_CASE, seed_demo
from offensief.cases.service import close_case, get_case
from offensief.cli.demo import load_world
from offensief.db.engine import open_database
from offensief.db.testing import temporary_database
from offensief.demo.generator import generate
from offensief.model.dataset import Dataset
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

RESULTS = Path(__file__).parent / "results" / "access.json"


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def case_reads(store, session, ws) -> dict:
    out = {}
    rows_by = {}
    for user in ("politie", "gemeente"):
        actor = get_actor(session, user)
        view = case_view(store, session, actor=actor, case=DEMO_CASE, secret=ws.secret)
        rows, seconds = timed(view.statements)
        rows_by[user] = (view, rows)
        out[user] = {"statements": len(rows), "seconds": round(seconds, 3),
                     "tokenised": sum(1 for r in rows if r["visibility"] == "token"
                                      and is_protected(r["prop"], r["prop_type"])),
                     "levels": view.visible_datasets()}
    out["ratio_gemeente_over_politie"] = round(out["gemeente"]["seconds"] / out["politie"]["seconds"], 2)
    view, rows = rows_by["gemeente"]
    clear_sets = [d for d, level in view.levels.items() if level == CLEAR]
    hidden_sets = [d for d, level in view.levels.items() if level != CLEAR]
    clear_values = {r[0] for r in store.con.execute(
        f"SELECT DISTINCT value FROM statements WHERE dataset IN ({', '.join('?' for _ in clear_sets)})",
        clear_sets).fetchall()}
    protected = {v for v, p, t in store.con.execute(
        f"SELECT DISTINCT value, prop, prop_type FROM statements WHERE dataset IN "
        f"({', '.join('?' for _ in hidden_sets)})", hidden_sets).fetchall()
        if is_protected(p, t)} - clear_values
    shown = {r["value"] for r in rows}
    out["leak_check"] = {"protected_values": len(protected), "leaked": len(protected & shown)}
    return out


def token_rate() -> dict:
    p = Pseudonymiser(secret=b"k" * 32, case_id=1)
    values = [f"Persoon {i} de Vries" for i in range(100_000)]
    _, seconds = timed(lambda: [p.token(v) for v in values])
    return {"tokens": len(values), "seconds": round(seconds, 3),
            "per_second": int(len(values) / seconds)}


def audit_rates(n: int = 2000) -> dict:
    out = {}
    actor = None
    with tempfile.TemporaryDirectory() as tmp:
        for backend in ("sqlite", "postgresql"):
            with temporary_database(backend, directory=tmp) as db:
                start = time.perf_counter()
                with db.session() as session:
                    for i in range(n):
                        audit.record(session, actor=actor, action="read", case_id=1,
                                     what={"entity_ids": [f"e{i}"], "statements": i})
                append = time.perf_counter() - start
                with db.session() as session:
                    result, verify = timed(audit.verify, session)
                assert result.ok
                out[backend] = {"entries": n, "append_per_second": int(n / append),
                                "verify_per_second": int(n / verify)}
    return out


def hit_latency(store, session, ws) -> dict:
    iban = store.con.execute(
        "SELECT value FROM statements WHERE prop = 'iban' LIMIT 1").fetchone()[0]
    actor = get_actor(session, "om")
    answers = []
    start = time.perf_counter()
    for _ in range(5):
        answers.append(hit(store, session, actor=actor, kind="iban", value=iban, secret=ws.secret))
    return {"queries": 5, "seconds_per_query": round((time.perf_counter() - start) / 5, 3),
            "hit": answers[0]["hit"], "contacts": answers[0]["contacts"]}


def purge(store, session) -> dict:
    # the demo keeps everything 5 years; use the regime defaults (wpg-9: case+6m, avg: case+1y)
    for ds in store.datasets():
        store.add_dataset(Dataset.create(name=ds.name, partner=ds.partner, regime=ds.regime,
                                         purpose=ds.purpose, collected_at=ds.collected_at,
                                         title=ds.title), replace=True)
    case = get_case(session, DEMO_CASE)
    close_case(session, case=case)
    today = case.closed_at.date() + timedelta(days=200)
    due = [i.dataset for i in retention.plan(store, session, today=today) if i.due]
    assert due, "nothing due: check the retention rules"
    doomed = {r[0] for r in store.con.execute(
        f"SELECT DISTINCT value FROM statements WHERE dataset IN ({', '.join('?' for _ in due)}) "
        f"AND prop IN ('name', 'phone', 'birthDate')", due).fetchall()}
    kept = {r[0] for r in store.con.execute(
        f"SELECT DISTINCT value FROM statements WHERE dataset NOT IN ({', '.join('?' for _ in due)})",
        due).fetchall()}
    only_doomed = doomed - kept
    before = store.con.execute("SELECT count(*) FROM statements").fetchone()[0]
    report, seconds = timed(retention.run, store, session, today=today)
    left = 0
    for (table,) in store.con.execute("SELECT table_name FROM information_schema.tables "
                                      "WHERE table_schema = 'main' AND table_type = 'BASE TABLE'").fetchall():
        for row in store.con.execute(f'SELECT * FROM "{table}"').fetchall():
            left += sum(1 for cell in row if isinstance(cell, str) and cell in only_doomed)
    return {"purged": report["purged"], "statements_before": int(before),
            "statements_removed": int(report["removed"]["statements"]), "seconds": round(seconds, 3),
            "values_only_in_purged": len(only_doomed), "values_left_anywhere": left}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        world, gen_seconds = timed(generate, seed=7, size="small", out=root / "data")
        ws = Workspace.init(root / "ws")
        _, load_seconds = timed(load_world, ws, world.out / "datasets.json")
        db = open_database(ws.database_url)
        results: dict = {"world": {"seed": 7, "size": "small", "generate_s": round(gen_seconds, 1),
                                   "load_s": round(load_seconds, 1)}}
        with Store.open(ws) as store, db.session() as session:
            seed_demo(session, store)
            session.commit()
            results["world"]["statements"] = int(store.con.execute("SELECT count(*) FROM statements").fetchone()[0])
            results["case_read"] = case_reads(store, session, ws)
            results["hit"] = hit_latency(store, session, ws)
            session.commit()
            results["retention"] = purge(store, session)
            session.commit()
            results["audit_chain_ok"] = audit.verify(session).ok
        db.dispose()
        shutil.rmtree(root / "data", ignore_errors=True)
    results["tokens"] = token_rate()
    results["audit"] = audit_rates()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str))
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
