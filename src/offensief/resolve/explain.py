"""Why two records merged (or not): the match weight of every comparison.

>>> explain(store, "kvk-1", "politie-7")["comparisons"][0]        # doctest: +SKIP
{'comparison': 'first_name', 'level': 'Exact match on first_name', 'left': 'mohammed',
 'right': 'mohammed', 'match_weight': 7.57, 'tf_adjustment': 1.66}

Weights are log2 Bayes factors from the model of the kind's last full run; the prior is
the log2 odds that two random records match. They add up to the pair's match weight.
"""

from __future__ import annotations

import math
import re
from typing import Any

from offensief.model.errors import InputError
from offensief.resolve.model import scorer, tf_columns
from offensief.resolve.records import KINDS, records
from offensief.resolve.resolution import ensure_tables, last_run, term_frequency
from offensief.store import records as store_records

_COLUMN = re.compile(r'"?([a-z_]+)_l"?')


def kind_of(con: Any, entity_id: str) -> str:
    """The kind (person, organisation, …) of a source entity."""
    rows = store_records.schemata_of(con, entity_id)
    for kind, schemata in KINDS.items():
        if rows & set(schemata):
            return kind
    raise InputError(f"{entity_id!r} is not a person, organisation, account, vehicle or "
                     "address in this workspace", field="id")


def _source_id(con: Any, ident: str) -> str:
    row = con.execute(
        "SELECT min(entity_id) FROM canonical WHERE canonical_id = ?", [ident]).fetchone()
    return row[0] if row and row[0] else ident


def _level_label(comparison: dict[str, Any], gamma: int) -> str:
    levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
    if gamma < 0:
        return "missing on one side (no evidence)"
    return str(levels[len(levels) - 1 - gamma].get("label_for_charts", f"level {gamma}"))


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _value(pair: dict[str, Any], comparison: dict[str, Any], side: str) -> Any:
    """The compared value; for a comparison over several columns, those values joined."""
    name = comparison["output_column_name"]
    if f"{name}_{side}" in pair:
        value = pair[f"{name}_{side}"]
        return value if _present(value) else None
    columns: list[str] = []
    for level in comparison["comparison_levels"]:
        for col in _COLUMN.findall(level.get("sql_condition", "")):
            if col not in columns:
                columns.append(col)
    values = [str(pair[f"{c}_{side}"]) for c in columns if _present(pair.get(f"{c}_{side}"))]
    return " ".join(values) or None


def explain(store: Any, left: str, right: str, *, threads: int = 1) -> dict[str, Any]:
    """Per-comparison match weights for a pair of source ids (or canonical ids)."""
    con = store.con
    ensure_tables(con)
    left, right = _source_id(con, left), _source_id(con, right)
    kind = kind_of(con, left)
    if kind_of(con, right) != kind:
        raise InputError(f"{left} and {right} are different kinds of entity", field="id")
    options, model = last_run(con, kind)
    mapping = dict(con.execute(
        "SELECT entity_id, canonical_id FROM canonical WHERE entity_id IN (?, ?)", [left, right]
    ).fetchall())
    head = {
        "left": left, "right": right, "kind": kind, "threshold": options.threshold,
        "merged": left in mapping and mapping.get(left) == mapping.get(right),
        "canonical": {left: mapping.get(left, left), right: mapping.get(right, right)},
    }
    if not model.fuzzy:
        return head | _exact_key(con, kind, left, right)
    recs = records(con, kind, entity_ids=[left, right])
    for column in tf_columns(model.settings):
        # how common each value is in the whole run, not in these two records
        recs[f"tf_{column}"] = [
            term_frequency(con, kind, column, v) or 1.0 / max(1, _run_size(con, kind))
            for v in recs[column]
        ]
    by_id = recs.set_index("unique_id", drop=False)
    linker = scorer(model, recs, threads=threads)
    pair = linker.inference.score_pair(
        by_id.loc[left].to_dict(), by_id.loc[right].to_dict()
    ).as_pandas_dataframe().iloc[0].to_dict()  # type: ignore[no-untyped-call]
    rows = []
    evidence = 0.0
    for comparison in model.settings["comparisons"]:
        name = comparison["output_column_name"]
        gamma = int(pair[f"gamma_{name}"])
        weight = float(pair.get(f"mw_{name}", 0.0))
        tf = float(pair.get(f"mw_tf_adj_{name}", 0.0) or 0.0)
        evidence += weight + tf
        rows.append({
            "comparison": name,
            "level": _level_label(comparison, gamma),
            "left": _value(pair, comparison, "l"),
            "right": _value(pair, comparison, "r"),
            "match_weight": round(weight, 4),
            "tf_adjustment": round(tf, 4),
        })
    total = pair.get("match_weight")
    return head | {
        "match_weight": None if total is None else round(float(total), 4),
        "match_probability": float(pair["match_probability"]),
        "prior_weight": None if total is None else round(float(total) - evidence, 4),
        "comparisons": rows,
    }


def _run_size(con: Any, kind: str) -> int:
    row = con.execute("SELECT count(*) FROM resolve_records WHERE kind = ?", [kind]).fetchone()
    return int(row[0]) if row else 1


def _exact_key(con: Any, kind: str, left: str, right: str) -> dict[str, Any]:
    """Accounts, vehicles, addresses: one normalised key, equal or not (no weights)."""
    recs = records(con, kind, entity_ids=[left, right]).set_index("unique_id")
    a, b = recs.loc[left, "key"], recs.loc[right, "key"]
    same = a is not None and a == b
    return {
        "match_weight": None, "match_probability": 1.0 if same else 0.0, "prior_weight": None,
        "comparisons": [{"comparison": "key", "level": "same key" if same else "different key",
                         "left": a, "right": b, "match_weight": None, "tf_adjustment": None}],
    }
