"""Beneficial owners where the data split what belongs together (issue 13 item 4): payments
delivered by two banks, joinable only by IBAN; a foundation funded by its board's household;
a straw owner funded by someone else; a Kadaster owner written with initials."""

from __future__ import annotations

from typing import Any

from offensief.finance.assets import asset_inventory
from tests.finance.helpers import Ledger, add_statements

DAY = 24


def _asset(assets: list[dict[str, Any]], asset_id: str) -> dict[str, Any]:
    return next(a for a in assets if asset_id == a["asset_id"] or asset_id in a["source_ids"])


def _person(pid: str, name: str, born: str = "1980-05-01", address: str | None = None) -> list[tuple[str, str, str, str]]:
    rows = [(pid, "Person", "name", name), (pid, "Person", "birthDate", born)]
    return rows + ([(pid, "Person", "address", address)] if address else [])


def _holds(owner: str, asset: str, role: str, pct: str = "100") -> list[tuple[str, str, str, str]]:
    rid = f"own-{owner}-{asset}"
    return [(rid, "Ownership", "owner", owner), (rid, "Ownership", "asset", asset),
            (rid, "Ownership", "percentage", pct), (rid, "Ownership", "role", role)]


def _account(holder: str, account: str, iban: str) -> list[tuple[str, str, str, str]]:
    return [(account, "BankAccount", "iban", iban), *_holds(holder, account, "rekeninghouder")]


FLAT = [("flat", "RealEstate", "address", "Kade 12, 3011 AA Rotterdam"), ("flat", "RealEstate", "amount", "300000"),
        ("flat", "RealEstate", "cadastralCode", "RTD04 K 1234")]


def _two_banks() -> tuple[Ledger, list[tuple[str, str, str, str]]]:
    """The straw man banks at Zuid, the boss at Noord. Noord delivers the boss's transfers and
    writes the straw man's account under its own id (``N-TP-ACC``) with the IBAN; Zuid
    delivers the purchase payment."""
    ledger = Ledger()
    for k, amount in enumerate((150000, 140000)):
        ledger.pay("N-ACC-BOSS", "N-TP-ACC", amount, at=DAY * (10 + 5 * k), kind="Schenking",
                   payer="BOSS", beneficiary="N-TP-STRAW")
    for m in range(6):
        ledger.pay("Z-ACC-EMP", "Z-ACC-STRAW", 900, at=DAY * 30.5 * m, kind="Uitkering participatiewet",
                   payer="GEMEENTE", beneficiary="STRAW")
    ledger.pay("Z-ACC-STRAW", "Z-ACC-NOTARY", 300000, at=DAY * 40, purpose="Koopsom Kade 12 Rotterdam",
               payer="STRAW", beneficiary="NOTARIS")
    register = [*FLAT, *_holds("STRAW", "flat", "eigendom"),
                *_person("BOSS", "Karim Bakker"), *_person("STRAW", "Tim de Wit", born="1999-02-02"),
                *_account("BOSS", "N-ACC-BOSS", "NL91 NOBA 0417 1643 00"),
                *_account("STRAW", "Z-ACC-STRAW", "NL20ZUBA0000123456"),
                ("N-TP-ACC", "BankAccount", "iban", "NL20ZUBA0000123456"),
                ("N-TP-STRAW", "LegalEntity", "name", "T DE WIT")]
    return ledger, register


def test_purchase_money_is_followed_across_two_banks_by_iban() -> None:
    ledger, register = _two_banks()
    store = ledger.store()
    add_statements(store, register)
    flat = _asset(asset_inventory(store.con), "flat")
    assert flat["beneficial_owner"] == "BOSS"
    assert flat["source_of_funds"][0]["traced"].get("BOSS", 0) >= 290000
    assert flat["nominee"]["entity"] == "STRAW" and "income" in flat["nominee"]["indicators"]


HOME = [("home", "RealEstate", "address", "Marktplein 17, 2576 KA Den Haag"), ("home", "RealEstate", "amount", "1300000"),
        ("home", "RealEstate", "createDate", "2025-05-01")]


