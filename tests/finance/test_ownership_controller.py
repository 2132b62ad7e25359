"""The controller behind a corporate cluster's register needs benefit beyond a wage: an
employee who is family of the straw man and is paid every month is no controller; the boss
who takes lump sums out of the firm is."""

from __future__ import annotations

from typing import Any

from offensief.finance.assets import asset_inventory
from tests.finance.helpers import Ledger, add_statements

DAY = 24
MONTH = DAY * 30.5
CONTROLLER = "controller behind the register"


def _person(pid: str, name: str, born: str = "1980-05-01") -> list[tuple[str, str, str, str]]:
    return [(pid, "Person", "name", name), (pid, "Person", "birthDate", born)]


def _holds(owner: str, asset: str, role: str, pct: str = "100") -> list[tuple[str, str, str, str]]:
    rid = f"own-{owner}-{asset}"
    return [(rid, "Ownership", "owner", owner), (rid, "Ownership", "asset", asset),
            (rid, "Ownership", "percentage", pct), (rid, "Ownership", "role", role)]


def _account(holder: str, account: str) -> list[tuple[str, str, str, str]]:
    return [(account, "BankAccount", "iban", f"NL11ZUBA{abs(hash(account)) % 10**10:010d}"),
            *_holds(holder, account, "rekeninghouder")]


def _front(*, boss: bool, staff: bool = True, boss_born: str = "1980-05-01") -> list[dict[str, Any]]:
    """A BV registered to a straw man holds a flat. It pays two staff a fixed wage of EUR 2,600
    and the straw man's brother a salary of EUR 2,000-2,550 (hours vary) every month for a
    year; the straw man gives his sister pocket money from his own account every month. With
    ``boss``, the firm also pays a man with no tie to anyone registered four lump sums (born
    ``boss_born``); without ``staff``, it pays neither its staff nor the brother."""
    ledger = Ledger()
    for m in range(12 if staff else 0):
        for account in ("ACC-STAFF1", "ACC-STAFF2"):
            ledger.pay("ACC-FRONT", account, 2600, at=MONTH * m + 1, kind="Salaris", payer="FRONT")
        ledger.pay("ACC-FRONT", "ACC-BROTHER", 2000 + 50 * m, at=MONTH * m + 2, kind="Salaris",
                   payer="FRONT", beneficiary="BROTHER")
    for m in range(12):
        ledger.pay("ACC-STRAW", "ACC-SISTER", 60 + 30 * m, at=MONTH * m + 3, kind="Zakgeld",
                   payer="STRAW", beneficiary="SISTER")
    if boss:
        for k, amount in enumerate((21400, 26500, 20500, 25700)):
            ledger.pay("ACC-FRONT", "ACC-BOSS", amount, at=MONTH * (1 + 3 * k) + 5, kind="Voorschot",
                       payer="FRONT", beneficiary="BOSS")
    store = ledger.store()
    add_statements(store, [
        ("flat", "RealEstate", "address", "Kade 12, 3011 AA Rotterdam"), ("flat", "RealEstate", "amount", "400000"),
        ("flat", "RealEstate", "cadastralCode", "RTD04 K 1234"),
        ("FRONT", "Company", "name", "Kade Vastgoed B.V."),
        *_holds("FRONT", "flat", "eigendom"), *_holds("STRAW", "FRONT", "aandeelhouder"),
        *_person("STRAW", "Tim de Wit"), *_person("BROTHER", "Ruben de Wit"), *_person("SISTER", "Eva de Wit"),
        *_person("STAFF1", "Anna Bos"), *_person("STAFF2", "Kees Vos"), *_person("BOSS", "Karim Bakker", boss_born),
        ("fam-1", "Family", "person", "STRAW"), ("fam-1", "Family", "relative", "BROTHER"),
        ("fam-2", "Family", "person", "STRAW"), ("fam-2", "Family", "relative", "SISTER"),
        *_account("FRONT", "ACC-FRONT"), *_account("STRAW", "ACC-STRAW"), *_account("BROTHER", "ACC-BROTHER"),
        *_account("SISTER", "ACC-SISTER"), *_account("STAFF1", "ACC-STAFF1"), *_account("STAFF2", "ACC-STAFF2"),
        *_account("BOSS", "ACC-BOSS"),
    ])
    return asset_inventory(store.con)


def _controllers(asset: dict[str, Any]) -> list[str]:
    return [c["entity"] for c in asset["candidates"] if any(e.startswith(CONTROLLER) for e in c["evidence"])]


