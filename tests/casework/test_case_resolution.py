"""Entity resolution scoped to a case (offensief.resolve.scoped): a case's canonical ids come
from the stored pairs re-clustered within the records of the case's datasets, so a record of
a dataset the case does not hold never decides who is who inside it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from offensief.casework.disclosure import Disclosure
from offensief.casework.pipeline import compute_case
from offensief.cli.app import app
from offensief.resolve import scoped
from offensief.resolve.canonical import load_mapping
from offensief.resolve.resolution import Judged
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.casework.case_resolution import person, police_world, resolved, score
from tests.casework.helpers import CASE, add_case, as_user
from tests.casework.test_derived_basis import viewer


def test_records_joined_only_through_an_outside_record_stay_apart_in_the_case(tmp_path: Path) -> None:
    store = police_world(tmp_path)
    workspace = load_mapping(store)
    assert workspace["a1"] == workspace["a2"] == workspace["brp-1"]  # brp-1 joins them
    case = scoped.mapping(store, ["politie"])
    assert case["a1"] != case["a2"]
    # the larger (here: first) part of the workspace cluster keeps its id, the other is itself
    assert case["a1"] == workspace["a1"] and case["a2"] == "a2"
    # with the register in the case they are one person again, under the workspace id
    both = scoped.mapping(store, ["politie", "brp"])
    assert both["a1"] == both["a2"] == both["brp-1"] == workspace["a1"]


def test_records_linked_within_the_case_merge_under_the_workspace_id(tmp_path: Path) -> None:
    data = {"politie": [person("p1", "Jan Jansen", "1980-01-01"), person("p2", "Piet Bakker", "1970-02-02"),
                        person("p3", "P. Bakker", "1970-02-02")],
            "bank": [person("b1", "J. Jansen", "1980-01-01"), person("b2", "Piet Bakker", "1970-02-02")],
            "brp": [person("r1", "Jan Jansen", "1980-01-01"), person("r2", "Piet Bakker", "1970-02-02")]}
    # p1-b1 direct and the register's r1 with them; p2-p3 direct, b2 only through r2
    store = resolved(tmp_path, data, [("p1", "b1", 0.99), ("p1", "r1", 0.97), ("p2", "p3", 0.98),
                                      ("p2", "r2", 0.99), ("b2", "r2", 0.96)])
    workspace = load_mapping(store)
    assert workspace["p2"] == workspace["b2"]  # the register joins Bakker's bank record
    case = scoped.mapping(store, ["politie", "bank"])
    assert case["p1"] == case["b1"] == workspace["p1"]  # the workspace cluster less r1
    assert case["p2"] == case["p3"] == workspace["p2"]  # the larger part keeps the id
    assert case["b2"] == "b2"


def test_a_split_into_two_groups_gives_the_smaller_one_a_derived_id(tmp_path: Path) -> None:
    surnames = ["Jansen", "Bakker", "Visser", "Smit", "Mulder"]  # one given name and birth date:
    data = {"politie": [person(f"p{i}", f"Jan {n}", "1980-01-01")  # no identity conflict
                        for i, n in enumerate(surnames, start=1)],
            "brp": [person("r1", "Jan de Boer", "1980-01-01")]}
    store = resolved(tmp_path, data, [("p1", "p2", 0.99), ("p2", "p3", 0.99), ("p4", "p5", 0.99),
                                      ("p3", "r1", 0.95), ("p4", "r1", 0.95)])
    workspace = load_mapping(store)
    assert len({workspace[f"p{i}"] for i in range(1, 6)}) == 1
    case = scoped.mapping(store, ["politie"])
    assert case["p1"] == case["p3"] == workspace["p1"]
    assert case["p4"] == case["p5"] not in (workspace["p1"], "p4", "p5")
    assert case["p4"].startswith("c-")
    assert scoped.mapping(store, ["politie"]) == case  # deterministic


def test_the_case_keeps_the_judgements_of_the_resolution(tmp_path: Path) -> None:
    data = {"politie": [person("p1", "Jan Jansen", "1980-01-01"), person("p2", "Jan Janssen", "1980-01-01")],
            "brp": [person("r1", "Jan de Boer", "1980-01-01")]}
    store = resolved(tmp_path, data, [("p1", "p2", 0.99)])
    assert scoped.mapping(store, ["politie"])["p1"] == scoped.mapping(store, ["politie"])["p2"]
    score(store, [("p1", "p2", 0.99)], judged=Judged(not_same=[("p1", "p2")]))
    case = scoped.mapping(store, ["politie"])
    assert case["p1"] != case["p2"]


def test_the_network_analysis_of_the_case_rests_on_its_own_datasets(tmp_path: Path) -> None:
    """Before, the register's record merged a1 and a2 in the police case too, and the police
    viewer had the whole network withheld (it rested on brp, not theirs and not the case's)."""
    store = police_world(tmp_path)
    result = compute_case(store, ["politie"], case=["politie"])
    ids = {m["id"] for m in result["members"]}
    assert {"a2"} <= ids and load_mapping(store)["a1"] in ids  # two persons, not one
    assert result["inputs"] == ["politie"]
    assert Disclosure.of(viewer(["politie"], [])).basis(result["inputs"]).disclosed


def test_a_case_holding_the_register_still_rests_on_it_for_every_viewer(tmp_path: Path) -> None:
    """The look-alike: the register is attached to the case but this viewer reads only the
    police data. The case's resolution merges a1 and a2 through brp-1, so the analysis rests
    on brp and is withheld from the police-only viewer."""
    store = police_world(tmp_path)
    result = compute_case(store, ["politie"], case=["brp", "politie"])
    merged = load_mapping(store)["a1"]
    assert merged in {m["id"] for m in result["members"]} and "a2" not in {m["id"] for m in result["members"]}
    assert result["inputs"] == ["brp", "politie"]
    assert not Disclosure.of(viewer(["politie"], [])).basis(result["inputs"]).disclosed


def test_a_new_resolution_run_or_another_dataset_set_is_another_scope(tmp_path: Path) -> None:
    store = police_world(tmp_path)
    before = scoped.ensure(store, ["politie"])
    assert before == scoped.ensure(store, ["politie"])  # cached: no second clustering
    assert scoped.ensure(store, ["politie", "brp"]) != before
    assert scoped.mapping(store, ["politie"])["a1"] != scoped.mapping(store, ["politie"])["a2"]
    score(store, [("a1", "brp-1", 0.99), ("a2", "brp-1", 0.98), ("a1", "a2", 0.95)])  # a new run
    after = scoped.ensure(store, ["politie"])
    assert after != before
    assert scoped.mapping(store, ["politie"])["a1"] == scoped.mapping(store, ["politie"])["a2"]
    stale = store.con.execute("SELECT count(*) FROM resolve_scoped WHERE scope = ?", [before]).fetchone()
    assert stale == (0,)  # the old run's scopes are gone


def test_a_police_member_of_a_police_case_sees_its_network_in_clear(tmp_path: Path) -> None:
    """A member of a case that holds only the police data, through the CLI: the register's
    record (another dataset, not attached) no longer merges a1 and a2, so the analysis rests
    on the police data alone and is shown in clear (before: withheld, every person a token)."""
    ws = Workspace.init(tmp_path / "ws")
    with Store.open(ws) as store:
        police_world(tmp_path, store=store)
    add_case(ws, users={"ana": ("politie-test", "politie", ["analyst"])}, only=["politie"])
    result = CliRunner().invoke(app, ["network", "communities", "--workspace", str(ws.root),
                                      "--case", CASE, "--json", "-"], env=as_user("ana"))
    assert result.exit_code == 0, (result.output, result.exception)
    members = {m["id"] for m in json.loads(result.stdout)["members"]}
    assert "a2" in members and len(members) == 7  # a1 (under its workspace id), a2, x1-x5
    assert not [m for m in members if m.startswith("tok_")]  # before: six tokens


def test_a_scope_is_written_inside_the_callers_transaction_too(tmp_path: Path) -> None:
    store = police_world(tmp_path)
    with store.transaction():
        scope = scoped.ensure(store, ["politie"])
    assert scope is not None and scoped.stats(store, scope)["person"]["records"] == 7