def test_foundation_home_funded_from_the_residents_own_holding_goes_to_him_not_the_board() -> None:
    """The partner sits on the foundation's board (pseudo-UBO) and lives there; the kingpin
    gave the foundation the money out of the holding he owns, and half came as a foreign
    loan no one can trace. His private income does not explain the house, but the holding
    he owns does: no income indicator for a shareholder whose company paid."""
    ledger = Ledger()
    for m in range(12):
        ledger.pay("ACC-EMP", "ACC-KING", 9000, at=DAY * 30.5 * m, kind="Salaris", payer="EMP", beneficiary="KING")
    ledger.pay("ACC-HOLD", "ACC-STICHT", 650000, at=DAY * 400, kind="Schenking", payer="HOLD", beneficiary="STICHT")
    ledger.pay("TR-0006-1", "ACC-STICHT", 650000, at=DAY * 405, kind="Loan agreement", payer="FOREIGN", beneficiary="STICHT")
    ledger.pay("ACC-STICHT", "ACC-NOTARY", 1300000, at=DAY * 430, purpose="Koopsom Marktplein 17",
               payer="STICHT", beneficiary="NOTARY")
    store = ledger.store()
    add_statements(store, [
        *HOME, *_holds("STICHT", "home", "eigendom"), *_holds("KING", "HOLD", "enig aandeelhouder"),
        ("STICHT", "Organization", "name", "Stichting Vermogen Jansen"), ("STICHT", "Organization", "legalForm", "Stichting"),
        ("HOLD", "Company", "name", "Demir Holding BV"), ("FOREIGN", "LegalEntity", "name", "ISTHMUS TRADING LTD"),
        ("dir-1", "Directorship", "director", "PARTNER"), ("dir-1", "Directorship", "organization", "STICHT"),
        *_person("KING", "Jaap Demir", address="Marktplein 17, 2576 KA Den Haag"),
        *_person("PARTNER", "Maria Jansen", address="Marktplein 17, 2576 KA Den Haag"),
        *_account("KING", "ACC-KING", "NL11NOBA0000000001"), *_account("HOLD", "ACC-HOLD", "NL11NOBA0000000002"),
        *_account("STICHT", "ACC-STICHT", "NL11ZUBA0000000003"),
    ])
    home = _asset(asset_inventory(store.con), "home")
    assert home["beneficial_owner"] == "KING"
    king = home["candidates"][0]
    assert any(d["kind"] == "funds" for d in king["evidence_detail"])
    assert not any("recorded income" in e for e in king["evidence"])


def test_car_in_the_name_of_a_partner_without_income_goes_to_the_households_earner() -> None:
    ledger = Ledger()
    for m in range(12):
        ledger.pay("ACC-HOLD", "ACC-KING", 10000, at=DAY * 30.5 * m, kind="Managementfee", payer="HOLD", beneficiary="KING")
        ledger.pay("ACC-PARTNER", "ACC-SHOP", 300, at=DAY * 30.5 * m, kind="Boodschappen", payer="PARTNER", beneficiary="SHOP")
        ledger.pay("ACC-KID", "ACC-SHOP", 50, at=DAY * 30.5 * m, kind="Boodschappen", payer="KID", beneficiary="SHOP")
    store = ledger.store()
    add_statements(store, [
        ("car", "Vehicle", "registrationNumber", "GF-885-N"), ("car", "Vehicle", "amount", "215000"),
        ("car", "Vehicle", "owner", "PARTNER"),
        *_person("KING", "Jaap Demir", address="Marktplein 17, 2576 KA Den Haag"),
        *_person("PARTNER", "M. JANSEN", address="Marktplein 17, 2576 KA Den Haag"),
        *_person("KID", "Sem Demir", born="2014-01-01", address="Marktplein 17, 2576 KA Den Haag"),
        *_person("NEIGHBOUR", "Piet Smit", address="Marktplein 19, 2576 KA Den Haag"),
        *_account("KING", "ACC-KING", "NL11NOBA0000000001"), *_account("PARTNER", "ACC-PARTNER", "NL11NOBA0000000004"),
    ])
    car = _asset(asset_inventory(store.con), "car")
    assert car["beneficial_owner"] == "KING"
    assert [c["entity"] for c in car["candidates"]][:2] == ["KING", "PARTNER"]
    assert any(d["kind"] == "household" for d in car["candidates"][0]["evidence_detail"])


