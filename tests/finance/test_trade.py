"""Trade-based laundering across the border: invoices with two red flags among a round amount,
a high-risk jurisdiction and an amount out of line with the sector; ordinary trade stays quiet."""

from __future__ import annotations

from offensief.finance.alerts import detect_alerts
from offensief.finance.settings import Settings
from tests.finance.helpers import Ledger, add_statements, fired

TEXT = "Factuur INV-2023-{n} bouwmaterialen container TZCU6890607"


def _world() -> tuple[Ledger, dict[str, list[str]]]:
    ledger = Ledger()
    out: dict[str, list[str]] = {"risky": [], "over": [], "ordinary": [], "one_flag": []}
    for i, amount in enumerate((48000, 52000, 61000)):     # round, to a high-risk jurisdiction
        out["risky"].append(ledger.pay("NL-A", "VN-X", amount, at=24 * 3 * i, kind=TEXT.format(n=1700 + i),
                                       payer="BOUW-A", beneficiary="FOREIGN-X"))
    for i in range(10):                                      # the sector's ordinary imports from Germany
        out["ordinary"].append(ledger.pay("NL-B", "DE-Y", 19000 + 431.17 * i, at=24 * 5 * i,
                                          kind=TEXT.format(n=1800 + i), payer="BOUW-B", beneficiary="SUPPLIER-Y"))
    for i, amount in enumerate((240000, 260000)):           # over-invoiced: round and far above the sector
        out["over"].append(ledger.pay("NL-C", "CN-Z", amount, at=24 * 60 + 24 * 2 * i,
                                      kind=TEXT.format(n=1900 + i), payer="BOUW-C", beneficiary="FOREIGN-Z"))
    for i in range(3):                                       # high-risk country but ordinary odd amounts
        out["one_flag"].append(ledger.pay("NL-D", "VN-W", 18750.40 + 97 * i, at=24 * 90 + 24 * 4 * i,
                                          kind=TEXT.format(n=2000 + i), payer="BOUW-D", beneficiary="FOREIGN-W"))
    return ledger, out


def _statements() -> list[tuple[str, str, str, str]]:
    rows = []
    for acc, iban in (("NL-A", "NL91ABNA0417164300"), ("NL-B", "NL20INGB0001234567"), ("NL-C", "NL02RABO0123456789"),
                      ("NL-D", "NL39RABO0300065264"), ("VN-X", "VN12 3456 7890"), ("DE-Y", "DE89370400440532013000"),
                      ("CN-W", ""), ("VN-W", "VN98 7654 3210")):
        if iban:
            rows.append((acc, "BankAccount", "iban", iban))
    rows.append(("CN-Z", "BankAccount", "country", "cn"))
    rows += [(f"BOUW-{x}", "Company", "sector", "Groothandel in bouwmaterialen") for x in "ABCD"]
    return rows


def test_cross_border_invoices_with_two_red_flags() -> None:
    ledger, planted = _world()
    store = ledger.store()
    add_statements(store, _statements())
    hits = fired(detect_alerts(store.con, settings=Settings(typologies=("trade_based",))), "trade_based")
    got = sorted(sorted(h["transaction_ids"]) for h in hits)
    assert got == sorted([sorted(planted["risky"]), sorted(planted["over"])])


def test_without_countries_ordinary_trade_is_not_trade_based() -> None:
    ledger, planted = _world()
    hits = fired(detect_alerts(ledger.store().con, settings=Settings(typologies=("trade_based",))), "trade_based")
    seen = {tx for h in hits for tx in h["transaction_ids"]}
    assert not seen & set(planted["ordinary"] + planted["one_flag"])


