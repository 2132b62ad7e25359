"""goAML XML reports (the UNODC format FIU-Nederland receives) as FtM entities.

``read_goaml(path)`` yields ``(line, entity)`` for every ``Payment`` (one per
``<transaction>``), the ``BankAccount``s, ``Person``s and ``Company``/``LegalEntity``s on both
sides (``t_from`` / ``t_from_my_client`` and ``t_to`` / ``t_to_my_client``), and an
``Ownership`` linking each account to its holder (FtM 4 has no holder property on
``BankAccount``). Ids are stable content hashes, so re-reading a report gives the same ids.
Cash is recognised from the funds code (``K`` or ``CASH``) and written into ``description``
as ``cash-deposit`` / ``cash-withdrawal``, as the ``transactions`` table expects.

>>> from pathlib import Path
>>> entities = list(read_goaml(Path("tests/ingest/goaml_example.xml")))  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from offensief.model.errors import InputError

CASH_CODES = frozenset({"K", "CASH", "C"})
Entity = dict[str, Any]


@dataclass
class Node:
    """A parsed XML element that remembers its line."""

    tag: str
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def value(self, tag: str) -> str | None:
        node = self.find(tag)
        text = node.text.strip() if node is not None else ""
        return text or None


def parse(path: Path) -> Node:
    """Parse the file into :class:`Node`s; malformed XML names its line."""
    if not path.exists():
        raise InputError("file not found", file=str(path))
    stack: list[Node] = [Node("#document", 0)]
    parser = expat.ParserCreate()

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag.split(":")[-1], parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        stack[-1].text += data

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        with path.open("rb") as fh:
            parser.ParseFile(fh)
    except expat.ExpatError as exc:
        raise InputError(f"not well-formed goAML XML: {expat.errors.messages[exc.code]}",
                         file=str(path), line=exc.lineno) from None
    root = stack[0].find("report")
    if root is None:
        raise InputError("no <report> root element: not a goAML report", file=str(path), line=1)
    return root


def _id(kind: str, *parts: str | None) -> str:
    digest = hashlib.sha1("|".join(p or "" for p in parts).encode()).hexdigest()[:20]
    return f"goaml-{kind}-{digest}"


class Reader:
    """Turns one parsed report into entities, remembering the ones already emitted."""

    def __init__(self, path: Path):
        self.path = path
        self.seen: set[str] = set()
        self.out: list[tuple[int, Entity]] = []
        self.currency = "EUR"

    def emit(self, line: int, entity: Entity) -> str:
        if entity["id"] not in self.seen:
            self.seen.add(entity["id"])
            props = {k: [v] for k, v in entity["properties"].items() if v is not None}
            self.out.append((line, {"id": entity["id"], "schema": entity["schema"], "properties": props}))
        return str(entity["id"])

    def fail(self, node: Node, message: str, field: str) -> InputError:
        return InputError(message, file=str(self.path), line=node.line, field=field)

    def person(self, node: Node) -> str:
        first, last = node.value("first_name"), node.value("last_name")
        if not (first or last):
            raise self.fail(node, "person without first_name or last_name", "last_name")
        name = " ".join(p for p in (first, node.value("prefix"), last) if p)
        birth = node.value("birthdate")
        return self.emit(node.line, {
            "id": _id("person", name.lower(), (birth or "")[:10], node.value("ssn")),
            "schema": "Person",
            "properties": {
                "name": name, "firstName": first, "lastName": last,
                "birthDate": birth[:10] if birth else None, "idNumber": node.value("ssn"),
                "nationality": node.value("nationality1"),
            },
        })

    def entity(self, node: Node) -> str:
        name = node.value("name")
        if not name:
            raise self.fail(node, "entity without name", "name")
        number = node.value("incorporation_number")
        return self.emit(node.line, {
            "id": _id("entity", name.lower(), number),
            "schema": "Company" if number else "LegalEntity",
            "properties": {"name": name, "registrationNumber": number,
                           "jurisdiction": node.value("incorporation_country_code")},
        })

    def account(self, node: Node) -> tuple[str, str | None]:
        number = node.value("iban") or node.value("account")
        if not number:
            raise self.fail(node, "account without iban or account number", "account")
        account_id = self.emit(node.line, {
            "id": _id("account", number.replace(" ", "").upper()),
            "schema": "BankAccount",
            "properties": {"iban": node.value("iban"), "accountNumber": node.value("account"),
                           "bankName": node.value("institution_name"), "bic": node.value("swift"),
                           "currency": node.value("currency_code")},
        })
        holder = None
        if (ent := node.find("t_entity")) is not None:
            holder = self.entity(ent)
        else:
            for sig in (s for s in node.children if s.tag == "signatory"):
                person = sig.find("t_person")
                if person is not None and (holder is None or sig.value("is_primary") in ("true", "1")):
                    holder = self.person(person)
        if holder is not None:
            self.emit(node.line, {"id": _id("ownership", holder, account_id), "schema": "Ownership",
                                  "properties": {"owner": holder, "asset": account_id, "role": "account holder"}})
        return account_id, holder

    def side(self, tx: Node, prefix: str) -> tuple[str | None, str | None, bool]:
        """(party id, account id, cash?) of the ``from`` or ``to`` side of a transaction."""
        node = tx.find(f"t_{prefix}_my_client") or tx.find(f"t_{prefix}")
        if node is None:
            raise self.fail(tx, f"transaction without t_{prefix} or t_{prefix}_my_client", f"t_{prefix}")
        cash = (node.value(f"{prefix}_funds_code") or "").upper() in CASH_CODES
        party = account = None
        if (acc := node.find(f"{prefix}_account")) is not None:
            account, party = self.account(acc)
        if (person := node.find(f"{prefix}_person")) is not None:
            party = self.person(person)
        elif (ent := node.find(f"{prefix}_entity")) is not None:
            party = self.entity(ent)
        return party, account, cash

    def transaction(self, tx: Node) -> None:
        number = tx.value("transactionnumber")
        if not number:
            raise self.fail(tx, "transaction without transactionnumber", "transactionnumber")
        raw_amount = tx.value("amount_local")
        try:
            amount = float(raw_amount or "")
        except ValueError:
            raise self.fail(tx, f"amount_local {raw_amount!r} is not a number", "amount_local") from None
        date = tx.value("date_transaction")
        if not date:
            raise self.fail(tx, "transaction without date_transaction", "date_transaction")
        payer, payer_acc, cash_in = self.side(tx, "from")
        beneficiary, beneficiary_acc, cash_out = self.side(tx, "to")
        channel = "cash-deposit" if cash_in else "cash-withdrawal" if cash_out else "transfer"
        self.emit(tx.line, {
            "id": _id("tx", self.path.name, number),
            "schema": "Payment",
            "properties": {
                "transactionNumber": number, "amount": f"{amount:.2f}", "currency": self.currency,
                "date": date[:19], "payer": payer, "payerAccount": payer_acc,
                "beneficiary": beneficiary, "beneficiaryAccount": beneficiary_acc,
                "description": channel, "purpose": tx.value("transaction_description"),
            },
        })


def read_goaml(path: Path) -> Iterator[tuple[int, Entity]]:
    """Yield ``(line, FtM entity dict)`` for a goAML report; bad input raises
    :class:`InputError` naming file, line and field (nothing is yielded before the whole
    report has been checked)."""
    root = parse(path)
    reader = Reader(path)
    reader.currency = root.value("currency_code_local") or "EUR"
    transactions = [c for c in root.children if c.tag == "transaction"]
    if not transactions:
        raise InputError("report holds no <transaction>", file=str(path), line=root.line, field="transaction")
    for tx in transactions:
        reader.transaction(tx)
    yield from reader.out
