"""Time slices: the 11 CAVIAR phases, and calendar slices of a dated entity graph."""

from __future__ import annotations

import csv
from pathlib import Path

import igraph as ig
import pytest

from offensief.model.errors import InputError
from offensief.network.timeslice import (
    analyse_slices,
    period_of,
    slices_from_files,
    slices_from_graph,
)
from tests.network.caviar import PUBLISHED, phase


def test_caviar_phases_centralisation_over_time() -> None:
    slices = slices_from_files([phase(i) for i in range(1, 12)], labels=[f"P{i}" for i in range(1, 12)])
    result = analyse_slices(slices, convention="anastasiadis2024")
    assert result["labels"][0] == "P1" and len(result["slices"]) == 11
    with open(PUBLISHED / "Metrics_Temp.csv", newline="") as fh:
        published = [float(r["Betweenness Centralization"]) for r in csv.DictReader(fh)]
    assert result["series"]["betweenness_centralisation"] == pytest.approx(published, abs=1e-3)
    assert result["slices"][0]["top"]["betweenness"][0]["id"] == "1"  # Serero brokers phase 1


def test_calendar_slices_keep_standing_ties() -> None:
    g = ig.Graph([(0, 1), (1, 2), (2, 3), (0, 3)], directed=True)
    g.vs["name"] = list("abcd")
    g.es["date"] = ["2025-01-10", "2025-02-01", "2025-05-03", ""]
    g.es["type"] = ["call", "call", "payment", "family"]
    g.es["weight"] = [1.0] * 4
    q = slices_from_graph(g, period="quarter")
    assert [label for label, _ in q] == ["2025-Q1", "2025-Q2"]
    assert q[0][1].ecount() == 3 and q[1][1].ecount() == 2  # the family tie is in both
    months = slices_from_graph(g, period="month", standing=False)
    assert [(label, s.ecount()) for label, s in months] == [("2025-01", 1), ("2025-02", 1), ("2025-05", 1)]
    assert period_of("2025-11-30", "quarter") == "2025-Q4" and period_of("", "year") is None
    with pytest.raises(InputError):
        slices_from_graph(g, period="week")


def test_label_count_must_match(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        slices_from_files([phase(1)], labels=["a", "b"])
