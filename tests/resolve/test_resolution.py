"""Accuracy on FEBRL 4 and generated Dutch data; stable ids; incremental; explanation."""

from __future__ import annotations

import json
from dataclasses import replace

from offensief.resolve import canonical, evaluation
from offensief.resolve.explain import explain
from offensief.resolve.incremental import resolve_new
from offensief.resolve.resolution import resolve
from tests.resolve.conftest import FAST, dutch_store, febrl_store, load_febrl_ids


def _labels(store, ids):
    mapping = canonical.load_mapping(store)
    return {i: mapping[i] for i in ids}


def test_febrl4_pairwise_f1(febrl):
    stats = json.loads(febrl.con.execute("SELECT stats FROM resolve_runs").fetchone()[0])
    assert stats["records"] == 10_000
    ids = [r[0] for r in febrl.con.execute("SELECT DISTINCT entity_id FROM statements").fetchall()]
    scores = evaluation.pairwise(_labels(febrl, ids), evaluation.febrl_truth(ids))
    assert scores["f1"] >= 0.97, scores
    assert scores["precision"] >= 0.97 and scores["recall"] >= 0.97
    # the run saved its settings and trained parameters
    model = json.loads(febrl.con.execute("SELECT model FROM resolve_runs").fetchone()[0])
    levels = model["settings"]["comparisons"][0]["comparison_levels"]
    assert any(lv.get("m_probability") for lv in levels)
    assert any("EM" in step for step in model["training"])


def test_output_shape_and_unclustered_ids_map_to_themselves(febrl):
    clusters = canonical.clusters(febrl.con)
    assert clusters and set(clusters[0]) == {"id", "members", "schema", "probability", "kind"}
    assert clusters[0]["schema"] == "Person" and len(clusters[0]["members"]) == 2
    mapping = canonical.load_mapping(febrl)
    assert mapping["no-such-entity"] == "no-such-entity"


def test_explain_gives_weights_per_comparison(febrl):
    out = explain(febrl, "rec-3817-org", "rec-3817-dup-0")
    assert out["merged"] is True
    names = [c["comparison"] for c in out["comparisons"]]
    assert {"first_name", "surname_core", "birth_date", "id_number"} <= set(names)
    total = out["prior_weight"] + sum(c["match_weight"] + c["tf_adjustment"]
                                      for c in out["comparisons"])
    assert abs(total - out["match_weight"]) < 1e-3
    apart = explain(febrl, "rec-3817-org", "rec-528-org")
    assert apart["merged"] is False and apart["match_weight"] < 0


def test_dutch_variants_bcubed():
    store, truth = dutch_store(1500)
    resolve(store, options=replace(FAST, unique_datasets=("politie", "kvk", "bank", "gemeente")))
    scores = evaluation.bcubed(_labels(store, truth), truth)
    assert scores["f1"] >= 0.95, scores
    store.close()


def test_ids_survive_a_rerun_with_ten_percent_more_data():
    store, _, held = febrl_store(keep=0.9, people=2500)
    resolve(store, options=FAST)
    before = canonical.load_mapping(store)
    load_febrl_ids(store, held)
    resolve(store, options=FAST)
    after = canonical.load_mapping(store)
    old_clusters = evaluation.clusters_from_mapping(before)
    kept = sum(1 for cid, members in old_clusters.items()
               if all(after.get(m) == cid for m in members))
    assert kept / len(old_clusters) >= 0.99, (kept, len(old_clusters))
    assert len(after) > len(before)
    store.close()


def test_incremental_matches_new_records_against_existing_clusters():
    store, loaded, held = febrl_store(keep=0.9, people=2500)
    resolve(store, options=FAST)
    before = canonical.load_mapping(store)
    edges_before = store.con.execute("SELECT count(*) FROM resolve_edges").fetchone()[0]
    load_febrl_ids(store, held)
    runs = resolve_new(store)
    assert runs[0]["new_records"] == len(held)
    after = canonical.load_mapping(store)
    assert all(after[m] == c for m, c in before.items())
    ids = loaded + held
    scores = evaluation.pairwise(_labels(store, ids), evaluation.febrl_truth(ids))
    assert scores["f1"] >= 0.97, scores
    # only new pairs were scored: the old ones are kept, not recomputed
    runs_rows = store.con.execute(
        "SELECT mode, count(*) FROM resolve_runs GROUP BY 1 ORDER BY 1").fetchall()
    assert runs_rows == [("full", 1), ("incremental", 1)]
    assert store.con.execute("SELECT count(*) FROM resolve_edges").fetchone()[0] > edges_before
    assert resolve_new(store) == []
    store.close()
