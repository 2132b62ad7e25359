"""Intervention plan on the barrier model."""

from __future__ import annotations

import pytest

from offensief.disrupt.barrier import STEPS, instruments_for, normalise_step
from offensief.disrupt.plan import ADVICE, PlanOptions, make_plan
from offensief.disrupt.process import capacity, chain_of
from offensief.disrupt.recovery import RecoveryParams
from offensief.disrupt.report import plan_report

from .worlds import criminal_world


@pytest.fixture(scope="module")
def plan():
    return make_plan(criminal_world(), options=PlanOptions(size=8, runs=60, seed=2))


def test_top_targets_are_the_kingpins_and_a_shared_facilitator(plan):
    ids = [t["id"] for t in plan["targets"]]
    assert set(ids[:3]) == {"G0-kingpin", "G1-kingpin", "G2-kingpin"}
    assert "accountant" in ids[:5]
    accountant = next(t for t in plan["targets"] if t["id"] == "accountant")
    assert accountant["step"] == "finance" and accountant["partner"] == "FIOD / tax office"
    assert any("shared by 3 groups" in r for r in accountant["reasons"])


def test_every_target_names_step_partner_instrument_effect_and_uncertainty(plan):
    for target in plan["targets"]:
        assert target["step"] in STEPS and target["step_label"] == STEPS[target["step"]]
        assert target["partner"] and target["instrument"] and target["barrier_kind"]
        assert 0 < target["success_estimate"] <= 1
        effect = target["expected_effect"]
        assert effect["metric"] == "capacity"
        assert isinstance(effect["marginal_after_recovery"], float)
        low, high = effect["alone_band"]
        assert low <= high
    package = plan["package"]["effect"]["capacity"]
    assert package["band"][0] <= package["recovered"] <= package["band"][1]
    assert package["immediate"] > 0


def test_plan_is_advice_and_states_conventions(plan):
    assert plan["advice"] == ADVICE and "person decides" in plan["advice"]
    assert plan["conventions"]["component"] == "weak"
    assert plan["recovery"]["rehire"] == RecoveryParams().rehire


def test_post_recovery_capacity_per_strategy(plan):
    rows = {row["strategy"]: row for row in plan["strategies"]}
    assert {"degree", "betweenness", "kingpins", "facilitators", "random"} <= set(rows)
    for row in rows.values():
        assert row["metric"] == "capacity"
        assert set(row["after_recovery"]) == {"mean", "std", "p05", "p95"}
    start = rows["random"]["start"]
    # the command structure is not on the hand-off path: hitting it leaves the process running
    assert rows["lieutenants"]["immediate"] == start
    # hand-off workers are: strategies that hit them cut capacity, also after recovery
    assert rows["bridges"]["after_recovery"]["mean"] < start
    assert min(row["after_recovery"]["mean"] for row in rows.values()) < start


def test_readable_report_says_it_is_advice(plan):
    text = plan_report(plan)
    assert "Advice only" in text
    assert "G0-kingpin" in text and "FIOD / tax office" in text


def test_capacity_per_group_needs_every_step_from_own_or_shared_members():
    world = criminal_world()
    full = capacity(world, chain_of(world))
    assert full["groups"] == {"G0": 2, "G1": 2, "G2": 2}
    names = world.vs["name"]
    world.delete_vertices([names.index("G0-storage0")])  # a hand-off worker
    assert capacity(world, chain_of(world))["groups"] == {"G0": 1, "G1": 2, "G2": 2}
    names = world.vs["name"]
    world.delete_vertices([names.index("G1-lt0"), names.index("G1-lt1")])  # not on the path
    assert capacity(world, chain_of(world))["groups"]["G1"] == 2


def test_barrier_steps_and_instruments():
    assert normalise_step("cash_collection") == "finance"
    assert normalise_step("import") == "transport"
    assert normalise_step("weird") is None
    assert instruments_for(step="storage", role=None)[0].action.startswith("art. 13b")
    assert instruments_for(step="finance", role="facilitator")[0].partner == "FIOD / tax office"
    assert instruments_for(step="transport", role="kingpin")[0].action == "arrest and prosecution"


def test_apply_roles_keeps_kingpins_where_money_mules_show_a_criminal_flow():
    import igraph as ig

    from offensief.disrupt.case import apply_roles

    graph = ig.Graph(6)
    graph.vs["name"] = ["k1", "k2", "m1", "m2", "f", "x"]
    row = lambda i, role, rank, score: {"id": i, "role": role, "rank": rank, "score": score}
    analysis = {"membership": [0, 1, 0, 0, 1, 1], "roles": [
        row("k2", "kingpin", 1, 0.9), row("k1", "kingpin", 2, 0.8),
        row("m1", "money_mule", 1, 0.9), row("m2", "money_mule", 2, 0.7),
        row("f", "financial_facilitator", 1, 0.9), row("x", "financial_facilitator", 2, 0.1)]}
    apply_roles(graph, analysis)
    assert graph.vs["role"] == ["kingpin", "background", "money_mule", "money_mule",
                                "facilitator", "background"]
    assert graph.vs["facilitator_type"][4] == "financial" and graph.vs["step"][2] == "finance"
    assert graph.vs["group"][0] == "community-0" and graph.vs["group"][4] is None
