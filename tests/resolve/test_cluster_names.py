"""A cluster knows its person by every name its records give (issue 13 item 5): the
register's formal name ("Petronella", "P.") beside the call name a bank or the police wrote
down ("Nel"). A telecom or UBO record with either form fits the person; compared record by
record, "P." contradicted "Nel" and such records stayed apart. Look-alikes — initials the
registers' full initials contradict, another person's initial that a call name could stand
for — must stay apart. Also the tax office's "Leeuwen, T.J. van": the initial T is not the
particle 't."""

from __future__ import annotations

import pytest

from offensief.resolve import names
from offensief.resolve.clusters import cluster, names_fit
from offensief.resolve.identity import identity
from offensief.resolve.records import _person


def who(name: str, birth: str | None = None) -> object:
    row = _person({"name": name})
    return identity(row["first_name"], row["first_alias"], row["first_skeleton"], birth,
                    row["initials"], row["generation"])


#: Petronella Hendriks, 1966, as the registers and her bank know her: one cluster, joined by
#: the identical birth date (another given name beside an identical date is tolerated).
PETRONELLA = {"brp": who("Petronella Hendriks", "1966-12-13"),
              "bank": who("Nel Hendriks", "1966-12-13"),
              "rdw": who("P. Hendriks", "1966-12-13")}
EDGES = [("brp", "bank", 0.999), ("brp", "rdw", 0.999), ("bank", "rdw", 0.999)]


def _cluster(extra: dict[str, object], edges: list[tuple[str, str, float]]) -> list[list[str]]:
    ids = {**PETRONELLA, **extra}
    found = cluster(EDGES + edges, {k: k for k in ids}, threshold=0.9, identities=ids)
    return sorted(found.members.values())


@pytest.mark.parametrize("name", ["P. Hendriks", "Nel Hendriks", "Petronella Hendriks"])
def test_a_dateless_record_with_either_name_joins_the_person(name: str) -> None:
    """The telecom subscriber 'P. Hendriks' contradicts the bank's 'Nel' record by record,
    'Nel Hendriks' the register's 'Petronella'; both are this person's names."""
    assert _cluster({"tel": who(name)}, [("tel", "bank", 0.98), ("tel", "rdw", 0.98)]) == \
        [["bank", "brp", "rdw", "tel"]]


def test_a_ubo_record_with_the_formal_name_joins_the_call_name() -> None:
    ubo = identity("petronella", "petronella", "ptrnl", "1966-12", "p")
    assert _cluster({"ubo": ubo}, [("ubo", "bank", 0.99)]) == [["bank", "brp", "rdw", "ubo"]]


def test_an_initial_the_call_name_could_stand_for_stays_apart() -> None:
    """'C. Hendriks': 'Nel' may be short for Cornelia, but this person is Petronella; the
    register's 'P.' says so. Before and after: apart."""
    assert _cluster({"tel": who("C. Hendriks")}, [("tel", "bank", 0.98)]) == \
        [["bank", "brp", "rdw"], ["tel"]]


def test_another_written_name_stays_apart() -> None:
    assert _cluster({"tel": who("Cornelia Hendriks")}, [("tel", "bank", 0.98)]) == \
        [["bank", "brp", "rdw"], ["tel"]]


def test_initials_the_registers_contradict_do_not_fit() -> None:
    """Luuk Mulder is 'L.B.J.' at the Kadaster; 'L.N. Mulder' (Lisa, his housemate) fits the
    'L' of his call name but not his initials, so it is not his name."""
    luuk = [who("Luuk Mulder", "1972-11-27"), who("L.B.J. Mulder", "1972-11-27")]
    assert names_fit([who("L.N. Mulder")], luuk) == set()
    assert names_fit([who("L.B. Mulder"), who("L. Mulder")], luuk) == {who("L.B. Mulder"), who("L. Mulder")}
    # and the clustering: Lisa's subscription stays apart from Luuk
    ids = {"brp": luuk[0], "kad": luuk[1], "tel": who("L.N. Mulder")}
    found = cluster([("brp", "kad", 0.999), ("tel", "brp", 0.99), ("tel", "kad", 0.99)],
                    {k: k for k in ids}, threshold=0.9, identities=ids)
    assert sorted(found.members.values()) == [["brp", "kad"], ["tel"]]


def test_two_namesakes_still_make_a_weak_record_ambiguous() -> None:
    """Mother and daughter both registered 'Petronella', the mother known as 'Nel' at her
    bank: a dateless 'P. Hendriks' fits both and joins neither."""
    daughter = {"brp2": who("Petronella Hendriks", "1995-04-02"), "bank2": who("P. Hendriks", "1995-04-02")}
    assert _cluster({**daughter, "tel": who("P. Hendriks")},
                    [("brp2", "bank2", 0.999), ("tel", "rdw", 0.98), ("tel", "bank2", 0.98)]) == \
        [["bank", "brp", "rdw"], ["bank2", "brp2"], ["tel"]]


@pytest.mark.parametrize(("raw", "given", "surname"), [
    ("Leeuwen, T.J. van", ("t", "j"), "van leeuwen"),     # the tax office's form
    ("Berg, D. van der", ("d",), "van der berg"),
    ("Heuvel, L. van den", ("l",), "van den heuvel"),
    ("Berg, van der Jan", ("jan",), "van der berg"),      # particles before the given name
    ("Hof, van 't Jan", ("jan",), "van t hof"),           # 't after a written-out particle
    ("Hof, J. van 't", ("j",), "van t hof"),
    ("Dam, Emma Linda Iris van", ("emma", "linda", "iris"), "van dam"),
])
def test_an_initial_is_not_a_particle(raw: str, given: tuple[str, ...], surname: str) -> None:
    assert names.given_names(raw) == given
    assert names.split_name(raw) == (given[0], surname)
