"""Multiplex network files: a relation column, several files as layers, edge lists without a
header; and the look-alikes that must read as before (plain files, Gephi's direction column,
small adjacency matrices, node lists)."""

from __future__ import annotations

import csv
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from offensief.cli.network import app
from offensief.model.errors import InputError
from offensief.network import io as netio
from offensief.network.graph import DEFAULT_WEIGHTS, OTHER_WEIGHT, tie_strength
from offensief.network.io import read_network
from offensief.network.layers import layer_kinds, read_layers
from offensief.network.relations import kind_from_name, relation_kind
from offensief.network.roles import analyse_roles
from tests.network.caviar import AGGREGATE, CAVIAR

runner = CliRunner()
NOORDIN = CAVIAR.parent / "noordin_top"
#: The Noordin Top layers as the roles test types them (tests/network/test_roles.py).
NOORDIN_KINDS = {"COMMUNICATIONS": "call", "MEETINGS": "meeting", "OPERATIONS": "associate", "LOGISTICS": "associate"}
LEADERS = {"Noordin Mohammed Top", "Azhari Husin"}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _tie(graph, a: str, b: str):
    return graph.es[graph.get_eid(graph.vs.find(name=a).index, graph.vs.find(name=b).index)]


def _kingpins(rows: list[dict]) -> list[str]:
    return [r["id"] for r in sorted((r for r in rows if r["role"] == "kingpin"), key=lambda r: r["rank"])]


# --- vocabulary ---------------------------------------------------------------------------

@pytest.mark.parametrize(("word", "kind"), [
    ("meeting", "meeting"), ("Meetings", "meeting"), ("ONTMOETINGEN", "meeting"), ("bijeenkomst", "meeting"),
    ("vergadering", "meeting"), ("calls", "call"), ("Phone call", "call"), ("telefoon", "call"),
    ("gesprekken", "call"), ("communications", "call"), ("SMS", "message"), ("berichten", "message"),
    ("familie", "family"), ("kinship", "family"), ("co-offending", "associate"), ("operations", "associate"),
    ("logistics", "associate"), ("payment", "payment"), ("shared_phone", "shared_phone"), ("bellen", "call"),
    ("appjes", "message"), ("Samenkomsten", "meeting"),
])
def test_vocabulary_maps_english_and_dutch_words(word: str, kind: str) -> None:
    assert relation_kind(word) == kind


def test_file_names_name_one_kind_or_none() -> None:
    assert kind_from_name("derived_NOORDINTOP_MEETINGS_edges.csv") == "meeting"
    assert kind_from_name("data/mafia_phone_calls.tsv") == "call"
    assert kind_from_name("Telefoongesprekken.csv") == "call"
    # look-alikes: time slices and files naming two kinds give no kind
    assert kind_from_name("phase4.csv") is None
    assert kind_from_name("calls_and_meetings.csv") is None
    assert relation_kind("smuggling") is None


# --- a relation column ----------------------------------------------------------------------

def test_relation_column_gives_typed_counts_and_the_projection_weight(tmp_path: Path) -> None:
    f = _write(tmp_path / "mafia.csv", "source,target,type,weight\n"
               "boss,lt,Ontmoeting,2\nlt,boss,meetings,1\nboss,lt,telefoon,1\nlt,soldier,call,4\n"
               "soldier,courier,smuggling,1\n")
    g = read_network(f)
    assert not g.is_directed() and g.vs["name"] == ["boss", "lt", "soldier", "courier"]
    assert _tie(g, "boss", "lt")["types"] == {"meeting": 3, "call": 1}
    assert _tie(g, "boss", "lt")["weight"] == pytest.approx(tie_strength(DEFAULT_WEIGHTS, {"meeting": 3, "call": 1}))
    assert _tie(g, "lt", "soldier")["weight"] == pytest.approx(DEFAULT_WEIGHTS["call"] * (1 + 1.3862943611198906))
    # a value outside the vocabulary keeps its name, weighs as an unknown link, and is reported
    assert _tie(g, "soldier", "courier")["types"] == {"smuggling": 1}
    assert _tie(g, "soldier", "courier")["weight"] == OTHER_WEIGHT
    assert g["relations"] == [{"file": str(f), "kind_from": "column type",
                               "rows": {"meeting": 2, "call": 2, "smuggling": 1}, "unknown": {"smuggling": 1}}]


def test_dutch_relation_column_and_relation_weights(tmp_path: Path) -> None:
    f = _write(tmp_path / "zaak.csv", "van,naar,soort\nA,B,bericht\nA,B,SMS\nB,C,familie\n")
    g = read_network(f, relation_weights={"family": 2.0})
    assert _tie(g, "A", "B")["types"] == {"message": 2}
    assert _tie(g, "B", "C")["weight"] == 2.0


