"""Beneficial owners by evidence, one fixture per way the true owner hides (issue 13 item 4):
a STAK and a holding above a property BV funded by front companies; a loan-back from a foreign
firm; a car registered to a money mule and driven by the boss; a villa whose resident pays rent
to a BV he runs; and the benign owner-occupier with a mortgage, who stays the owner."""

from __future__ import annotations

from typing import Any

from offensief.finance.assets import asset_inventory
from tests.finance.helpers import Ledger, add_statements

DAY = 24


def _asset(assets: list[dict[str, Any]], asset_id: str) -> dict[str, Any]:
    return next(a for a in assets if asset_id == a["asset_id"] or asset_id in a["source_ids"])


def _people(*names: str, born: str = "1975-04-02") -> list[tuple[str, str, str, str]]:
    return [r for n in names for r in ((n, "Person", "name", n.title()), (n, "Person", "birthDate", born))]


def _holds(owner: str, asset: str, pct: str = "100", role: str = "aandeelhouder") -> list[tuple[str, str, str, str]]:
    rid = f"own-{owner}-{asset}"
    return [(rid, "Ownership", "owner", owner), (rid, "Ownership", "asset", asset),
            (rid, "Ownership", "percentage", pct), (rid, "Ownership", "role", role)]


def _directs(person: str, org: str) -> list[tuple[str, str, str, str]]:
    rid = f"dir-{person}-{org}"
    return [(rid, "Directorship", "director", person), (rid, "Directorship", "organization", org)]


def _account(holder: str, account: str) -> list[tuple[str, str, str, str]]:
    return [(account, "BankAccount", "accountNumber", account), *_holds(holder, account, role="rekeninghouder")]


def _monthly(ledger: Ledger, src: str, dst: str, amount: float, *, months: int, text: str, start: float = 0,
             purpose: str | None = None) -> None:
    """A regular payment whose parties are the accounts' holders (``ACC-X`` is held by ``X``)."""
    for m in range(months):
        ledger.pay(src, dst, amount, at=start + DAY * 30.5 * m, kind=text, purpose=purpose,
                   payer=src.removeprefix("ACC-"), beneficiary=dst.removeprefix("ACC-"))


def _bank(ledger: Ledger, account: str = "ACC-BANK") -> None:
    """A bank: it pays many customers (a hub), so a loan from it is the borrower's own money."""
    for k in range(60):
        ledger.pay(account, f"ACC-CUST-{k}", 2000 + k, at=k)


STAK = [
    ("villa", "RealEstate", "address", "Dorpsweg 5, 1251 AB Laren"), ("villa", "RealEstate", "amount", "1200000"),
    ("villa", "RealEstate", "createDate", "2025-04-02"),
    *_holds("BV-VILLA", "villa", role="eigenaar"), *_holds("HOLDING", "BV-VILLA"), *_holds("STAK-X", "HOLDING"),
    *_directs("TRUSTEE", "STAK-X"), *_directs("TRUSTEE", "HOLDING"), *_directs("TRUSTEE", "BV-VILLA"),
    *_directs("FRONTMAN", "FRONT-1"), *_directs("FRONTMAN", "FRONT-2"),
    *_holds("TRUSTEE", "HOLDING", role="UBO (uiteindelijk belanghebbende)"),
    ("own-TRUSTEE-HOLDING", "Ownership", "ownershipType", "Pseudo-UBO: hoger leidinggevend personeel"),
    *[(c, "Company", "name", c) for c in ("BV-VILLA", "HOLDING", "FRONT-1", "FRONT-2")],
    ("STAK-X", "Organization", "name", "Beheer X"), ("STAK-X", "Organization", "legalForm", "Stichting"),
    *_people("KING", "TRUSTEE", "FRONTMAN"), *_people("KID", born="2015-01-01"),
    ("KING", "Person", "address", "Dorpsweg 5, Laren"), ("KID", "Person", "address", "DORPSWEG 5 LAREN"),
    ("fam-1", "Family", "person", "KING"), ("fam-1", "Family", "relative", "FRONTMAN"),
    *_account("BV-VILLA", "ACC-BV-VILLA"), *_account("HOLDING", "ACC-HOLD"), *_account("KING", "ACC-KING"),
    *_account("FRONTMAN", "ACC-FRONTMAN"), *_account("FRONT-1", "ACC-F1"), *_account("FRONT-2", "ACC-F2"),
]


