"""Labels from the case team: read, fitted per case, explained; priors when there are too few."""

from __future__ import annotations

from pathlib import Path

import igraph as ig
import numpy as np
import pytest

from offensief.model.errors import InputError
from offensief.network.learning import NOT_INVOLVED, learn_roles, read_labels
from offensief.network.roles import analyse_roles


def test_labels_from_csv_and_json(tmp_path: Path) -> None:
    (tmp_path / "l.csv").write_text("id,label\np1,Kingpin\np2,not involved\np3,financial-facilitator\n")
    assert read_labels(tmp_path / "l.csv") == {"p1": "kingpin", "p2": NOT_INVOLVED, "p3": "financial_facilitator"}
    (tmp_path / "l.json").write_text('{"p1": "lieutenant"}')
    assert read_labels(tmp_path / "l.json") == {"p1": "lieutenant"}


def test_bad_label_line_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text("p1,kingpin\np2\n")
    with pytest.raises(InputError) as err:
        read_labels(tmp_path / "bad.csv")
    assert err.value.line == 2 and err.value.file.endswith("bad.csv")


def test_few_labels_keep_the_prior() -> None:
    f = {"degree": np.arange(10.0)}
    learned = learn_roles(f, {0: "kingpin", 1: NOT_INVOLVED, 2: NOT_INVOLVED})
    assert learned.priors == ["kingpin"] and not learned.models


def _world() -> tuple[ig.Graph, dict[str, str]]:
    """Ten stars: hubs are 'lieutenants', leaves workers; half the hubs and leaves labelled."""
    g = ig.Graph()
    labels: dict[str, str] = {}
    for s in range(10):
        hub = g.vcount()
        g.add_vertices(6)
        g.add_edges([(hub, hub + k) for k in range(1, 6)])
        if s:
            g.add_edge(hub, hub - 6)
        if s % 2 == 0:
            labels[str(hub)] = "lieutenant"
            labels.update({str(hub + k): NOT_INVOLVED for k in (1, 2)})
    g.vs["name"] = [str(i) for i in range(g.vcount())]
    g.es["weight"] = [1.0] * g.ecount()
    return g, labels


def test_rows_ranked_by_the_learned_model_and_explained() -> None:
    g, labels = _world()
    result = analyse_roles(g, top=10, seeds=1, labels=labels, roles=("kingpin", "lieutenant"))
    rows = [r for r in result["roles"] if r["role"] == "lieutenant"]
    hubs = {str(6 * s) for s in range(10)}
    assert {r["id"] for r in rows[:10]} == hubs  # the unlabelled hubs recovered too
    assert rows[0]["explanation"]["model"].startswith("logistic regression")
    assert {"name", "weight", "contribution"} <= set(rows[0]["explanation"]["features"][0])
    assert result["learning"]["validation"]["lieutenant"]["auc"] >= 0.9
    assert "kingpin" not in result["learning"]["validation"]  # no kingpin labels: the rule stays


def test_held_out_recovers_a_role_from_a_fifth_of_the_labels() -> None:
    import numpy as np

    from offensief.network.evaluation import held_out

    rng = np.random.default_rng(1)
    features = {"degree": rng.random(300), "cash": rng.random(300)}
    labels = ["money_mule" if c > 0.85 else "not_involved" for c in features["cash"]]
    result = held_out(features, labels, share=0.2, draws=3)
    assert result["money_mule"]["draws"] == 3 and result["money_mule"]["auc"] > 0.9
    assert result["money_mule"]["true"] == labels.count("money_mule")
