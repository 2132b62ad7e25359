"""Two banks deliver what they hold (on a Wwft/FIU request or a police order).

A bank knows its own customers (KYC: call name, birth date, address) and their accounts; a
payment is delivered by the bank of the paying account (the bank of the receiving account
for cash deposits and payments from abroad). The other side is then only what the transfer
says: an account number and a name as typed, which the bank keeps as a counterparty. Bank
Noord delivers payments as a CSV export with an FtM mapping, Bank Zuid as FtM JSON lines.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .activity import Activity, Pay
from .names import call_name, date_variant, initials, typo
from .population import World
from .sink import Sink, short

BANKS = {"NOBA": ("bank-noord", "Bank Noord N.V."), "ZUBA": ("bank-zuid", "Bank Zuid N.V.")}

PAYMENTS_MAPPING = """\
payments:
  queries:
    - csv_url: bank_noord_transacties.csv
      entities:
        payment:
          schema: Payment
          id_column: transactie_id
          properties:
            date: {column: boekdatum}
            amount: {column: bedrag}
            currency: {column: valuta}
            purpose: {column: omschrijving}
            payer: {entity: payer}
            beneficiary: {entity: beneficiary}
            payerAccount: {entity: payer_account}
            beneficiaryAccount: {entity: beneficiary_account}
        payer:
          schema: LegalEntity
          id_column: betaler_id
        beneficiary:
          schema: LegalEntity
          id_column: begunstigde_id
        payer_account:
          schema: BankAccount
          id_column: betaler_rekening_id
        beneficiary_account:
          schema: BankAccount
          id_column: begunstigde_rekening_id
"""


class Bank:
    def __init__(self, w: World, sink: Sink, code: str) -> None:
        self.w, self.sink, self.code = w, sink, code
        self.source, self.title = BANKS[code]
        self.file = f"{self.source.replace('-', '_')}.jsonl"
        self.parties: dict[str, str] = {}
        self.accounts: dict[str, str] = {}

    def own(self, owner: str) -> bool:
        return self.w.accounts.get(owner, [("", "")])[0][1] == self.code

    def party(self, owner: str) -> str:
        """This bank's record of ``owner``: a customer, or a counterparty as typed."""
        key = owner if self.own(owner) else f"tp:{owner}"
        if key in self.parties:
            return self.parties[key]
        w, rng = self.w, self.w.rng
        if self.own(owner):
            rid = f"{self.source}-klant-{short(self.code, owner)}"
            if owner in w.humans:
                h = w.humans[owner]
                self.sink.emit(self.file, rid, "Person", name=call_name(h) if rng.random() < 0.8
                               else initials(h), address=h.address,
                               birthDate=date_variant(rng, h.dob, p_missing=0.02, p_noise=0.03))
            else:
                f = w.firms[owner]
                self.sink.emit(self.file, rid, "Company", name=f.name, registrationNumber=f.kvk,
                               address=f.address)
            self.sink.record(self.source, rid, owner)
        else:
            rid = f"{self.source}-tp-{short(self.code, owner)}"
            name = (call_name(w.humans[owner]) if owner in w.humans else w.firms[owner].name)
            if rng.random() < 0.1:
                name = typo(rng, name)
            self.sink.emit(self.file, rid, "LegalEntity", name=name.upper())
        self.parties[key] = rid
        return rid

    def account(self, owner: str) -> str:
        number, bank = self.w.accounts[owner][0]
        if number in self.accounts:
            return self.accounts[number]
        rid = f"{self.source}-rek-{short(self.code, number)}"
        props: dict[str, object] = {}
        if bank == "foreign":
            props.update(accountNumber=number, country=number[:2].lower())
        else:
            props.update(iban=number, country="nl")
        if bank == self.code:
            props.update(bankName=self.title)
        self.sink.emit(self.file, rid, "BankAccount", **props)
        if bank == self.code:
            self.sink.emit(self.file, f"{self.source}-houder-{short(rid)}", "Ownership",
                           owner=self.party(owner), asset=rid, role="rekeninghouder")
        self.accounts[number] = rid
        return rid

    def row(self, p: Pay) -> dict[str, str]:
        return {"id": f"{self.source}-tx-{p.pid[1:]}", "date": p.day.isoformat(),
                "amount": f"{p.amount:.2f}", "purpose": p.purpose,
                "payer": "" if p.cash else self.party(p.payer),
                "payer_account": "" if p.cash else self.account(p.payer),
                "beneficiary": self.party(p.ben), "beneficiary_account": self.account(p.ben)}


def deliverer(w: World, p: Pay) -> str:
    payer_bank = w.accounts[p.payer][0][1]
    if p.cash or payer_bank == "foreign":
        return w.accounts[p.ben][0][1]
    return payer_bank


def deliver(w: World, sink: Sink, act: Activity, folder: Path) -> dict[str, str]:
    """Write both banks; returns payment id -> the record id its bank gave it."""
    noord, zuid = Bank(w, sink, "NOBA"), Bank(w, sink, "ZUBA")
    ids: dict[str, str] = {}
    with (folder / "bank_noord_transacties.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["transactie_id", "boekdatum", "bedrag", "valuta", "omschrijving",
                      "betaler_id", "betaler_rekening_id", "begunstigde_id",
                      "begunstigde_rekening_id"])
        for p in act.payments:
            bank = deliverer(w, p)
            if bank == "NOBA":
                r = noord.row(p)
                out.writerow([r["id"], r["date"], r["amount"], "EUR", r["purpose"], r["payer"],
                              r["payer_account"], r["beneficiary"], r["beneficiary_account"]])
            else:
                r = zuid.row(p)
                sink.emit(zuid.file, r["id"], "Payment", date=r["date"], amount=r["amount"],
                          currency="EUR", purpose=r["purpose"], payer=r["payer"],
                          payerAccount=r["payer_account"], beneficiary=r["beneficiary"],
                          beneficiaryAccount=r["beneficiary_account"])
            ids[p.pid] = r["id"]
    (folder / "bank_noord_transacties.yml").write_text(PAYMENTS_MAPPING, encoding="utf-8")
    return ids
