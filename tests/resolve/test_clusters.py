from offensief.resolve.canonical import assign, new_id
from offensief.resolve.clusters import cluster

DATASETS = {"a1": "a", "a2": "a", "b1": "b", "b2": "b", "c1": "c"}


def test_threshold_and_transitivity():
    edges = [("a1", "b1", 0.99), ("b1", "c1", 0.95), ("a2", "b2", 0.5)]
    found = cluster(edges, DATASETS, threshold=0.9)
    groups = sorted(found.members.values())
    assert ["a1", "b1", "c1"] in groups and ["a2"] in groups and ["b2"] in groups
    key = found.label_of()["a1"]
    assert found.probability[key] == 0.95


def test_one_to_one_source_keeps_the_better_pair():
    edges = [("a1", "b1", 0.99), ("a2", "b1", 0.97)]
    found = cluster(edges, DATASETS, unique_datasets={"a", "b"})
    assert ["a1", "b1"] in found.members.values()
    assert found.refused["one-to-one source"] == 1
    free = cluster(edges, DATASETS)
    assert ["a1", "a2", "b1"] in free.members.values()


def test_not_same_blocks_and_same_forces():
    edges = [("a1", "b1", 0.99), ("b1", "c1", 0.995)]
    split = cluster(edges, DATASETS, not_same=[("a1", "c1")])
    assert ["b1", "c1"] in split.members.values() and ["a1"] in split.members.values()
    forced = cluster([], DATASETS, same=[("a1", "b2"), ("b2", "c1")])
    assert ["a1", "b2", "c1"] in forced.members.values()
    assert forced.probability[forced.label_of()["a1"]] == 1.0


def test_stable_ids_follow_the_majority():
    previous = {"x1": "c-old", "x2": "c-old", "x3": "c-old", "y1": "c-y", "y2": "c-y"}
    ids = assign("person", {"k1": ["x1", "x2", "x4"], "k2": ["x3", "y1", "y2"]}, previous)
    assert ids == {"k1": "c-old", "k2": "c-y"}
    fresh = assign("person", {"k": ["q1", "q2"]}, previous)
    assert fresh["k"] == new_id("person", ["q1", "q2"], set())
    # an even split keeps the id on one side only
    halves = assign("person", {"h1": ["y1", "z"], "h2": ["y2", "w"]}, previous)
    assert sorted(halves.values()).count("c-y") == 1
