"""The prevention counts in the store, on statements written by hand (not the demo world)."""

from __future__ import annotations

import pytest

from offensief.store import areas
from offensief.store.duckstore import Store

KEY = {"3011": "BU05990000", "3012": "BU05990001"}


@pytest.fixture
def store():
    s = Store.memory()
    s.con.execute("""INSERT INTO datasets VALUES
        ('bvh', 'politie', 'wpg-9', 'p', DATE '2025-03-01', '5y', NULL),
        ('brp', 'gemeente', 'avg', 'p', DATE '2025-03-01', '5y', NULL),
        ('bank', 'tmnl', 'wwft', 'p', DATE '2025-03-01', '5y', NULL),
        ('kad', 'kadaster', 'open', 'p', DATE '2025-03-01', '5y', NULL),
        ('kvk', 'kvk', 'open', 'p', DATE '2025-03-01', '5y', NULL)""")
    yield s
    s.close()


def put(store: Store, dataset: str, entity: str, schema: str, **props: str) -> None:
    for prop, value in props.items():
        store.con.execute(
            "INSERT INTO statement_rows VALUES (?, ?, ?, 'string', ?, ?, now(), now(), 'l')",
            [entity, schema, prop, value, dataset])


def test_residents_in_networks_by_postcode_once_per_person(store):
    for i in range(12):
        put(store, "bvh", f"p{i}", "Person", name=f"P {i}", address=f"Straat {i}, 3011 AB Rotterdam")
    put(store, "bvh", "q", "Person", addressEntity="adr1")
    put(store, "brp", "adr1", "Address", postalCode="3012 CD")
    put(store, "brp", "p0-brp", "Person", address="Straat 0, 3011 AB Rotterdam")  # not in a case network
    put(store, "bvh", "abroad", "Person", address="Calle 1, Marbella")
    store.con.execute("CREATE TABLE canonical AS SELECT 'p1' AS entity_id, 'c1' AS canonical_id, "
                      "'person' AS kind, 'Person' AS schema, 1.0 AS probability, 'r' AS run_id "
                      "UNION ALL SELECT 'p2', 'c1', 'person', 'Person', 1.0, 'r'")  # p1 = p2
    rows = areas.residents_in_networks(store.con, postcodes=KEY, datasets=["bvh"])
    assert sorted(rows) == [("BU05990000", "2025", 11, None), ("BU05990001", "2025", 1, None)]


def test_cash_businesses_per_year_founded(store):
    put(store, "kvk", "c1", "Company", sector="5630 Cafés", incorporationDate="2019-01-01",
        address="Haven 1, 3011 AA Rotterdam")
    put(store, "kvk", "c2", "Company", sector="6201 Software", incorporationDate="2010-01-01",
        address="Haven 2, 3011 AA Rotterdam")
    put(store, "kvk", "c3", "Company", sector="4511 Autohandel", incorporationDate="2024-06-01",
        address="Haven 3, 3011 AA Rotterdam")
    rows = areas.cash_businesses(store.con, postcodes=KEY, periods=["2023", "2024"])
    assert sorted(rows) == [("BU05990000", "2023", 1, 2), ("BU05990000", "2024", 2, 3)]
    by_sector = areas.cash_businesses_by_sector(store.con, postcodes=KEY, year=2024)
    assert sorted(by_sector) == [("BU05990000", "4511", 1, None), ("BU05990000", "5630", 1, None)]


def test_unexplained_purchases_use_known_income_only(store):
    def home(i: str, price: int, owners: list[str], year: int) -> None:
        put(store, "kad", f"h{i}", "RealEstate", propertyType="woning", amount=str(price),
            address=f"Laan {i}, 3011 BB Rotterdam")
        for o in owners:
            put(store, "kad", f"o{i}{o}", "Ownership", owner=o, asset=f"h{i}", startDate=f"{year}-05-01")

    for person in ("rich", "poor", "pair1", "pair2"):
        put(store, "bank", person, "Person", name=person)
    salary = {"rich": 9000.0, "poor": 2000.0, "pair1": 3500.0, "pair2": 3500.0}
    for person, monthly in salary.items():
        for month in range(1, 13):
            store.con.execute("INSERT INTO transaction_rows VALUES (?, ?, 'EUR', ?, 'emp', ?, NULL, NULL, "
                              "'Salaris', 'transfer', 'bank')",
                              [f"t{person}{month}", monthly, f"2025-{month:02d}-25", person])
    home("1", 400_000, ["rich"], 2025)            # 400k <= 5 x 108k: explained
    home("2", 400_000, ["poor"], 2025)            # 400k > 5 x 24k: unexplained
    home("3", 400_000, ["pair1", "pair2"], 2025)  # 400k <= 5 x 84k: explained (household)
    home("4", 900_000, ["stranger"], 2025)        # no bank data: income unknown, not counted
    home("5", 900_000, ["poor"], 2019)            # outside the years asked for
    rows = areas.unexplained_purchases(store.con, postcodes=KEY, periods=["2025"], multiple=5.0)
    assert rows == [("BU05990000", "2025", 1, 3)]  # base: the purchases with known income
    assert areas.unexplained_purchases(store.con, postcodes=KEY, periods=["2025"], multiple=4.0) == [
        ("BU05990000", "2025", 2, 3)]  # the pair: 4 x 84k < 400k; rich: 4 x 108k >= 400k
