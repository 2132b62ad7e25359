"""The validity scorer's measures on hand-made inputs whose answers are known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.scoring.baseline import register_walk
from benchmarks.scoring.measures import (
    asset_share,
    bcubed,
    facilitator_scores,
    family,
    kingpin_recall,
    laundering_scores,
    majority,
    top_k_hits,
)
from benchmarks.scoring.runner import Runner


def test_bcubed_perfect_and_all_singletons() -> None:
    truth = {"a": "1", "b": "1", "c": "2"}
    assert bcubed(truth, {"a": "x", "b": "x", "c": "y"})["f1"] == pytest.approx(1.0)
    single = bcubed(truth, {})
    assert single["precision"] == pytest.approx(1.0)
    assert single["recall"] == pytest.approx((0.5 + 0.5 + 1) / 3)


def test_bcubed_on_a_known_clustering() -> None:
    # true {a,b,c} {d,e}; predicted {a,b} {c,d,e}
    truth = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    s = bcubed(truth, pred)
    # precision: a,b 1; c 1/3; d,e 2/3 -> (2 + 1/3 + 4/3) / 5
    assert s["precision"] == pytest.approx((2 + 1 / 3 + 4 / 3) / 5)
    # recall: a,b 2/3; c 1/3; d,e 1 -> (4/3 + 1/3 + 2) / 5
    assert s["recall"] == pytest.approx((4 / 3 + 1 / 3 + 2) / 5)
    assert s["f1"] < 1


def test_bcubed_ignores_records_outside_the_truth() -> None:
    s = bcubed({"a": "1", "b": "1"}, {"a": "x", "b": "x", "zz": "x"})
    assert s["f1"] == pytest.approx(1.0)


def test_kingpin_recall_counts_only_the_first_2x_groups() -> None:
    ranked = ["k1", "w", "w2", "w3", "k2", None]
    r = kingpin_recall(ranked, {"k1", "k2"}, groups=2)
    assert r["k"] == 4 and r["found"] == 1 and r["recall"] == 0.5
    assert kingpin_recall(ranked, {"k1", "k2"}, groups=3)["recall"] == 1.0


def test_facilitator_scores_any_type_and_typed() -> None:
    truth = {"f1": "financial", "f2": "digital", "f3": "logistics"}
    rows = [("f1", "financial"), ("f2", "financial"), ("x", "digital"), (None, "logistics")]
    s = facilitator_scores(rows, truth)
    assert s["any_type"]["precision"] == 0.5 and s["any_type"]["recall"] == pytest.approx(2 / 3)
    assert s["typed"]["precision"] == 0.25 and s["typed"]["recall"] == pytest.approx(1 / 3)
    assert s["financial"]["precision"] == 0.5 and s["financial"]["recall"] == 1.0
    assert s["digital"]["recall"] == 0.0
    assert facilitator_scores([], truth)["typed"]["f1"] == 0.0


def test_family_maps_known_and_unknown_names() -> None:
    assert family("fan_in") == family("funnel") == "scatter_gather"
    assert family("rapid_pass_through") == "layering"
    assert family("cash_structuring_v2") == "structuring"
    assert family("something_else") == "something_else"


def test_laundering_scores_instance_recall_typing_and_precision() -> None:
    instances = [{"typology": "structuring", "payment_ids": ["s1", "s2", "s3", "s4"]},
                 {"typology": "layering", "payment_ids": ["l1", "l2", "l3"]},
                 {"typology": "trade_based", "payment_ids": ["t1", "t2"]}]
    alerts = [{"typology": "structuring", "transaction_ids": ["s1", "s2"]},     # half: found
              {"typology": "fan_out", "transaction_ids": ["l1", "l2", "b1"]},   # wrong family
              {"typology": "structuring", "transaction_ids": ["b1", "b2", "b3"]}]  # false
    s = laundering_scores(instances, alerts, benign={"b1"})
    assert s["instance_recall"] == pytest.approx(2 / 3)
    assert s["typed_recall"] == pytest.approx(1 / 3)
    assert s["alert_precision"] == pytest.approx(2 / 3)
    assert s["alerts_touching_benign"] == 2
    assert s["per_typology"]["trade_based"] == {"instances": 1, "found": 0, "typed": 0}
    assert laundering_scores(instances, [])["alert_precision"] == 0.0


def test_asset_share_by_value() -> None:
    assets = [{"asset": "a", "value": 300.0, "owner_records": {"k1", "k1b"}},
              {"asset": "b", "value": 100.0, "owner_records": {"k2"}}]
    s = asset_share(assets, {"a": {"k1b"}, "b": {"straw"}})
    assert s["share"] == pytest.approx(0.75) and s["right"] == 1
    assert asset_share(assets, {})["share"] == 0.0


def test_majority_and_top_k() -> None:
    assert majority(["r1", "r2", "r3", "c-x"], {"r1": "A", "r2": "B", "r3": "A"}) == "A"
    assert majority(["c-x"], {}) is None
    assert top_k_hits(["a", "b", "c"], {"c", "z"}, 2) == 0
    assert top_k_hits(["a", "b", "c"], {"c", "z"}, 3) == 1


def test_register_walk_follows_the_largest_holding_to_a_person(tmp_path: Path) -> None:
    lines = [
        {"id": "re1", "schema": "RealEstate", "properties": {"address": ["Kerkstraat 1"]}},
        {"id": "bv1", "schema": "Company", "properties": {"name": ["Vastgoed BV"], "registrationNumber": ["11111111"]}},
        {"id": "own0", "schema": "Ownership", "properties": {"owner": ["old"], "asset": ["re1"], "endDate": ["2020-01-01"]}},
        {"id": "own1", "schema": "Ownership", "properties": {"owner": ["bv1"], "asset": ["re1"]}},
        {"id": "bv1k", "schema": "Company", "properties": {"name": ["Vastgoed B.V."], "registrationNumber": ["11111111"]}},
        {"id": "hold", "schema": "Company", "properties": {"name": ["Holding"], "registrationNumber": ["22222222"]}},
        {"id": "own2", "schema": "Ownership", "properties": {"owner": ["hold"], "asset": ["bv1k"], "percentage": ["100"]}},
        {"id": "p1", "schema": "Person", "properties": {"name": ["Piet"]}},
        {"id": "p2", "schema": "Person", "properties": {"name": ["Klaas"]}},
        {"id": "own3", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["hold"], "percentage": ["30"]}},
        {"id": "own4", "schema": "Ownership", "properties": {"owner": ["p2"], "asset": ["hold"], "percentage": ["70"]}},
        {"id": "ubo", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["hold"], "role": ["UBO"], "percentage": ["100"]}},
        {"id": "v1", "schema": "Vehicle", "properties": {"owner": ["p1"], "registrationNumber": ["GB-123-X"]}},
    ]
    (tmp_path / "x.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    assert register_walk(tmp_path, {"re1", "v1", "missing"}) == {"re1": {"p2"}, "v1": {"p1"}}


def test_store_commands_get_case_and_user_only_when_their_help_lists_them(tmp_path: Path) -> None:
    runner = Runner(tmp_path / "ws")
    runner.case = "7"
    runner._help[("finance", "alerts")] = "│ --json  <path> │\n│ --case  <text> │\n│ --as  <text> │"
    runner._help[("resolve",)] = "│ --json  <path> │\n│ --threads <int> │"
    runner._help[("finance", "assets")] = "│ --assets-only │\n│ --owner  <text> │"
    assert runner.scope("finance", "alerts") == ["--case", "7", "--as", "validator"]
    assert runner.scope("resolve") == []
    assert runner.scope("finance", "assets") == []