def test_a_holder_who_can_afford_it_keeps_it_from_the_household() -> None:
    ledger = Ledger()
    for m in range(12):
        ledger.pay("ACC-EMP", "ACC-PARTNER", 30000, at=DAY * 30.5 * m, kind="Salaris", payer="EMP", beneficiary="PARTNER")
        ledger.pay("ACC-HOLD", "ACC-KING", 40000, at=DAY * 30.5 * m, kind="Managementfee", payer="HOLD", beneficiary="KING")
    store = ledger.store()
    add_statements(store, [
        ("car", "Vehicle", "registrationNumber", "GF-885-N"), ("car", "Vehicle", "amount", "215000"),
        ("car", "Vehicle", "owner", "PARTNER"),
        *_person("KING", "Jaap Demir", address="Marktplein 17, 2576 KA Den Haag"),
        *_person("PARTNER", "M. JANSEN", address="Marktplein 17, 2576 KA Den Haag"),
        *_account("KING", "ACC-KING", "NL11NOBA0000000001"), *_account("PARTNER", "ACC-PARTNER", "NL11NOBA0000000004"),
    ])
    car = _asset(asset_inventory(store.con), "car")
    assert car["beneficial_owner"] == "PARTNER" and [c["entity"] for c in car["candidates"]] == ["PARTNER"]


def test_a_purchase_naming_another_property_of_the_same_bv_is_not_this_ones() -> None:
    """The property BV buys two flats; each purchase payment names its own flat."""
    ledger = Ledger()
    ledger.pay("ACC-BV", "ACC-NOTARY", 300000, at=DAY * 10, purpose="Koopsom Kade 12", payer="BV", beneficiary="NOTARY")
    ledger.pay("ACC-BV", "ACC-NOTARY", 900000, at=DAY * 20, purpose="Koopsom Havenstraat 91", payer="BV", beneficiary="NOTARY")
    store = ledger.store()
    add_statements(store, [
        *FLAT, *_holds("BV", "flat", "eigendom"), *_holds("BV", "other", "eigendom"), *_holds("OWNER", "BV", "aandeelhouder"),
        ("other", "RealEstate", "address", "Havenstraat 91, 3011 AB Rotterdam"), ("other", "RealEstate", "amount", "900000"),
        ("BV", "Company", "name", "Vastgoed Kade BV"), *_person("OWNER", "Karim Bakker"),
        *_account("BV", "ACC-BV", "NL11NOBA0000000005"),
    ])
    assets = asset_inventory(store.con)
    assert [f["amount"] for f in _asset(assets, "flat")["source_of_funds"]] == [300000.0]
    assert [f["amount"] for f in _asset(assets, "other")["source_of_funds"]] == [900000.0]


def test_a_car_in_a_directors_own_name_is_not_the_inferred_controllers_of_his_firm() -> None:
    """The lieutenant runs a front; a worker it pays every month (varying amounts) is the
    inferred controller of that corporate cluster. The lieutenant's private car is not part of
    the firm's register: it stays his, with no tie, laundering or money to the worker."""
    ledger = Ledger()
    for m in range(12):
        ledger.pay("ACC-FRONT", "ACC-WORKER", 2000 + 150 * m, at=DAY * 30.5 * m, kind="Voorschot",
                   payer="FRONT", beneficiary="WORKER")
        ledger.pay("ACC-LT", "ACC-SHOP", 200, at=DAY * 30.5 * m + 5, kind="Pinbetaling", payer="LT", beneficiary="SHOP")
    store = ledger.store()
    add_statements(store, [
        ("car", "Vehicle", "registrationNumber", "LJ-470-T"), ("car", "Vehicle", "amount", "120000"),
        ("car", "Vehicle", "owner", "LT"),
        ("FRONT", "Company", "name", "Shisha Lounge Horst"),
        ("dir-lt", "Directorship", "director", "LT"), ("dir-lt", "Directorship", "organization", "FRONT"),
        *_person("LT", "G.A. TER HORST"), *_person("WORKER", "Mustafa Sitaldin"),
        *_account("LT", "ACC-LT", "NL11ZUBA0000000006"), *_account("FRONT", "ACC-FRONT", "NL11ZUBA0000000007"),
        *_account("WORKER", "ACC-WORKER", "NL11ZUBA0000000008"),
    ])
    car = _asset(asset_inventory(store.con), "car")
    assert car["beneficial_owner"] == "LT"
    assert "WORKER" not in [c["entity"] for c in car["candidates"]]