def test_stak_holding_and_property_bv_funded_by_fronts_the_resident_who_pays_rent_owns_it() -> None:
    ledger = Ledger()
    _monthly(ledger, "ACC-EMPLOYER", "ACC-FRONTMAN", 1600, months=12, text="Salaris")  # the front man lives on a small wage
    ledger.pay("ACC-F1", "ACC-HOLD", 700000, at=0, kind="Rekening-courant")
    ledger.pay("ACC-F2", "ACC-HOLD", 500000, at=DAY * 5, kind="Managementfee")
    ledger.pay("ACC-HOLD", "ACC-BV-VILLA", 1200000, at=DAY * 10, kind="Lening groepsmaatschappij")
    ledger.pay("ACC-BV-VILLA", "ACC-NOTARY", 1200000, at=DAY * 30, purpose="Koopsom Dorpsweg 5 Laren")
    _monthly(ledger, "ACC-KING", "ACC-BV-VILLA", 2500, months=6, start=DAY * 40, text="Huur")
    store = ledger.store()
    add_statements(store, STAK)
    villa = _asset(asset_inventory(store.con), "villa")
    assert villa["beneficial_owner"] == "KING"
    kinds = {d["kind"] for d in villa["candidates"][0]["evidence_detail"]}
    assert {"use", "rent"} <= kinds          # lives there and pays rent to a BV with no visible owner
    assert "KID" not in [c["entity"] for c in villa["candidates"]]  # a child owns nothing
    funds = villa["source_of_funds"][0]
    assert {o["entity"] for o in funds["origins"]} == {"FRONT-1", "FRONT-2"}  # through BV and holding
    assert funds["traced"] == {"FRONTMAN": 1200000.0}  # the fronts' director...
    frontman = next(c for c in villa["candidates"] if c["entity"] == "FRONTMAN")
    assert any("nominee indicator" in e for e in frontman["evidence"])  # ...who earns a small wage
    assert 0 < villa["confidence"] < 1
    trustee = next(c for c in villa["candidates"] if c["entity"] == "TRUSTEE")
    assert [d["kind"] for d in trustee["evidence_detail"]] == ["pseudo_ubo"]  # registered, not the owner


LOAN_BACK = [
    ("flat", "RealEstate", "address", "Kade 12-A, 3011 AB Rotterdam"), ("flat", "RealEstate", "amount", "400000"),
    *_holds("STRAW", "flat", role="eigenaar"),
    ("FOREIGN", "Company", "name", "Oceanic Trading Ltd"), ("FOREIGN", "Company", "country", "ae"),
    *_people("STRAW", born="2004-06-01"), *_people("LIEUTENANT"),
    ("LIEUTENANT", "Person", "address", "Kade 12a Rotterdam"),
    *_account("STRAW", "ACC-STRAW"), *_account("LIEUTENANT", "ACC-LT"), *_account("FOREIGN", "AE-ACC-FF"),
]


def test_loan_back_from_a_foreign_firm_the_lieutenant_who_lives_there_owns_it() -> None:
    ledger = Ledger()
    _monthly(ledger, "ACC-UWV", "ACC-STRAW", 1100, months=12, text="UWV", purpose="Uitkering Participatiewet")
    ledger.pay("AE-ACC-FF", "ACC-STRAW", 400000, at=DAY * 3, kind="Lening", purpose="Loan agreement 2025-17")
    ledger.pay("ACC-STRAW", "ACC-NOTARY", 400000, at=DAY * 10, purpose="Aankoop appartement Kade 12-A")
    store = ledger.store()
    add_statements(store, LOAN_BACK)
    flat = _asset(asset_inventory(store.con), "flat")
    assert flat["beneficial_owner"] == "LIEUTENANT"
    assert flat["nominee"]["entity"] == "STRAW"
    assert {"income", "benefits", "young"} <= set(flat["nominee"]["indicators"])
    assert flat["source_of_funds"][0]["origins"][0]["entity"] == "FOREIGN"  # the loan, followed back


CAR = [
    ("rdw-1", "Vehicle", "registrationNumber", "12-ABC-3"), ("rdw-1", "Vehicle", "model", "Porsche Cayenne"),
    ("rdw-1", "Vehicle", "amount", "140000"), ("rdw-1", "Vehicle", "owner", "MULE"),
    ("pol-7", "Vehicle", "registrationNumber", "12ABC3"), ("pol-7", "Vehicle", "operator", "BOSS"),
    *[r for k in range(3) for r in (
        (f"rdw-v{k}", "Vehicle", "registrationNumber", f"VAN-{k}"), (f"rdw-v{k}", "Vehicle", "owner", "MULE"))],
    *_people("MULE", born="2006-02-02"), *_people("BOSS", "BROTHER"), *_account("MULE", "ACC-MULE"),
    *_account("BROTHER", "ACC-BROTHER"), ("fam-3", "Family", "person", "MULE"), ("fam-3", "Family", "relative", "BROTHER"),
]


