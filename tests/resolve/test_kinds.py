"""Accounts, vehicles and companies: exact identifiers however they are written."""

from __future__ import annotations

import pytest

from offensief.model.errors import NotFound
from offensief.resolve import canonical, evaluation
from offensief.resolve.explain import explain
from offensief.resolve.incremental import resolve_new
from offensief.resolve.resolution import Options, resolve
from offensief.store.duckstore import Store
from tests.resolve.conftest import add_dataset


def _entity(ident, schema, **props):
    return {"id": ident, "schema": schema, "properties": {k: [v] for k, v in props.items()}}


def test_accounts_vehicles_companies_by_identifier():
    store = Store.memory()
    for name in ("bank", "rdw", "kvk"):
        add_dataset(store, name)
    with pytest.raises(NotFound):
        resolve_new(store)
    evaluation.load_entities(store, dataset="bank", entities=[
        _entity("acc-1", "BankAccount", iban="NL91 ABNA 0417 1643 00"),
        _entity("acc-2", "BankAccount", iban="NL20INGB0001234567"),
        _entity("car-1", "Vehicle", registrationNumber="12-ABC-3"),
        _entity("co-1", "Company", name="Bakkerij De Vries B.V.", registrationNumber="12345678"),
    ])
    evaluation.load_entities(store, dataset="rdw", entities=[
        _entity("acc-9", "BankAccount", accountNumber="NL91ABNA0417164300"),
        _entity("car-9", "Vehicle", registrationNumber="12abc3"),
        _entity("car-8", "Vehicle", registrationNumber="99-XYZ-1"),
    ])
    evaluation.load_entities(store, dataset="kvk", entities=[
        _entity("co-9", "Company", name="Bakkerij de Vries", registrationNumber="1234 5678"),
        _entity("co-8", "Company", name="Garage Jansen", registrationNumber="87654321"),
        _entity("co-7", "Company", name="Kapsalon Yilmaz", registrationNumber="11223344"),
    ])
    resolve(store, options=Options(kinds=("account", "vehicle", "organisation"), max_pairs=1e4))
    mapping = canonical.load_mapping(store)
    assert mapping["acc-1"] == mapping["acc-9"] != "acc-1"
    assert mapping["car-1"] == mapping["car-9"] != "car-1"
    assert mapping["co-1"] == mapping["co-9"] != "co-1"
    assert mapping["acc-2"] == "acc-2" and mapping["car-8"] == "car-8"
    kinds = {c["kind"]: c["schema"] for c in canonical.clusters(store.con)}
    assert kinds == {"account": "BankAccount", "vehicle": "Vehicle", "organisation": "Company"}
    plate = explain(store, "car-1", "car-9")
    assert plate["merged"] and plate["comparisons"][0]["left"] == "12ABC3"
    assert explain(store, "car-1", "car-8")["match_probability"] == 0.0
    # a later delivery with the same plate joins the existing vehicle cluster, same id
    evaluation.load_entities(store, dataset="kvk", file="later", entities=[
        _entity("car-5", "Vehicle", registrationNumber="12 ABC 3")])
    before = mapping["car-1"]
    resolve_new(store)
    assert canonical.load_mapping(store)["car-5"] == before
    assert canonical.sources(store, before) == ["car-1", "car-5", "car-9"]
    store.close()