def test_gephi_direction_column_is_not_a_relation(tmp_path: Path) -> None:
    """Gephi's edge table has Type = Directed/Undirected: the file reads as a plain edge list."""
    typed = _write(tmp_path / "gephi.csv", "Source,Target,Type,Weight\na,b,Undirected,2\nb,c,Undirected,1\n")
    plain = _write(tmp_path / "plain.csv", "source,target,weight\na,b,2\nb,c,1\n")
    g, h = read_network(typed), read_network(plain)
    assert "types" not in g.es.attributes() and "relations" not in g.attributes()
    assert (g.vs["name"], g.get_edgelist(), g.es["weight"]) == (h.vs["name"], h.get_edgelist(), h.es["weight"])


def test_bad_relation_cells_name_file_line_field(tmp_path: Path) -> None:
    f = _write(tmp_path / "e.csv", "source,target,relation\na,b,call\nb,c,\n")
    with pytest.raises(InputError) as err:
        read_network(f)
    assert (err.value.file, err.value.line, err.value.field) == (str(f), 3, "relation")
    f = _write(tmp_path / "n.csv", "source,target,type,weight\na,b,call,2\nb,c,call,-1\n")
    with pytest.raises(InputError, match="negative") as err:
        read_network(f)
    assert (err.value.line, err.value.field) == (3, "weight")


# --- edge lists without a header -------------------------------------------------------------

def test_headerless_comma_edge_list_reads_on_the_fast_path(tmp_path: Path) -> None:
    f = _write(tmp_path / "e.csv", "b,a,2\na,c,1\na,b,3\nc,d,0.5\n")
    g = read_network(f)
    assert g.vs["name"] == ["b", "a", "c", "d"] and g.es["weight"] == [5.0, 1.0, 0.5]
    columns = netio._columns(["b", "a", "2"], file=str(f), line=1, explicit=False)
    fast = netio._edgelist_fast(f, directed=False, columns=columns)
    careful = netio._edgelist(netio._csv_rows(f), file=str(f), directed=False, columns=columns)
    assert fast is not None
    assert (fast.vs["name"], fast.get_edgelist(), fast.es["weight"]) == (
        careful.vs["name"], careful.get_edgelist(), careful.es["weight"])


def test_headerless_whitespace_and_tab_edge_lists(tmp_path: Path) -> None:
    spaced = _write(tmp_path / "net.edges", '1 2 3\n2   3 1\n"Jan Smit" 1 2\n')
    g = read_network(spaced)
    assert g.vs["name"] == ["1", "2", "3", "Jan Smit"] and g.es["weight"] == [3.0, 1.0, 2.0]
    tabbed = _write(tmp_path / "net.tsv", "Noordin Top\tAzhari Husin\nAzhari Husin\tDul Matin\n")
    g = read_network(tabbed)
    assert g.vs["name"] == ["Noordin Top", "Azhari Husin", "Dul Matin"] and g.es["weight"] == [1.0, 1.0]


@pytest.mark.parametrize(("text", "on_fast_path"), [
    ("a b 2\nb c 1\na b 1\n", True), ('"Jan Smit" b 2\nb c 1\n', True), ("a  b 2\nb c 1\na b 1\n", False),
    ("a b 2\nb\tc 1\na b 1\n", False), (" a b 2\nb c 1\n", False)])
def test_space_separated_fast_and_careful_paths_agree(tmp_path: Path, text: str, on_fast_path: bool) -> None:
    """Single spaces take the fast path; repeated, leading spaces and tabs the careful one."""
    f = _write(tmp_path / "e.txt", text)
    columns = netio._columns(netio._csv_rows(f, limit=1, delimiter=" ")[0][1], file=str(f), line=1, explicit=False)
    careful = netio._edgelist(netio._csv_rows(f, delimiter=" "), file=str(f), directed=False, columns=columns)
    fast = netio._edgelist_fast(f, directed=False, columns=columns, delimiter=" ")
    g = read_network(f)
    assert (g.vs["name"], g.get_edgelist(), g.es["weight"]) == (
        careful.vs["name"], careful.get_edgelist(), careful.es["weight"])
    if fast is not None:
        assert (fast.vs["name"], fast.get_edgelist(), fast.es["weight"]) == (
            careful.vs["name"], careful.get_edgelist(), careful.es["weight"])
    assert (fast is not None) == on_fast_path


def test_headerless_edge_list_with_relation_words(tmp_path: Path) -> None:
    f = _write(tmp_path / "e.txt", "a b meeting\nb a call\nb c calls\n")
    g = read_network(f)
    assert _tie(g, "a", "b")["types"] == {"meeting": 1, "call": 1} and _tie(g, "b", "c")["types"] == {"call": 1}