def test_car_registered_to_a_mule_and_driven_by_the_boss() -> None:
    ledger = Ledger()
    _monthly(ledger, "ACC-EMPLOYER", "ACC-MULE", 900, months=6, text="Salaris")
    store = ledger.store()
    add_statements(store, CAR)
    assets = asset_inventory(store.con, alerts=[{"account_ids": ["ACC-BROTHER", "ACC-X"]}])  # a brother launders
    car = _asset(assets, "rdw-1")
    assert car["source_ids"] == ["pol-7", "rdw-1"]  # the police sighting and the RDW record: one car
    assert car["beneficial_owner"] == "BOSS"
    mule = next(c for c in car["candidates"] if c["entity"] == "MULE")
    assert {d["kind"] for d in mule["evidence_detail"]} == {"register", "fronting"}
    assert {"income", "young", "many", "kin"} <= set(car["nominee"]["indicators"])


RENTED_VILLA = [
    ("huis", "RealEstate", "address", "Laan 3, 2000 AA Haarlem"), ("huis", "RealEstate", "amount", "900000"),
    *_holds("BV-LAAN", "huis", role="eigenaar"), *_holds("STAK-L", "BV-LAAN"),
    ("STAK-L", "Organization", "name", "Stichting Administratiekantoor Laan"),
    *_directs("RESIDENT", "BV-LAAN"), ("BV-LAAN", "Company", "name", "Laan Vastgoed B.V."),
    *_people("RESIDENT", "NEIGHBOUR"), ("RESIDENT", "Person", "address", "Laan 3, 2000AA Haarlem"),
    ("NEIGHBOUR", "Person", "address", "Laan 5, 2000 AA Haarlem"),
    *_account("BV-LAAN", "ACC-BV-LAAN"), *_account("RESIDENT", "ACC-RESIDENT"),
    *_account("NEIGHBOUR", "ACC-NEIGHBOUR"),
]


def test_villa_whose_resident_pays_rent_to_a_bv_he_runs() -> None:
    ledger = Ledger()
    _monthly(ledger, "ACC-RESIDENT", "ACC-BV-LAAN", 3000, months=8, text="Huur Laan 3")
    _monthly(ledger, "ACC-NEIGHBOUR", "ACC-BV-LAAN", 50, months=2, text="Schade hek")  # twice: no rent  # a neighbour, twice: no rent
    store = ledger.store()
    add_statements(store, RENTED_VILLA)
    huis = _asset(asset_inventory(store.con), "huis")
    assert huis["beneficial_owner"] == "RESIDENT"
    assert [c["entity"] for c in huis["candidates"]] == ["RESIDENT"]
    assert any("controls the landlord" in e for e in huis["candidates"][0]["evidence"])


BENIGN = [
    ("home", "RealEstate", "address", "Beukenlaan 8, 3500 BB Utrecht"), ("home", "RealEstate", "amount", "450000"),
    ("home", "RealEstate", "createDate", "2025-03-20"), *_holds("OWNER", "home", role="eigenaar"),
    *_people("OWNER", "PARTNER"), ("OWNER", "Person", "address", "Beukenlaan 8, Utrecht"),
    ("PARTNER", "Person", "address", "Beukenlaan 8, 3500BB Utrecht"),
    ("fam-2", "Family", "person", "OWNER"), ("fam-2", "Family", "relative", "PARTNER"),
    ("flat2", "RealEstate", "address", "Markt 1, 3500 CC Utrecht"), ("flat2", "RealEstate", "amount", "300000"),
    *_holds("LANDLORD-BV", "flat2", role="eigenaar"), *_holds("LANDLORD", "LANDLORD-BV"),
    ("LANDLORD-BV", "Company", "name", "Markt Verhuur B.V."), *_people("LANDLORD", "TENANT"),
    ("TENANT", "Person", "address", "Markt 1, Utrecht"),
    *_account("OWNER", "ACC-OWNER"), *_account("TENANT", "ACC-TENANT"), *_account("LANDLORD-BV", "ACC-LANDLORD-BV"),
]


