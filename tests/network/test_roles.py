"""Roles on CAVIAR: the police's mastermind first, his lieutenant and the cocaine organiser close."""

from __future__ import annotations

import igraph as ig
import numpy as np
import pytest

from offensief.network.io import read_network
from offensief.network.roles import ROLES, analyse_roles, percentile, score_roles
from tests.network.caviar import AGGREGATE


@pytest.fixture(scope="module")
def caviar_roles() -> dict:
    return analyse_roles(read_network(AGGREGATE), top=10)


def ranked(result: dict, role: str) -> list[str]:
    return [r["id"] for r in result["roles"] if r["role"] == role]


def test_serero_first_kingpin_perlini_and_morales_in_top_3(caviar_roles: dict) -> None:
    kingpins = ranked(caviar_roles, "kingpin")
    assert kingpins[0] == "1"
    assert set(kingpins[:3]) == {"1", "3", "12"}  # as plain degree; betweenness has Morales 5th


def test_perlini_first_lieutenant(caviar_roles: dict) -> None:
    lieutenants = ranked(caviar_roles, "lieutenant")
    assert lieutenants[0] == "3" and "1" not in lieutenants


def test_every_row_explains_its_score(caviar_roles: dict) -> None:
    for row in caviar_roles["roles"]:
        assert set(row) >= {"id", "source_ids", "name", "role", "score", "community", "explanation"}
        parts = row["explanation"]["features"]
        assert parts and row["explanation"]["text"].startswith(row["role"].replace("_", " "))
        positive = sum(p["weight"] for p in parts if p["weight"] > 0)
        total = sum(abs(p["weight"]) for p in parts)
        raw = sum(p["contribution"] for p in parts) * total / positive
        assert min(max(raw, 0.0), 1.0) == pytest.approx(row["score"], abs=1e-5)
    kingpin = caviar_roles["roles"][0]
    assert "net_inflow" in kingpin["explanation"]["left_out"]  # a wiretap network has no money data


def test_wiretap_network_has_no_facilitator_or_mule_candidates(caviar_roles: dict) -> None:
    present = {r["role"] for r in caviar_roles["roles"]}
    assert present == {"kingpin", "lieutenant", "broker"}


def test_percentile_and_gates() -> None:
    assert percentile(np.array([0.0, 1.0, 1.0, 3.0])).tolist() == [0.0, 0.75, 0.75, 1.0]
    features = {"financial": np.array([0.0, 1.0]), "communities_touched": np.array([3.0, 1.0]),
                "betweenness": np.array([0.5, 0.1]), "companies": np.array([0.0, 1.0])}
    score = score_roles(features, roles=("financial_facilitator",))["financial_facilitator"][0]
    assert score[0] == 0.0 and score[1] > 0.0  # no footprint, no facilitator


def test_head_of_a_two_level_tree_is_the_kingpin() -> None:
    # boss -> 3 lieutenants -> 4 workers each: reach through lieutenants, no direct exposure
    edges = [(0, lt) for lt in (1, 2, 3)] + [(lt, 4 + 4 * (lt - 1) + w) for lt in (1, 2, 3) for w in range(4)]
    g = ig.Graph(edges)
    g.vs["name"] = [f"n{i}" for i in range(g.vcount())]
    result = analyse_roles(g, top=3, roles=ROLES[:2])
    kingpins = [r["id"] for r in result["roles"] if r["role"] == "kingpin"]
    lieutenants = [r["id"] for r in result["roles"] if r["role"] == "lieutenant"]
    assert kingpins[0] == "n0" and set(lieutenants) == {"n1", "n2", "n3"}


def test_noordin_top_leaders_first_on_the_summed_layers(tmp_path) -> None:
    """Noordin Top network (Roberts & Everton 2011): communications, meetings, operations and
    logistics summed into one edge list, as a user would hand it over; the two leaders first."""
    import csv
    from collections import defaultdict

    from tests.network.caviar import CAVIAR

    root = CAVIAR.parent / "noordin_top"
    total: dict[tuple[str, str], float] = defaultdict(float)
    for layer in ("COMMUNICATIONS", "MEETINGS", "OPERATIONS", "LOGISTICS"):
        with (root / f"derived_NOORDINTOP_{layer}_edges.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                a, b = sorted((row["source"], row["target"]))
                if a != b:
                    total[(a, b)] += float(row["weight"] or 1)
    path = tmp_path / "noordin.csv"
    path.write_text("source,target,weight\n" + "".join(f"{a},{b},{w:g}\n" for (a, b), w in sorted(total.items())),
                    encoding="utf-8")
    kingpins = ranked(analyse_roles(read_network(path), top=5), "kingpin")
    assert set(kingpins[:2]) == {"Noordin Mohammed Top", "Azhari Husin"}


def test_noordin_top_as_a_multiplex_of_calls_and_meetings() -> None:
    """The same network with its layers typed (communications = calls, meetings = meetings,
    operations and logistics = associates), as the person projection types ties: the meeting
    features are in the kingpin score and the two leaders stay first."""
    import csv
    import math
    from collections import Counter, defaultdict

    from offensief.network.graph import DEFAULT_WEIGHTS
    from tests.network.caviar import CAVIAR

    kinds = {"COMMUNICATIONS": "call", "MEETINGS": "meeting", "OPERATIONS": "associate", "LOGISTICS": "associate"}
    ties: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for layer, kind in kinds.items():
        with (CAVIAR.parent / "noordin_top" / f"derived_NOORDINTOP_{layer}_edges.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                a, b = sorted((row["source"], row["target"]))
                if a != b:
                    ties[(a, b)][kind] += int(float(row["weight"] or 1))
    names = sorted({x for pair in ties for x in pair})
    index = {n: i for i, n in enumerate(names)}
    g = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in ties])
    g.vs["name"] = names
    g.es["types"] = [dict(ties[p]) for p in ties]
    g.es["weight"] = [sum(DEFAULT_WEIGHTS[k] * (1 + math.log(c)) for k, c in ties[p].items()) for p in ties]
    result = analyse_roles(g, top=5)
    kingpins = ranked(result, "kingpin")
    assert set(kingpins[:2]) == {"Noordin Mohammed Top", "Azhari Husin"}
    assert {"meetings", "meeting_share"} <= {f["name"] for f in result["roles"][0]["explanation"]["features"]}