def test_headerless_bad_cells_name_file_line_field(tmp_path: Path) -> None:
    f = _write(tmp_path / "e.csv", "a,b,1\nb,c,lots\n")
    with pytest.raises(InputError) as err:
        read_network(f)
    assert (err.value.file, err.value.line, err.value.field) == (str(f), 2, "weight")
    f = _write(tmp_path / "w.txt", "a b 1\nJan Smit c 2\n")  # an unquoted label with a space
    with pytest.raises(InputError, match="4 cells, expected 3") as err:
        read_network(f)
    assert err.value.line == 2


def test_small_adjacency_matrices_stay_matrices(tmp_path: Path) -> None:
    """Look-alikes of a headerless edge list of 2–3 columns: a matrix of two nodes, with an empty
    or a named corner cell, still reads as a matrix."""
    for text in (",a,b\na,0,2\nb,1,0\n", "ID,a,b\nb,1,0\na,0,2\n"):
        g = read_network(_write(tmp_path / "m.csv", text))
        assert g.is_directed() and g.vs["name"] == ["a", "b"] and sorted(g.es["weight"]) == [1.0, 2.0]


def test_a_matrix_without_its_corner_cell_is_refused_not_misread(tmp_path: Path) -> None:
    """R's write.table writes a matrix's header without the corner cell: refused with a line,
    never read as an edge list with a header of its own words."""
    f = _write(tmp_path / "m.txt", '"a" "b" "c"\n"a" 0 1 0\n"b" 1 0 1\n"c" 0 1 0\n')
    with pytest.raises(InputError, match="4 cells, expected 3") as err:
        read_network(f)
    assert err.value.line == 2
    own = read_network(_write(tmp_path / "own.csv", "actor1,actor2,strength\na,b,2\n"))
    assert own.vs["name"] == ["a", "b"] and own.es["weight"] == [1.0]  # own words: a header, no weight column


def test_node_lists_and_value_tables_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="node list"):
        read_network(_write(tmp_path / "nodes.csv", "igraph_index,name\n0,A\n1,B\n"))
    with pytest.raises(InputError, match="number with a name"):
        read_network(_write(tmp_path / "g.csv", "n,110.0\nm,295.0\n"))


def test_explicit_edgelist_format_keeps_a_two_word_header(tmp_path: Path) -> None:
    f = _write(tmp_path / "e.csv", "x,y\na,b\n")
    assert read_network(f, fmt="edgelist").vs["name"] == ["a", "b"]
    wide = _write(tmp_path / "w.csv", "person_a,person_b,date,place\na,b,2024-01-02,Utrecht\n")
    assert read_network(wide, fmt="edgelist").vs["name"] == ["a", "b"]
    assert read_network(f).vs["name"] == ["x", "y", "a", "b"]  # guessed: no header names, two labels


# --- several files as layers ------------------------------------------------------------------

def test_layers_join_on_labels_and_sum_directions(tmp_path: Path) -> None:
    meetings = _write(tmp_path / "meetings.csv", "source,target\nboss,lt\n")
    calls = _write(tmp_path / "taps.csv", ",boss,lt,x\nboss,0,3,0\nlt,2,0,1\nx,0,0,0\n")  # directed matrix
    g = read_layers([meetings, calls])
    assert not g.is_directed() and g.vs["name"] == ["boss", "lt", "x"]
    assert _tie(g, "boss", "lt")["types"] == {"meeting": 1, "call": 5}
    assert [r["kind_from"] for r in g["relations"]] == ["file name", "file name"]
    named = read_layers([meetings, calls], kinds=layer_kinds(["taps.csv=sms"], [meetings, calls]))
    assert _tie(named, "boss", "lt")["types"] == {"meeting": 1, "message": 5}


def test_layer_kind_errors_name_the_file(tmp_path: Path) -> None:
    meetings = _write(tmp_path / "meetings.csv", "source,target\na,b\n")
    phase = _write(tmp_path / "phase1.csv", "source,target\na,b\n")
    typed = _write(tmp_path / "typed.csv", "source,target,type\na,b,call\n")
    with pytest.raises(InputError) as err:
        read_layers([meetings, phase])
    assert err.value.file == str(phase) and "--layer-kind phase1.csv=KIND" in str(err.value)
    with pytest.raises(InputError, match="relation column of its own"):
        read_layers([meetings, typed], kinds={typed: "call"})
    with pytest.raises(InputError, match="names none"):
        layer_kinds(["other.csv=call"], [meetings])
    with pytest.raises(InputError, match="FILE=KIND"):
        layer_kinds(["meeting"], [meetings])


# --- the CLI on real networks ----------------------------------------------------------------

