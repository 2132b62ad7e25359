"""A finding about a merged entity rests on every dataset of the records whose merge made it
(DESIGN.md §5): entity resolution read them, so a viewer who may not read one of them in
clear does not see the finding in clear — a role, a community, an alert."""

from __future__ import annotations

import json

from offensief.casework.disclosure import Disclosure
from offensief.casework.finance import (
    compute_alerts,
    compute_assets,
    compute_trace,
    shown_alerts,
    shown_assets,
)
from offensief.casework.pipeline import compute_case
from offensief.resolve.canonical import ensure_tables
from offensief.store.duckstore import Store
from tests.casework.test_derived_basis import viewer
from tests.finance.helpers import Ledger, add_statements, fired


def cluster(store: Store, canonical_id: str, members: list[str], schema: str = "Person") -> None:
    """What ``offensief resolve`` writes for one cluster (without a run: a case reads these
    workspace clusters as they are, offensief.resolve.scoped)."""
    ensure_tables(store.con)
    store.con.executemany("INSERT INTO canonical VALUES (?, ?, 'person', ?, 0.99, 'run-1')",
                          [(m, canonical_id, schema) for m in members])


def network(store: Store) -> None:
    """Dataset ``politie``: a star of calls around two records of one person (a1, a2); dataset
    ``brp``: the record through which resolution joined them."""
    people = ["a1", "a2", "x1", "x2", "x3", "x4", "x5"]
    add_statements(store, [(p, "Person", "name", f"Persoon {p}") for p in people], dataset="politie")
    calls = [("a1", "x1"), ("a1", "x2"), ("a2", "x3"), ("a2", "x4"), ("x4", "x5"), ("x1", "x2"),
             ("x3", "x5")]
    add_statements(store, [row for k, (s, t) in enumerate(calls)
                           for row in ((f"call{k}", "Call", "caller", s), (f"call{k}", "Call", "receiver", t),
                                       (f"call{k}", "Call", "date", f"2025-01-0{k + 1}"))],
                   dataset="politie")
    add_statements(store, [("brp-1", "Person", "name", "Persoon A"), ("brp-1", "Person", "birthDate", "1980-01-01")],
                   dataset="brp")
    cluster(store, "c-a", ["a1", "a2", "brp-1"])


def test_a_role_on_a_merged_person_rests_on_the_datasets_of_the_merge() -> None:
    store = Store.memory()
    network(store)
    # an analysis of the police data alone in a case that also holds the register (brp): the
    # case's resolution may merge through brp-1 (a case without brp keeps a1 and a2 apart and
    # its analysis rests on politie alone: tests/casework/test_case_resolution.py)
    result = compute_case(store, ["politie"], case=["brp", "politie"])
    assert "c-a" in {m["id"] for m in result["members"]}  # a1 and a2 are one person in it
    assert result["inputs"] == ["brp", "politie"]
    only_police = Disclosure.of(viewer(["politie"], []))
    assert not only_police.basis(result["inputs"]).disclosed  # the municipal record is not theirs
    assert Disclosure.of(viewer(["politie", "brp"], [])).basis(result["inputs"]).disclosed


def test_an_analysis_without_merged_records_rests_on_its_own_datasets() -> None:
    store = Store.memory()
    network(store)
    store.con.execute("DELETE FROM canonical WHERE entity_id = 'a2'")  # a1 alone with brp-1
    assert compute_case(store, ["politie"])["inputs"] == ["politie"]


def test_an_alert_on_a_merged_holder_rests_on_the_datasets_of_the_merge() -> None:
    ledger = Ledger()
    planted = [ledger.pay(f"S{i}", "B", 3000 + 25 * i, at=7 * i) for i in range(7)]
    store = ledger.store()  # payments of dataset "bank", received by P-B on account B
    add_statements(store, [("B", "BankAccount", "iban", "NL02ABNA0123456789")], dataset="bank")
    add_statements(store, [("brp-1", "Person", "name", "Jan Jansen")], dataset="brp")
    add_statements(store, [("kvk-1", "Person", "name", "J. Jansen")], dataset="kvk")
    cluster(store, "c-jan", ["P-B", "brp-1", "kvk-1"])
    alerts = fired(compute_alerts(store, ["bank", "brp"]), "fan_in")
    assert len(alerts) == 1 and set(alerts[0]["transaction_ids"]) == set(planted)
    assert "c-jan" in alerts[0]["entity_ids"]
    assert alerts[0]["inputs"] == ["bank", "brp", "kvk"]
    shown = shown_alerts(viewer(["bank"], ["brp"]), alerts)[0]
    assert not shown["inputs"]["disclosed"] and shown["amount"] is None and not shown["transaction_ids"]
    assert "Jan Jansen" not in json.dumps(shown)


def test_an_owner_found_through_a_merged_person_rests_on_the_datasets_of_the_merge() -> None:
    store = Store.memory()
    add_statements(store, [("car", "Vehicle", "registrationNumber", "XX-123-Y"), ("car", "Vehicle", "amountEur", "40000"),
                           ("own-1", "Ownership", "asset", "car"), ("own-1", "Ownership", "owner", "p1")],
                   dataset="rdw")
    add_statements(store, [("p1", "Person", "name", "Jan Jansen")], dataset="rdw")
    add_statements(store, [("p2", "Person", "name", "Jan Jansen"), ("p2", "Person", "birthDate", "1980-01-01")],
                   dataset="politie")
    add_statements(store, [("z1", "Person", "name", "J. Jansen")], dataset="fiod")
    cluster(store, "c-jan", ["p1", "p2", "z1"])
    found = {a["asset_id"]: a for a in compute_assets(store, ["politie", "rdw"])}
    car = found["car"]
    assert car["beneficial_owner"] == "c-jan"
    assert car["inputs"] == ["fiod", "politie", "rdw"]
    shown = shown_assets(viewer(["politie", "rdw"], []), [car])
    assert shown["withheld"] == 1 and "Jan Jansen" not in json.dumps(shown) and "40000" not in json.dumps(shown)


def test_a_trace_from_a_merged_person_rests_on_the_datasets_of_the_merge() -> None:
    ledger = Ledger()
    ledger.pay("ACC-A", "ACC-X", 5000, at=0, payer="P-A", beneficiary="X")
    ledger.pay("ACC-B", "ACC-X", 7000, at=1, payer="P-B", beneficiary="X")
    ledger.pay("ACC-X", "ACC-Y", 11000, at=2, payer="X", beneficiary="Y")
    store = ledger.store()
    add_statements(store, [("brp-1", "Person", "name", "Jan Jansen")], dataset="brp")
    cluster(store, "c-jan", ["P-A", "P-B", "brp-1"])
    result = compute_trace(store, ["bank"], start="c-jan", direction="forward", method="pro-rata")
    assert result["traced"] == 12000  # both records' payments: the merge made them one payer
    assert result["inputs"] == ["bank", "brp"]
