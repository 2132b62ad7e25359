"""The household rule credits an asset to the adult main earner at its holder's address: a
newborn is no adult earner; a resident without a birth date is one when income is recorded
for him (partner data often carry no birth date)."""

from __future__ import annotations

from datetime import date
from typing import Any

from offensief.finance.assets import asset_inventory
from tests.finance.helpers import Ledger, add_statements
from tests.finance.test_asset_variants import DAY, _account, _asset, _person

HOME = "Marktplein 17, 2576 KA Den Haag"


def _car(earner: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    """A car in the name of a partner without income; ``EARNER`` (rows given) lives with her
    and receives EUR 10,000 a month."""
    ledger = Ledger()
    for m in range(12):
        ledger.pay("ACC-HOLD", "ACC-EARNER", 10000, at=DAY * 30.5 * m, kind="Managementfee", payer="HOLD",
                   beneficiary="EARNER")
        ledger.pay("ACC-PARTNER", "ACC-SHOP", 300, at=DAY * 30.5 * m, kind="Boodschappen", payer="PARTNER",
                   beneficiary="SHOP")
    store = ledger.store()
    add_statements(store, [
        ("car", "Vehicle", "registrationNumber", "GF-885-N"), ("car", "Vehicle", "amount", "215000"),
        ("car", "Vehicle", "owner", "PARTNER"),
        *earner, *_person("PARTNER", "M. JANSEN", address=HOME),
        *_account("EARNER", "ACC-EARNER", "NL11NOBA0000000001"), *_account("PARTNER", "ACC-PARTNER", "NL11NOBA0000000004"),
    ])
    return _asset(asset_inventory(store.con), "car")


def _household(car: dict[str, Any]) -> list[str]:
    return [c["entity"] for c in car["candidates"] if any(d["kind"] == "household" for d in c["evidence_detail"])]


def test_an_adult_earner_is_the_households() -> None:
    assert _household(_car(_person("EARNER", "Jaap Demir", address=HOME))) == ["EARNER"]


def test_a_newborn_is_no_adult_earner() -> None:
    car = _car(_person("EARNER", "Sem Demir", born=date.today().isoformat(), address=HOME))
    assert _household(car) == []
    assert car["beneficial_owner"] != "EARNER"


def test_a_minor_is_no_adult_earner() -> None:
    born = date(date.today().year - 15, 1, 1).isoformat()
    car = _car(_person("EARNER", "Sem Demir", born=born, address=HOME))
    assert _household(car) == []


def test_an_earner_without_birth_date_is_the_households() -> None:
    car = _car([("EARNER", "Person", "name", "Jaap Demir"), ("EARNER", "Person", "address", HOME)])
    assert _household(car) == ["EARNER"]


def test_residents_of_unknown_age_still_make_a_building() -> None:
    """Six residents at the address (ages unknown but for the earner) are a building, not a
    household: the rule stays silent, as it did when they were counted as adults."""
    others = [row for i in range(5) for row in [(f"R{i}", "Person", "name", f"Bewoner {i}"),
                                                (f"R{i}", "Person", "address", HOME)]]
    assert _household(_car([*_person("EARNER", "Jaap Demir", address=HOME), *others])) == []