def test_benign_owner_occupier_with_a_mortgage_and_a_tenant_stay_as_registered() -> None:
    ledger = Ledger()
    _bank(ledger)
    _monthly(ledger, "ACC-EMPLOYER", "ACC-OWNER", 4200, months=12, text="Salaris")
    ledger.pay("ACC-BANK", "ACC-OWNER", 380000, at=DAY * 15, kind="Hypotheek 88812", payer="BANK", beneficiary="OWNER")
    ledger.pay("ACC-OWNER", "ACC-NOTARY", 450000, at=DAY * 17, purpose="Koopsom Beukenlaan 8 Utrecht",
               payer="OWNER", beneficiary="NOTARY")
    _monthly(ledger, "ACC-OWNER", "ACC-BANK", 1700, months=6, start=DAY * 40, text="Hypotheek 88812 Beukenlaan 8")
    _monthly(ledger, "ACC-TENANT", "ACC-LANDLORD-BV", 1200, months=6, text="Huur Markt 1")
    store = ledger.store()
    add_statements(store, BENIGN)
    assets = asset_inventory(store.con)
    home = _asset(assets, "home")
    assert home["beneficial_owner"] == "OWNER" and home["nominee"] is None
    assert home["source_of_funds"][0]["traced"] == {"OWNER": 450000.0}  # the mortgage is his own money
    assert {d["kind"] for d in home["candidates"][0]["evidence_detail"]} == {"register", "funds", "use", "costs"}
    assert home["confidence"] > 0.9
    flat = _asset(assets, "flat2")
    assert flat["beneficial_owner"] == "LANDLORD"  # the tenant lives there and pays rent: no owner
    tenant = next(c for c in flat["candidates"] if c["entity"] == "TENANT")
    assert [d["kind"] for d in tenant["evidence_detail"]] == ["use"]


def _fronted_home(holder: str) -> list[tuple[str, str, str, str]]:
    """A home registered to ``holder``, bought with money from a firm he directs whose register
    shows no shareholder; someone else lives in it."""
    return [
        ("home3", "RealEstate", "address", "Esdoornlaan 4, 6500 AB Nijmegen"), ("home3", "RealEstate", "amount", "500000"),
        *_holds(holder, "home3", role="eigenaar"), *_directs(holder, "FIRM-3"), ("FIRM-3", "Company", "name", "Es Handel B.V."),
        *_people(holder, "RESIDENT"), ("RESIDENT", "Person", "address", "Esdoornlaan 4, Nijmegen"),
        *_account(holder, f"ACC-{holder}"), *_account("FIRM-3", "ACC-FIRM-3"), *_account("RESIDENT", "ACC-RESIDENT"),
    ]


def _buy_through_firm(ledger: Ledger, holder: str) -> None:
    _monthly(ledger, "ACC-EMPLOYER", f"ACC-{holder}", 1900, months=12, text="Salaris")
    ledger.pay("ACC-FIRM-3", f"ACC-{holder}", 500000, at=DAY * 20, kind="Rekening-courant")
    ledger.pay(f"ACC-{holder}", "ACC-NOTARY", 500000, at=DAY * 30, purpose="Koopsom Esdoornlaan 4 Nijmegen")


def test_a_straw_man_in_laundering_alerts_is_not_credited_with_his_front_firms_money() -> None:
    ledger = Ledger()
    _buy_through_firm(ledger, "STRAW")
    store = ledger.store()
    add_statements(store, _fronted_home("STRAW"))
    home = _asset(asset_inventory(store.con, alerts=[{"account_ids": ["ACC-STRAW", "ACC-X"]}]), "home3")
    assert home["source_of_funds"][0]["traced"] == {"STRAW": 500000.0}  # the trace still shows the path
    assert home["beneficial_owner"] == "RESIDENT"  # who lives there, not the front of the firm that paid
    straw = next(c for c in home["candidates"] if c["entity"] == "STRAW")
    assert "funds" not in {d["kind"] for d in straw["evidence_detail"]}
    assert {"income", "mule"} <= set(home["nominee"]["indicators"])


def test_a_director_without_alerts_keeps_his_firms_money_against_a_tenant() -> None:
    ledger = Ledger()
    _buy_through_firm(ledger, "LANDLORD")  # the director-shareholder of a small BV lets the home
    store = ledger.store()
    add_statements(store, _fronted_home("LANDLORD"))
    home = _asset(asset_inventory(store.con, alerts=[{"account_ids": ["ACC-OTHER", "ACC-X"]}]), "home3")
    assert home["beneficial_owner"] == "LANDLORD"
    kinds = {d["kind"] for d in home["candidates"][0]["evidence_detail"]}
    assert {"register", "funds"} <= kinds
