"""Derived finance findings rest on every dataset they show or read (docs: DESIGN.md §5): a
typed payment row, an asset whose purchase money was traced, an alert whose flags read other
payments and the register — and accounts of different banks are one account only by IBAN."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from offensief.access.pseudonym import Pseudonymiser
from offensief.access.view import CLEAR
from offensief.casework.finance import compute_alerts, compute_assets, shown_alerts, shown_assets
from offensief.finance.alerts import detect_alerts
from offensief.finance.settings import Settings
from offensief.finance.transactions import Engine, prepare
from offensief.network.entities import _unify_accounts
from offensief.store.duckstore import Store
from offensief.store.reads import transactions, visible_copy
from tests.finance.helpers import Ledger, add_statements, fired


def viewer(clear: list[str], token: list[str]) -> Any:
    """What the finance views read of a viewer: dataset levels and the case's pseudonymiser."""
    return SimpleNamespace(levels={**{d: "token" for d in token}, **{d: CLEAR for d in clear}},
                           pseudonymiser=Pseudonymiser(secret=b"k" * 32, case_id=1))


def payment(store: Store, pid: str, props: dict[str, str], dataset: str) -> None:
    add_statements(store, [(pid, "Payment", p, v) for p, v in props.items()], dataset=dataset)


# -- 1. a typed payment row -------------------------------------------------------------------

def test_a_payment_row_shows_no_value_of_another_dataset() -> None:
    """Bank B delivered the amount, bank A the date, accounts and purpose of one payment: a
    reader of bank A only must not get bank B's amount."""
    store = Store.memory()
    payment(store, "pay-1", {"amount": "9137"}, "bank-b")
    payment(store, "pay-1", {"date": "2025-03-03", "payerAccount": "ACC-1", "beneficiaryAccount": "ACC-2",
                             "purpose": "lening"}, "bank-a")
    store.rebuild_derived()
    only_a = visible_copy(store, ["bank-a"])
    assert 9137.0 not in [r[0] for r in only_a.execute("SELECT amount FROM transactions").fetchall()]
    assert all(r["amount"] != 9137.0 for r in transactions(store, ["bank-a"]))
    # the row that shows the amount is labelled with (only) the dataset of every value in it
    rows = transactions(store, ["bank-a", "bank-b"])
    assert [(r["amount"], r["ts"], r["purpose"], r["dataset"]) for r in rows] == [(9137.0, None, None, "bank-b")]


# -- 2. an asset whose purchase money was traced ------------------------------------------------

def test_traced_purchase_of_an_unowned_vehicle_rests_on_the_payments() -> None:
    ledger = Ledger()
    ledger.pay("ACC-X", "ACC-DEALER", 10000, at=0, payer="FRONT", beneficiary="DEALER")
    ledger.pay("ACC-FRONT", "ACC-X", 41000, at=24, payer="FRONT", beneficiary="X")
    ledger.pay("ACC-X", "ACC-DEALER", 40000, at=48, purpose="Aankoop auto kenteken XX-123-Y",
               payer="X", beneficiary="DEALER")
    store = ledger.store()  # payments of dataset "bank"
    add_statements(store, [("car", "Vehicle", "registrationNumber", "XX-123-Y"),
                           ("car", "Vehicle", "amountEur", "40000"), ("car", "Vehicle", "model", "Auto")],
                   dataset="rdw")
    found = {a["asset_id"]: a for a in compute_assets(store, ["bank", "rdw"])}
    car = found["car"]
    assert car["source_of_funds"], car  # the purchase was traced through the payments
    assert "bank" in car["inputs"]
    shown = shown_assets(viewer(["rdw"], ["bank"]), [car])
    blob = json.dumps(shown)
    assert shown["withheld"] == 1 and not shown["assets"][0]["inputs"]["disclosed"]
    assert "40000" not in blob and "41000" not in blob and '"t3"' not in blob and "FRONT" not in blob


# -- 3. accounts of several banks ----------------------------------------------------------------

def _accounts(store: Store) -> dict[str, str]:
    con = visible_copy(store, ["bank-a", "bank-b"])
    prepare(Engine(con), settings=Settings(), holders=False)
    return dict(con.execute("SELECT source_id, account FROM fin_account").fetchall())


def test_a_bare_account_number_joins_no_accounts_of_different_banks() -> None:
    store = Store.memory()
    add_statements(store, [("a-1", "BankAccount", "accountNumber", "123456789"),
                           ("a-2", "BankAccount", "iban", "987654321"),
                           ("a-3", "BankAccount", "iban", "NL91 ABNA 0417 1643 00")], dataset="bank-a")
    add_statements(store, [("b-1", "BankAccount", "accountNumber", "123456789"),
                           ("b-2", "BankAccount", "iban", "987654321"),
                           ("b-3", "BankAccount", "iban", "NL91ABNA0417164300")], dataset="bank-b")
    assert _accounts(store) == {"b-3": "a-3"}  # only the full IBAN names one account
    mapping: dict[str, str] = {}
    rows = [(e, "BankAccount", "iban", "identifier", v, "d")
            for e, v in (("a-2", "987654321"), ("b-2", "987654321"), ("a-3", "NL91ABNA0417164300"),
                         ("b-3", "nl91 abna 0417 1643 00"))]
    _unify_accounts(rows, mapping)
    assert mapping == {"a-3": "a-3", "b-3": "a-3"}


