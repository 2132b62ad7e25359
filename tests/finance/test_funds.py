"""Assets by source of funds: the villa behind a STAK paid by the kingpin's companies, the
nominee who could never have paid it, the resident who uses it."""

from __future__ import annotations

from offensief.finance.assets import asset_inventory
from tests.finance.helpers import Ledger, add_statements

REGISTER = [
    ("villa", "RealEstate", "name", "Villa Dorpsweg 5"), ("villa", "RealEstate", "address", "Dorpsweg 5, Laren"),
    ("villa", "RealEstate", "amount", "700000"),
    ("own-1", "Ownership", "owner", "BV-VILLA"), ("own-1", "Ownership", "asset", "villa"),
    ("own-2", "Ownership", "owner", "BV-MID"), ("own-2", "Ownership", "asset", "BV-VILLA"),
    ("own-2", "Ownership", "percentage", "100"),
    ("own-3", "Ownership", "owner", "STAK-X"), ("own-3", "Ownership", "asset", "BV-MID"),
    ("own-3", "Ownership", "percentage", "100"),
    ("dir-1", "Directorship", "director", "TRUST-PERSON"), ("dir-1", "Directorship", "organization", "STAK-X"),
    ("dir-2", "Directorship", "director", "KING"), ("dir-2", "Directorship", "organization", "CO-A"),
    ("dir-3", "Directorship", "director", "KING"), ("dir-3", "Directorship", "organization", "CO-B"),
    *[(e, "Company", "name", e) for e in ("BV-VILLA", "BV-MID", "CO-A", "CO-B")],
    ("STAK-X", "Organization", "name", "Stichting Administratiekantoor X"),
    *[(p, "Person", "name", p.title()) for p in ("KING", "TRUST-PERSON", "STRAW", "RESIDENT")],
]


def _purchase(ledger: Ledger, buyer_account: str, buyer: str) -> list[str]:
    return [ledger.pay("ACC-A", buyer_account, 400000, at=0, kind="Rekening-courant", payer="CO-A", beneficiary=buyer),
            ledger.pay("ACC-B", buyer_account, 300000, at=24 * 20, kind="Lening", payer="CO-B", beneficiary=buyer),
            ledger.pay(buyer_account, "ACC-NOTARY", 700000, at=24 * 30, purpose="Koopsom Villa Dorpsweg 5",
                       payer=buyer, beneficiary="NOTARIS")]


def _villa(assets: list[dict]) -> dict:
    return next(a for a in assets if a["asset_id"] == "villa")


def test_purchase_money_through_own_companies_beats_the_register() -> None:
    ledger = Ledger()
    _purchase(ledger, "ACC-V", "BV-VILLA")
    store = ledger.store()
    add_statements(store, REGISTER)
    villa = _villa(asset_inventory(store.con))
    assert villa["beneficial_owner"] == "KING"
    ranked = [c["entity"] for c in villa["candidates"]]
    assert ranked[0] == "KING"  # the register ends at a STAK, seen through as a nominee
    assert villa["confidence"] > 0.5 and any("source of funds" in e for e in villa["candidates"][0]["evidence"])
    assert villa["source_of_funds"][0]["traced"] == {"KING": 700000.0}


def test_nominee_whose_income_cannot_explain_the_asset() -> None:
    ledger = Ledger()
    ledger.monthly("EMPLOYER", "ACC-S", 1800, months=6, day_hours=24 * 31)  # after the purchase
    _purchase(ledger, "ACC-S", "STRAW")
    store = ledger.store()
    add_statements(store, [r for r in REGISTER if r[0] != "own-1"]
                   + [("own-9", "Ownership", "owner", "STRAW"), ("own-9", "Ownership", "asset", "villa"),
                      ("acc-s", "BankAccount", "iban", "NL91ABNA0417164300"),
                      ("hold-s", "Ownership", "owner", "STRAW"), ("hold-s", "Ownership", "asset", "ACC-S")])
    villa = _villa(asset_inventory(store.con))
    assert villa["beneficial_owner"] == "KING"
    assert [c["entity"] for c in villa["candidates"]][:2] == ["KING", "STRAW"]
    # the purchase money only passed through his account: his own income is six salaries
    assert villa["nominee"]["entity"] == "STRAW" and villa["nominee"]["income"] == 6 * 1800


def test_without_a_money_trail_the_register_answer_holds_and_the_user_is_a_candidate() -> None:
    ledger = Ledger()
    ledger.pay("X1", "X2", 100, kind="transfer")
    store = ledger.store()
    register = [r for r in REGISTER if r[0] != "own-1"] + [("own-1", "Ownership", "owner", "STRAW"),
                                                          ("own-1", "Ownership", "asset", "villa")]
    add_statements(store, register + [("RESIDENT", "Person", "address", "Dorpsweg 5, Laren")])
    villa = _villa(asset_inventory(store.con))
    assert villa["beneficial_owner"] == "STRAW"             # a tie: the register's answer goes first
    assert [c["entity"] for c in villa["candidates"]] == ["STRAW", "RESIDENT"]
    assert villa["source_of_funds"] == [] and villa["nominee"] is None  # no accounts known: no income claim


def test_behind_a_stak_without_money_trail_the_user_is_the_candidate() -> None:
    ledger = Ledger()
    ledger.pay("X1", "X2", 100, kind="transfer")
    store = ledger.store()
    add_statements(store, REGISTER + [("RESIDENT", "Person", "address", "Dorpsweg 5, Laren")])
    villa = _villa(asset_inventory(store.con))
    assert villa["beneficial_owner"] == "RESIDENT" and villa["basis"].startswith("lives at its address")
