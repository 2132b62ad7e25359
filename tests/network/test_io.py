"""Plain network files: CAVIAR adjacency matrices, edge lists, GraphML, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from offensief.model.errors import InputError
from offensief.network import io as netio
from offensief.network.io import read_network

CAVIAR = Path("/work/shared/data/networks/caviar")
PHASE_NODES = [15, 24, 33, 33, 32, 27, 36, 42, 34, 42, 41]


def test_caviar_aggregate_is_directed_110_nodes_295_arcs() -> None:
    g = read_network(CAVIAR / "aggregate" / "morselli_caviar.csv")
    assert (g.vcount(), g.ecount(), g.is_directed()) == (110, 295, True)
    assert g.vs["name"][:4] == ["1", "2", "83", "3"]  # file order, BOM stripped
    one, two = g.vs.find(name="1").index, g.vs.find(name="2").index
    assert g.es[g.get_eid(one, two)]["weight"] == 52.0


@pytest.mark.parametrize("phase", range(1, 12))
def test_caviar_phases(phase: int) -> None:
    g = read_network(CAVIAR / "phases_mitx" / f"phase{phase}.csv")
    assert g.vcount() == PHASE_NODES[phase - 1]
    assert g.is_directed()
    assert all(w > 0 for w in g.es["weight"])


def test_old_mac_line_endings_and_undirected(tmp_path: Path) -> None:
    f = tmp_path / "m.csv"
    f.write_bytes('\ufeff"",a,b,c\r a,0,2,0\r b,2,0,1\r c,0,1,0\r'.encode().replace(b"\r ", b"\r"))
    g = read_network(f)
    assert not g.is_directed() and g.ecount() == 2 and g.vs["name"] == ["a", "b", "c"]
    assert sorted(g.es["weight"]) == [1.0, 2.0]


def test_non_numeric_cell_names_file_line_field(tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text('"",a,b\na,0,x\nb,1,0\n')
    with pytest.raises(InputError) as err:
        read_network(f)
    assert err.value.line == 2 and err.value.field == "b" and err.value.file == str(f)


def test_duplicate_label_is_reported() -> None:
    with pytest.raises(InputError, match="duplicate"):
        read_network(CAVIAR / "published_results_anastasiadis2024" / "ucinet_raw_phases" / "CAVIAR7.csv")


def test_edgelist_and_graphml_round_trip(tmp_path: Path) -> None:
    g = read_network(Path("/work/shared/data/networks/siren_autotheft/derived_SIREN_edges.csv"))
    assert not g.is_directed() and g.ecount() > 0
    out = tmp_path / "g.graphml"
    g.write_graphml(str(out))
    back = read_network(out)
    assert back.vs["name"] == g.vs["name"] and back.ecount() == g.ecount()
    directed = read_network(Path("/work/shared/data/networks/siren_autotheft/derived_SIREN_edges.csv"), directed=True)
    assert directed.is_directed()


def test_edgelist_bad_weight(tmp_path: Path) -> None:
    f = tmp_path / "e.csv"
    f.write_text("source,target,weight\na,b,1\nb,c,lots\n")
    with pytest.raises(InputError) as err:
        read_network(f)
    assert err.value.line == 3 and err.value.field == "weight"


def test_fast_and_careful_edge_list_paths_agree(tmp_path: Path) -> None:
    f = tmp_path / "e.csv"
    f.write_text("source,target,weight\nb,a,2\na,c,1\na,b,3\nc,d,0.5\n01,1,1\n")
    for directed in (False, True):
        fast = netio._edgelist_fast(f, directed=directed)
        careful = netio._edgelist(netio._csv_rows(f), file=str(f), directed=directed)
        assert fast is not None
        assert fast.vs["name"] == careful.vs["name"] == ["b", "a", "c", "d", "01", "1"]
        assert fast.get_edgelist() == careful.get_edgelist()
        assert fast.es["weight"] == careful.es["weight"]
    assert read_network(f).es["weight"] == [5.0, 1.0, 0.5, 1.0]