# -- 4. alerts -------------------------------------------------------------------------------------

def test_an_alert_rests_on_the_other_payments_and_register_data_its_flags_read() -> None:
    ledger = Ledger()
    planted = [ledger.pay(f"S{i}", "B", 3000 + 25 * i, at=7 * i) for i in range(7)]
    history = ledger.monthly("B", "LANDLORD", 950)  # the hub's own payments, from another bank
    store = ledger.store()
    store.con.execute("UPDATE transaction_rows SET dataset = 'bank2' WHERE id IN (SELECT unnest(?))", [history])
    add_statements(store, [("B", "BankAccount", "iban", "NL02ABNA0123456789")], dataset="bank")
    add_statements(store, [("own-b", "Ownership", "asset", "B"), ("own-b", "Ownership", "owner", "ACME"),
                           ("ACME", "Company", "name", "Acme BV"), ("ACME", "Company", "sector", "horeca")],
                   dataset="kvk")
    assert fired(detect_alerts(store.con), "fan_in")
    alerts = fired(compute_alerts(store, ["bank", "bank2", "kvk"]), "fan_in")
    assert len(alerts) == 1 and set(alerts[0]["transaction_ids"]) == set(planted)
    assert alerts[0]["inputs"] == ["bank", "bank2", "kvk"]
    for clear, token in ((["bank", "kvk"], ["bank2"]), (["bank", "bank2"], ["kvk"])):
        shown = shown_alerts(viewer(clear, token), alerts)[0]
        assert not shown["inputs"]["disclosed"] and shown["amount"] is None and not shown["transaction_ids"]
        assert "ACME" not in json.dumps(shown)


# -- 5. an account valued from its payments, attributed from them ----------------------------------

def _account_world(*, holders: bool) -> Store:
    """Bank A holds the account's record (no owner record, no balance); bank B delivered the
    payments into and out of it (with the parties' ids when ``holders``)."""
    ledger = Ledger()
    ledger.pay("ACC-X", "ACC-1", 30000, at=0, payer="P-X", beneficiary="P-1")
    ledger.pay("ACC-Y", "ACC-1", 12000, at=24, payer="P-Y", beneficiary="P-1")
    ledger.pay("ACC-1", "ACC-Z", 2000, at=48, payer="P-1", beneficiary="P-Z")
    store = ledger.store()
    store.con.execute("UPDATE transaction_rows SET dataset = 'bank-b'")
    if not holders:
        store.con.execute("UPDATE transaction_rows SET payer_id = NULL, beneficiary_id = NULL")
    add_statements(store, [("ACC-1", "BankAccount", "iban", "NL91ABNA0417164300"),
                           ("P-1", "Person", "name", "Piet Een")], dataset="bank-a")
    return store


def test_an_account_valued_from_another_banks_payments_rests_on_them() -> None:
    store = _account_world(holders=False)
    account = {a["asset_id"]: a for a in compute_assets(store, ["bank-a", "bank-b"])}["ACC-1"]
    assert account["value"] == 40000 and account["beneficial_owner"] is None
    assert account["inputs"] == ["bank-a", "bank-b"]  # the value is the payments' net inflow
    shown = shown_assets(viewer(["bank-a"], ["bank-b"]), [account])
    assert shown["withheld"] == 1 and shown["assets"][0]["value"] is None
    assert "40000" not in json.dumps(shown)


def test_an_account_attributed_to_its_holder_rests_on_the_payments_that_name_him() -> None:
    store = _account_world(holders=True)
    account = {a["asset_id"]: a for a in compute_assets(store, ["bank-a", "bank-b"])}["ACC-1"]
    assert account["beneficial_owner"] == "P-1"
    assert account["inputs"] == ["bank-a", "bank-b"]
    assert account["payments_read"] == ["ACC-1"]
    holding = account["candidates"][0]["evidence_detail"][0]  # the holding the payments imply
    assert holding["entity_ids"] == ["ACC-1", "P-1"] and holding["inputs"] == ["bank-a", "bank-b"]
    shown = shown_assets(viewer(["bank-a"], ["bank-b"]), [account])
    blob = json.dumps(shown)
    assert shown["withheld"] == 1 and "P-1" not in blob and "Piet" not in blob and "40000" not in blob
