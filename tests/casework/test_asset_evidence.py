"""Every evidence line of a candidate beneficial owner carries the datasets it rests on, and its
``{{id}}`` marks are captioned for the viewer (the derived-data rule, casework/disclosure.py)."""

from __future__ import annotations

from offensief.casework.finance import _evidence_inputs, _named_candidates
from offensief.finance.assets import asset_inventory
from tests.finance.helpers import Ledger, add_statements


def test_each_evidence_line_names_its_datasets_and_is_captioned() -> None:
    ledger = Ledger()
    ledger.pay("ACC-S", "ACC-NOTARY", 300000, purpose="Koopsom Kade 1 Delft", payer="STRAW", beneficiary="NOTARY")
    store = ledger.store()  # payments from dataset "bank"
    add_statements(store, [("flat", "RealEstate", "address", "Kade 1, 2611 AA Delft"),
                           ("flat", "RealEstate", "amount", "300000"),
                           ("o1", "Ownership", "owner", "STRAW"), ("o1", "Ownership", "asset", "flat"),
                           ("STRAW", "Person", "name", "S. Traw"), ("STRAW", "Person", "birthDate", "1980-01-01")])
    add_statements(store, [("USER", "Person", "name", "U. Ser"), ("USER", "Person", "address", "Kade 1, Delft"),
                           ("fam", "Family", "person", "USER"), ("fam", "Family", "relative", "STRAW")], dataset="brp")
    assets = [a for a in asset_inventory(store.con) if a["asset_id"] == "flat"]
    _evidence_inputs(store.con, assets)
    details = {d["kind"]: d for c in assets[0]["candidates"] for d in c["evidence_detail"]}
    assert details["use"]["inputs"] == ["brp", "kvk"]       # the resident (brp) at the property (kvk)
    assert details["funds"]["inputs"] == ["bank", "kvk"]    # the purchase payment and the buyer
    named = _named_candidates({"candidates": [{"evidence": ["fronts for {{USER}}"], "evidence_detail": []}]},
                              {"USER": "U. Ser"})
    assert named[0]["evidence"] == ["fronts for U. Ser"]