def _noordin_typed(tmp_path: Path) -> Path:
    """The four Noordin Top layers in one file with a relation column, in the layers' words."""
    out = tmp_path / "noordin_typed.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["source", "target", "relation", "weight"])
        for layer in NOORDIN_KINDS:
            with (NOORDIN / f"derived_NOORDINTOP_{layer}_edges.csv").open(encoding="utf-8") as src:
                for row in csv.DictReader(src):
                    writer.writerow([row["source"], row["target"], layer.lower(), row["weight"] or 1])
    return out


def test_noordin_top_multiplex_file_through_the_cli(tmp_path: Path) -> None:
    """Morselli's leaders meet in person: with the layers typed in a relation column, the two
    leaders come first and the meeting features explain the score."""
    out = tmp_path / "roles.json"
    result = runner.invoke(app, ["roles", str(_noordin_typed(tmp_path)), "--top", "5", "--json", str(out)])
    assert result.exit_code == 0, result.output
    rows = orjson.loads(out.read_bytes())
    assert set(_kingpins(rows)[:2]) == LEADERS
    features = {f["name"] for r in rows if r["role"] == "kingpin" for f in r["explanation"]["features"]}
    assert {"meetings", "meeting_share"} <= features


def test_noordin_top_layer_files_through_the_cli(tmp_path: Path) -> None:
    files = [str(NOORDIN / f"derived_NOORDINTOP_{layer}_edges.csv") for layer in NOORDIN_KINDS]
    out = tmp_path / "roles.json"
    result = runner.invoke(app, ["roles", *files, "--top", "5", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert set(_kingpins(orjson.loads(out.read_bytes()))[:2]) == LEADERS
    assert "relation kinds (file name): meeting 63" in result.output
    # the same as the typed file: one meaning, two representations
    typed = read_network(_noordin_typed(tmp_path))
    layered = read_layers(files)
    assert sorted(typed.vs["name"]) == sorted(layered.vs["name"]) and typed.ecount() == layered.ecount()
    assert sorted(typed.es["weight"]) == pytest.approx(sorted(layered.es["weight"]))


def test_metrics_json_reports_the_relations_and_unknown_kinds(tmp_path: Path) -> None:
    f = _write(tmp_path / "e.csv", "source,target,type\na,b,call\nb,c,smuggling\nc,a,meeting\n")
    out = tmp_path / "m.json"
    result = runner.invoke(app, ["metrics", str(f), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert orjson.loads(out.read_bytes())["relations"][0]["unknown"] == {"smuggling": 1}
    assert "'smuggling' (1 rows) is not a known relation kind" in result.output


def test_analyze_and_timeslices_report_unknown_kinds_too(tmp_path: Path) -> None:
    """Several files are time slices for analyze and timeslices; a typed slice says its kinds."""
    one = _write(tmp_path / "p1.csv", "source,target,type\na,b,call\nb,c,smuggling\nc,a,meeting\n")
    two = _write(tmp_path / "p2.csv", "source,target\na,b\nb,c\n")
    out = tmp_path / "a.json"
    result = runner.invoke(app, ["analyze", str(one), str(two), "--seeds", "1", "--json", str(out)])
    assert result.exit_code == 0, result.output
    networks = orjson.loads(out.read_bytes())["networks"]
    assert networks[0]["relations"][0]["unknown"] == {"smuggling": 1} and "relations" not in networks[1]
    assert "'smuggling' (1 rows) is not a known relation kind" in result.output
    result = runner.invoke(app, ["timeslices", str(one), str(two), "--json", str(tmp_path / "t.json")])
    assert result.exit_code == 0 and "'smuggling' (1 rows)" in result.output


def test_plain_file_gives_the_same_rows_as_before(tmp_path: Path) -> None:
    """One plain file: the graph and the rows of the old code path (read_network + analyse_roles),
    no relation report, no new JSON key."""
    out = tmp_path / "roles.json"
    result = runner.invoke(app, ["roles", str(AGGREGATE), "--top", "10", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "relation kinds" not in result.output
    g = read_network(AGGREGATE)
    assert "types" not in g.es.attributes()
    expected = orjson.loads(orjson.dumps(analyse_roles(g, top=10, seeds=5)["roles"],
                                         option=orjson.OPT_NON_STR_KEYS, default=str))
    assert orjson.loads(out.read_bytes()) == expected
    out = tmp_path / "c.json"
    runner.invoke(app, ["communities", str(AGGREGATE), "--json", str(out), "--seeds", "2"])
    assert "relations" not in orjson.loads(out.read_bytes())


def test_several_time_slices_to_roles_is_a_clear_error() -> None:
    result = runner.invoke(app, ["roles", str(CAVIAR / "phases_mitx" / "phase1.csv"),
                                 str(CAVIAR / "phases_mitx" / "phase2.csv")])
    assert isinstance(result.exception, InputError)  # the app prints it as one line, exit 2
    assert result.exception.file.endswith("phase1.csv") and "--layer-kind" in str(result.exception)