def _exports() -> tuple[Ledger, dict[str, list[str]]]:
    """Over-invoiced exports (FATF–Egmont 2020): a foreign firm pays a Dutch firm's "export"
    invoices — texts without goods or quantities, odd amounts, from a country on no list — far
    above anything the Dutch firm ever bought, and the same foreign firm takes its "management
    fee" from it. Look-alikes: a real exporter that buys its goods first, and an exporter whose
    sales are unbacked but whose buyer moves no other money with it (one red flag)."""
    ledger = Ledger()
    out: dict[str, list[str]] = {"over": [], "exporter": [], "one_flag": []}
    for i, amount in enumerate((71450, 47520, 57990, 81220, 67970, 72540)):
        out["over"].append(ledger.pay("AE-F", "NL-G", amount, at=24 * 15 * i, kind=f"Invoice EXP-2024-{445 + i}",
                                      payer="FOREIGN-F", beneficiary="FRUIT-G"))
    for m in range(6):                                       # its own purchases: freight only
        ledger.pay("NL-G", "NL-K", 4860 + 311 * m, at=24 * 30 * m + 5, kind="Transport container",
                   payer="FRUIT-G", beneficiary="CARRIER-K")
    ledger.pay("NL-G", "AE-F", 111157.10, at=24 * 100, kind="Management fee", payer="FRUIT-G", beneficiary="FOREIGN-F")
    for i in range(6):                                       # a real exporter: buys, then sells at a margin
        ledger.pay("NL-E", "NL-S", 41230 + 517 * i, at=24 * 15 * i, kind=f"Factuur {700 + i}",
                   payer="EXPORT-E", beneficiary="GROWER-S")
        out["exporter"].append(ledger.pay("BE-B", "NL-E", 52370 + 613 * i, at=24 * 15 * i + 48,
                                          kind=f"Invoice EXP-{900 + i}", payer="BUYER-B", beneficiary="EXPORT-E"))
    for i in range(4):                                       # unbacked sales, but an unrelated buyer
        out["one_flag"].append(ledger.pay("TR-T", "NL-H", 38410 + 733 * i, at=24 * 15 * i, kind=f"Invoice {300 + i}",
                                          payer="BUYER-T", beneficiary="TRADER-H"))
    ledger.pay("NL-H", "NL-K", 3120, at=24 * 20, kind="Transport container", payer="TRADER-H", beneficiary="CARRIER-K")
    return ledger, out


def _export_statements() -> list[tuple[str, str, str, str]]:
    rows = [(acc, "BankAccount", "iban", iban) for acc, iban in (
        ("NL-G", "NL48NOBA0000420129"), ("NL-K", "NL07ZUBA0000392879"), ("NL-E", "NL39NOBA0000384344"),
        ("NL-S", "NL68NOBA0000100582"), ("BE-B", "BE68539007547034"), ("NL-H", "NL91ABNA0417164300"))]
    for acc, country in (("AE-F", "ae"), ("TR-T", "tr")):
        rows += [(acc, "BankAccount", "accountNumber", f"{acc}-0331-000000420137"), (acc, "BankAccount", "country", country)]
    return rows


def test_over_invoiced_exports_without_goods_to_a_related_foreign_firm() -> None:
    ledger, planted = _exports()
    store = ledger.store()
    add_statements(store, _export_statements(), dataset="bank")
    hits = fired(detect_alerts(store.con, settings=Settings(typologies=("trade_based",))), "trade_based")
    assert len(hits) == 1 and set(hits[0]["transaction_ids"]) == set(planted["over"])


def test_flagged_invoices_of_one_trading_pair_weeks_apart_are_one_episode() -> None:
    # round goods invoices to one foreign buyer every five weeks (longer than a billing cycle
    # apart); one such invoice alone, to another buyer, stays below two invoices
    ledger = Ledger()
    over = [ledger.pay("NL-A", "CO-X", amount, at=24 * 35 * k, kind=f"Factuur INV-2024-{k} bananen {q} pallets container MSKU123456{k}")
            for k, (amount, q) in enumerate(((140000, 40), (90000, 29), (50000, 39)))]
    ledger.pay("NL-B", "CO-Y", 60000, at=24 * 10, kind="Factuur INV-2024-77 bananen 12 pallets container TGHU7654321")
    store = ledger.store()
    add_statements(store, [("NL-A", "BankAccount", "iban", "NL91ABNA0417164300"), ("CO-X", "BankAccount", "iban", "CO12 3456"),
                           ("NL-B", "BankAccount", "iban", "NL20INGB0001234567"), ("CO-Y", "BankAccount", "iban", "CO98 7654")])
    hits = fired(detect_alerts(store.con, settings=Settings(typologies=("trade_based",))), "trade_based")
    assert [sorted(h["transaction_ids"]) for h in hits] == [sorted(over)]
