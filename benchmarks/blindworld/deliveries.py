"""The operational deliveries: the bank (customers and a raw mutations export with an FtM
mapping), the police (persons, relations, observed meetings, vehicles seen in use) and the
telecom providers' traffic data (subscribers and calls, firms by their own number)."""

from __future__ import annotations

import csv
import hashlib
import random
from pathlib import Path

from .records import Source
from .registers import company_record
from .world import World

DELIVERIES = {
    "bank-klanten": ("bank", "wwft", "Bank: klanten, rekeningen, rekeninghouders"),
    "bank-mutaties": ("bank", "wwft", "Bank: mutaties (export met FtM-mapping)"),
    "politie-bvh": ("politie", "wpg-9", "Politie: personen, relaties, observaties"),
    "telecom-vorderingen": ("politie", "wpg-9", "Verkeersgegevens na vordering (art. 126n Sv)"),
}
ACCOUNT_KEY = "rekening"
PAYMENT_KEY = "mutatie"
MAPPING = f"""mutaties:
  queries:
  - csv_url: bank-mutaties.csv
    entities:
      van:
        schema: BankAccount
        key_literal: {ACCOUNT_KEY}
        keys: [van_rekening]
        properties:
          iban: {{column: van_rekening}}
      naar:
        schema: BankAccount
        key_literal: {ACCOUNT_KEY}
        keys: [naar_rekening]
        properties:
          iban: {{column: naar_rekening}}
      mutatie:
        schema: Payment
        key_literal: {PAYMENT_KEY}
        keys: [mutatie_id]
        properties:
          transactionNumber: {{column: mutatie_id}}
          date: {{column: datum_tijd}}
          amount: {{column: bedrag}}
          currency: {{column: valuta}}
          purpose: {{column: mutatiesoort}}
          description: {{column: omschrijving}}
          payerAccount: {{entity: van}}
          beneficiaryAccount: {{entity: naar}}
"""


def mapped_id(literal: str, value: str) -> str:
    """The id FtM's mapping gives an entity keyed on one column (no key prefix)."""
    return hashlib.sha1((literal + value).encode("utf-8")).hexdigest()


def bank(w: World, seed: int) -> Source:
    src = Source("bank-klanten", "bank", seed, random.Random(seed * 7 + 5))
    for iban, (holder, bank_name) in w.accounts.items():
        if holder in w.companies:
            h = company_record(src, w, holder, with_kvk=src.rng.random() < 0.8)
        else:
            p = w.persons[holder]
            h = src.person(p, extra={"phone": src.phone(p.phone), "email": p.email})
        acct = src.add(mapped_id(ACCOUNT_KEY, iban), "BankAccount", iban=iban, bankName=bank_name,
                       country=iban[:2].lower())
        src.add(src.rid(f"hold|{iban}"), "Ownership", owner=h, asset=acct, role="rekeninghouder")
    return src


def payments_csv(w: World, folder: Path) -> tuple[Path, Path]:
    path, mapping = folder / "bank-mutaties.csv", folder / "bank-mutaties.mapping.yml"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, quoting=csv.QUOTE_MINIMAL)
        out.writerow(["mutatie_id", "datum_tijd", "van_rekening", "naar_rekening", "bedrag",
                      "valuta", "mutatiesoort", "omschrijving"])
        for p in sorted(w.payments, key=lambda p: (p.ts, p.txid)):
            out.writerow([p.txid, p.ts.strftime("%Y-%m-%dT%H:%M:%S"), p.payer, p.beneficiary,
                          f"{p.amount:.2f}", "EUR", p.kind, p.text])
    mapping.write_text(MAPPING, encoding="utf-8")
    return path, mapping


def police(w: World, seed: int) -> Source:
    src = Source("politie-bvh", "politie", seed, random.Random(seed * 7 + 6))
    rng = src.rng
    known = set()
    for g in w.groups:
        members = [g["kingpin"], *g["lieutenants"], *(p for c in g["cells"].values() for p in c),
                   *g["money_mules"], *g["straw_men"]]
        known.update(m for m in members if rng.random() < 0.9)
        known.update(f for f in g["facilitators"] if rng.random() < 0.5)
    known.update(p for p in w.persons if rng.random() < 0.03)  # ordinary police contacts
    rec = {}
    for tid in sorted(known):
        p = w.persons[tid]
        rec[tid] = src.person(p, extra={"phone": src.phone(p.phone, 0.6),
                                        "nationality": p.nationality})
    for g in w.groups:  # what the investigation has recorded of the ties
        ties = [(g["kingpin"], lt) for lt in g["lieutenants"] if rng.random() < 0.5]
        ties += [(lt, p) for lt, cell in g["cells"].items() for p in cell if rng.random() < 0.6]
        ties += [(rng.choice(g["lieutenants"]), m) for m in g["money_mules"] if rng.random() < 0.3]
        for a, b in ties:
            if a in rec and b in rec:
                src.add(src.rid(f"ass|{a}|{b}"), "Associate", person=rec[a], associate=rec[b],
                        relationship=rng.choice(("handlanger", "contact", "kennis")))
    for a, b, rel in w.families:
        if a in rec and b in rec:
            src.add(src.rid(f"fam|{a}|{b}"), "Family", person=rec[a], relative=rec[b], relationship=rel)
    for i, (ts, place, present) in enumerate(w.meetings):
        if rng.random() < 0.7 and all(p in rec for p in present):
            src.add(src.rid(f"obs|{i}"), "Event", name="Observatie ontmoeting", date=ts.isoformat(timespec="minutes"),
                    location=place, involved=[rec[p] for p in present])
    for v in w.vehicles:  # plates seen in use by a known person
        if v["driver"] in rec and v["driver"] != v["holder"] and rng.random() < 0.8:
            src.add(src.rid(f"veh|{v['vid']}"), "Vehicle", registrationNumber=v["plate"], model=v["model"],
                    operator=rec[v["driver"]], description="Voertuig in gebruik bij betrokkene (observatie)")
    return src


def telecom(w: World, seed: int) -> Source:
    src = Source("telecom-vorderingen", "telecom", seed, random.Random(seed * 7 + 7))
    subscriber: dict[str, str] = {}
    owner_of_number: dict[str, str] = {}
    for p in w.persons.values():  # the first person with a number holds the contract
        owner_of_number.setdefault(p.phone, p.tid)
    for c in w.companies.values():
        if c.phone:
            owner_of_number[c.phone] = c.tid

    def party(number: str) -> str:
        if number not in subscriber:
            holder = owner_of_number[number]
            if holder in w.companies:
                c = w.companies[holder]
                subscriber[number] = src.add(src.rid(f"sub|{number}"), "Company", name=c.name, phone=number)
                src.truth[subscriber[number]] = holder
            else:
                subscriber[number] = src.person(w.persons[holder], key=f"sub|{number}",
                                                extra={"phone": number})
        return subscriber[number]

    for i, (a, b, na, nb, ts, dur) in enumerate(w.calls):
        src.add(src.rid(f"call|{i}"), "Call", caller=party(na), receiver=party(nb), callerNumber=na,
                receiverNumber=nb, date=ts.isoformat(timespec="seconds"), duration=str(dur))
    return src