def _flat(assets: list[dict[str, Any]]) -> dict[str, Any]:
    return next(a for a in assets if a["asset_id"] == "flat" or "flat" in a["source_ids"])


def test_an_employee_related_to_the_straw_man_with_monthly_salaries_is_no_controller() -> None:
    flat = _flat(_front(boss=False))
    assert _controllers(flat) == []
    assert flat["beneficial_owner"] not in ("BROTHER", "SISTER")


def test_the_boss_taking_lump_sums_out_of_the_firm_is_the_controller() -> None:
    flat = _flat(_front(boss=True))
    assert _controllers(flat) == ["BOSS"]
    assert flat["beneficial_owner"] == "BOSS"
    controller = next(c for c in flat["candidates"] if c["entity"] == "BOSS")
    assert "EUR 94,100 beyond a wage" in controller["evidence"][0]


def test_a_teenager_taking_lump_sums_out_of_the_firm_is_a_recruit_not_the_controller() -> None:
    """Born 2007, 18-19 when the lump sums reach him (2025-26): the age of money mules and
    "jonge aanwas", not of the boss behind a company's register. The same payments to a man
    born in 1980 make him the controller (the test above)."""
    flat = _flat(_front(boss=True, boss_born="2007-02-01"))
    assert _controllers(flat) == []
    assert flat["beneficial_owner"] != "BOSS"


def test_pocket_money_from_the_straw_mans_own_account_to_his_sister_is_household_money() -> None:
    flat = _flat(_front(boss=False, staff=False))
    assert _controllers(flat) == []


def _two_groups() -> list[dict[str, Any]]:
    """Two BVs, each registered to the straw man of another boss, share a director (their
    accountant), so the register links them into one corporate cluster. Each BV holds a flat
    and pays its own boss lump sums; boss B takes more out of the cluster than boss A. The straw
    men's own accounts show no income that could explain a flat."""
    ledger = Ledger()
    for k, amount in enumerate((21400, 26500, 20500, 25700)):
        ledger.pay("ACC-FRONTA", "ACC-BOSSA", amount, at=MONTH * (1 + 3 * k) + 5, kind="Voorschot",
                   payer="FRONTA", beneficiary="BOSSA")
    for k, amount in enumerate((35000, 48500, 39200, 52900, 44800)):
        ledger.pay("ACC-FRONTB", "ACC-BOSSB", amount, at=MONTH * (1 + 2 * k) + 6, kind="Voorschot",
                   payer="FRONTB", beneficiary="BOSSB")
    store = ledger.store()
    rows: list[tuple[str, str, str, str]] = []
    for x, street in (("A", "Kade 12"), ("B", "Haven 3")):
        flat, front = f"flat{x}", f"FRONT{x}"
        rows += [(flat, "RealEstate", "address", f"{street}, 3011 AA Rotterdam"), (flat, "RealEstate", "amount", "400000"),
                 (flat, "RealEstate", "cadastralCode", f"RTD04 K 12{ord(x)}"),
                 (front, "Company", "name", f"{street} Vastgoed B.V."),
                 *_holds(front, flat, "eigendom"), *_holds(f"STRAW{x}", front, "aandeelhouder"),
                 (f"dir-{x}", "Directorship", "organization", front), (f"dir-{x}", "Directorship", "director", "ACCT"),
                 *_account(front, f"ACC-{front}"), *_account(f"BOSS{x}", f"ACC-BOSS{x}"),
                 *_account(f"STRAW{x}", f"ACC-STRAW{x}")]
    add_statements(store, [
        *rows, *_person("STRAWA", "Tim de Wit"), *_person("STRAWB", "Sem Kok"), *_person("ACCT", "Piet Smit"),
        *_person("BOSSA", "Karim Bakker"), *_person("BOSSB", "Jan de Jong"),
    ])
    return asset_inventory(store.con)


def test_one_cluster_with_the_straw_men_of_two_bosses_gives_each_straw_mans_assets_to_his_own_boss() -> None:
    assets = _two_groups()
    flats = {x: next(a for a in assets if a["asset_id"] == f"flat{x}" or f"flat{x}" in a["source_ids"]) for x in "AB"}
    assert _controllers(flats["A"]) == ["BOSSA"]
    assert flats["A"]["beneficial_owner"] == "BOSSA"
    assert _controllers(flats["B"]) == ["BOSSB"]
    assert flats["B"]["beneficial_owner"] == "BOSSB"
