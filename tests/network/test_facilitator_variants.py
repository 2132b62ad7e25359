"""Facilitators in the shapes partner data give them (issue 13): the trade only through the
employer's sector, an SBI code or English NACE text; calls to the firm's number; invoices to the
firm's account; the "eigenaar" of a one-man business — and a busy benign accountant who is not one."""

from __future__ import annotations

from pathlib import Path

import pytest

from offensief.ingest import ingest_file
from offensief.network.graph import entity_graph, person_projection
from offensief.network.roles import analyse_roles
from offensief.store.duckstore import Store
from tests.network.world import _e, iban, person, write_jsonl

GROUPS = ("a", "b")


def _groups() -> list[dict]:
    """Two criminal groups of six; every member calls every other member."""
    out: list[dict] = []
    for g in GROUPS:
        members = [f"{g}{i}" for i in range(6)]
        out += [person(m, f"Lid {m}") for m in members]
        out += [_e(f"call-{x}-{y}", "Call", caller=x, receiver=y) for x in members for y in members if x < y]
    return out


def _calls(receiver: str, members: list[str], *, tag: str, by: str = "receiver") -> list[dict]:
    return [_e(f"call-{tag}-{m}", "Call", caller=m, **{by: receiver}) for m in members]


def _rows(store: Store, tmp_path: Path, entities: list[dict]) -> list[dict]:
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "world.jsonl", entities))
    eg = entity_graph(store)
    return analyse_roles(person_projection(eg), entity_graph=eg, top=10, seeds=2)["roles"]


def _row(rows: list[dict], pid: str, role: str) -> dict | None:
    return next((r for r in rows if r["id"] == pid and r["role"] == role), None)


@pytest.mark.parametrize(("sector", "field"), [
    ("Laad-, los- en overslagactiviteiten", "sector"),  # the register's Dutch text
    ("5224", "classification"),                          # the SBI code only
    ("Cargo handling", "sector"),                        # English NACE text
])
def test_port_insider_known_by_his_employers_sector(store: Store, tmp_path: Path, sector: str, field: str) -> None:
    """An employee with no profession on record, employed by a container terminal, called by
    members of two groups: a logistics facilitator through his employer's trade."""
    world = _groups() + [
        person("p-ins", "Ivo Kade"),
        _e("c-term", "Company", name="Container Terminal Zuid BV", legalForm="Besloten Vennootschap",
           **{field: sector}),
        _e("emp-1", "Employment", employer="c-term", employee="p-ins", role="medewerker"),
        *_calls("p-ins", ["a1", "a2", "b1", "b3"], tag="ins"),
    ]
    rows = _rows(store, tmp_path, world)
    row = _row(rows, "p-ins", "logistics_facilitator")
    assert row is not None and row["rank"] == 1 and row["flagged"] is True
    assert "employed by Container Terminal Zuid BV" in row["explanation"]["text"]
    assert "client groups: community" in row["explanation"]["text"]


@pytest.mark.parametrize("sector", ["Webhosting, webportals en datacenters", "63.11", "Data processing, hosting and related activities",
                                    "Reparatie van communicatieapparatuur"])
def test_it_person_employed_by_a_hosting_firm(store: Store, tmp_path: Path, sector: str) -> None:
    world = _groups() + [
        person("p-it", "Iris Server"),
        _e("c-host", "Company", name="Hosting Noord BV", sector=sector),
        _e("emp-2", "Employment", employer="c-host", employee="p-it"),
        *_calls("p-it", ["a0", "a3", "b2", "b4"], tag="it"),
    ]
    row = _row(_rows(store, tmp_path, world), "p-it", "digital_facilitator")
    assert row is not None and row["flagged"] is True


def test_employers_ties_count_only_where_the_employee_deals_personally(store: Store, tmp_path: Path) -> None:
    """Both groups call and pay the terminal. The insider, whom group a's members also call, is
    paid by group a through his employer (one contact and a paying group: a client group); a
    colleague without ties of his own gets nothing of the firm's ties and is no candidate."""
    world = _groups() + [
        person("p-ins", "Ivo Kade"), person("p-col", "Cor Collega"),
        _e("c-term", "Company", name="Container Terminal Zuid BV", sector="Laad-, los- en overslagactiviteiten"),
        _e("emp-1", "Employment", employer="c-term", employee="p-ins"),
        _e("emp-2", "Employment", employer="c-term", employee="p-col"),
        *_calls("c-term", ["a0", "b0"], tag="firm"),
        _e("pay-a", "Payment", payer="a1", beneficiary="c-term", amount="4000", description="Factuur overslag"),
        _e("pay-b", "Payment", payer="b1", beneficiary="c-term", amount="4000", description="Factuur overslag"),
        *_calls("p-ins", ["a2"], tag="ins-a"), *_calls("p-ins", ["b2", "b3"], tag="ins-b"),
    ]
    rows = _rows(store, tmp_path, world)
    row = _row(rows, "p-ins", "logistics_facilitator")
    assert row is not None and row["flagged"] is True
    features = {f["name"]: f["value"] for f in row["explanation"]["features"]}
    assert features["logistics_clients"] == 2 and features["groups_paying"] == 2
    assert "through Container Terminal Zuid BV" in row["explanation"]["text"]
    assert _row(rows, "p-col", "logistics_facilitator") is None


def test_one_call_per_group_is_no_client_group(store: Store, tmp_path: Path) -> None:
    """A terminal's employee, or a stated planner, whom one member of each group calls may be
    that member's friend or a customer: no client group, no row."""
    world = _groups() + [
        person("p-emp", "Eef Medewerker"), person("p-pl", "Piet Planner", profession="planner containerterminal"),
        _e("c-term", "Company", name="Container Terminal Zuid BV", classification="5224"),
        _e("emp-1", "Employment", employer="c-term", employee="p-emp"),
        *_calls("p-emp", ["a5", "b5"], tag="emp"), *_calls("p-pl", ["a4", "b4"], tag="pl"),
    ]
    rows = _rows(store, tmp_path, world)
    assert _row(rows, "p-emp", "logistics_facilitator") is None
    assert _row(rows, "p-pl", "logistics_facilitator") is None


@pytest.mark.parametrize("role", ["eigenaar", "Eigenaar", "owner"])
def test_one_man_business_called_on_its_number_and_paid_on_its_account(store: Store, tmp_path: Path, role: str) -> None:
    """The proprietor ("eigenaar") of an eenmanszaak: the groups call the firm's number and pay
    the firm's account quarterly; nothing is in the person's own name but the directorship."""
    world = _groups() + [
        person("p-boek", "Bea Boek"),
        _e("c-boek", "Company", name="Boek Administratie", sector="Administratie en belastingadvies",
           legalForm="Eenmanszaak", phone="+31107654321"),
        _e("d-boek", "Directorship", director="p-boek", organization="c-boek", role=role),
        _e("acc-boek", "BankAccount", iban=iban(77)), _e("own-boek", "Ownership", owner="c-boek", asset="acc-boek"),
        *_calls("+31107654321", ["a0", "a2", "b0", "b2"], tag="num", by="receiverNumber"),
    ]
    for g in GROUPS:
        world.append(_e(f"acc-{g}", "BankAccount", iban=iban(10 + GROUPS.index(g))))
        world.append(_e(f"own-{g}", "Ownership", owner=f"{g}1", asset=f"acc-{g}"))
        world += [_e(f"inv-{g}-{q}", "Payment", payerAccount=f"acc-{g}", beneficiaryAccount="acc-boek",
                     amount="1850", description=f"Factuur Q{q}", date=f"2025-{3 * q:02d}-28") for q in range(1, 5)]
    rows = _rows(store, tmp_path, world)
    row = _row(rows, "p-boek", "financial_facilitator")
    assert row is not None and row["rank"] == 1 and row["flagged"] is True
    features = {f["name"]: f["value"] for f in row["explanation"]["features"]}
    assert features["financial"] == 1.0  # the proprietor: the person is the business
    assert features["financial_clients"] == 2 and features["groups_paying"] == 2
    assert "proprietor of Boek Administratie" in row["explanation"]["text"]


def test_english_sbi_text_of_a_one_man_business(store: Store, tmp_path: Path) -> None:
    world = _groups() + [
        person("p-acc", "Amy Ledger"),
        _e("c-acc", "Company", name="Ledger Services", legalForm="Sole proprietorship",
           sector="69.20 Accounting, bookkeeping and auditing activities; tax consultancy"),
        _e("d-acc", "Directorship", director="p-acc", organization="c-acc"),
        *_calls("c-acc", ["a1", "a4", "b1", "b4"], tag="acc"),
    ]
    row = _row(_rows(store, tmp_path, world), "p-acc", "financial_facilitator")
    assert row is not None and row["flagged"] is True and "SBI 6920" in row["explanation"]["text"]


def test_busy_benign_accountant_is_no_facilitator(store: Store, tmp_path: Path) -> None:
    """A one-man accountancy billing twelve ordinary households quarterly (each a family of three,
    a community of its own) is paid by many communities but has no operational ties with any:
    no row. The criminal accountant next to him, called and paid by both groups, is listed."""
    world = _groups() + [
        person("p-ok", "Otto Keurig"),
        _e("c-ok", "Company", name="Keurig Accountancy", sector="Accountancy", legalForm="Eenmanszaak"),
        _e("d-ok", "Directorship", director="p-ok", organization="c-ok", role="eigenaar"),
        person("p-bad", "Bart Zwart"),
        _e("c-bad", "Company", name="Zwart Administratie", sector="6920", legalForm="Eenmanszaak"),
        _e("d-bad", "Directorship", director="p-bad", organization="c-bad", role="eigenaar"),
        *_calls("c-bad", ["a0", "a1", "b0", "b1"], tag="bad"),
        *[_e(f"pay-bad-{m}", "Payment", payer=m, beneficiary="c-bad", amount="2500", description="Factuur")
          for m in ("a2", "b2")],
    ]
    for h in range(12):
        family = [f"h{h}-{k}" for k in range(3)]
        world += [person(m, f"Huisgenoot {m}", address=f"Dorpsstraat {h}, 1234 AB Ergens") for m in family]
        world += [_e(f"fam-{h}-{k}", "Family", person=family[0], relative=family[k], relationship="gezin")
                  for k in (1, 2)]
        world += [_e(f"fam-{h}-x", "Family", person=family[1], relative=family[2], relationship="gezin")]
        world += [_e(f"inv-{h}-{q}", "Payment", payer=family[0], beneficiary="c-ok", amount="450",
                     description="Factuur aangifte", date=f"2025-{3 * q:02d}-15") for q in range(1, 5)]
    rows = _rows(store, tmp_path, world)
    assert _row(rows, "p-ok", "financial_facilitator") is None
    bad = _row(rows, "p-bad", "financial_facilitator")
    assert bad is not None and bad["rank"] == 1 and bad["flagged"] is True


def test_one_client_group_is_a_weaker_candidate(store: Store, tmp_path: Path) -> None:
    """A transport proprietor whom only group a calls and pays: listed after those who meet the
    definition, not flagged, and the explanation says why."""
    world = _groups() + [
        person("p-two", "Tom Twee", profession="vrachtwagenchauffeur"),
        *_calls("p-two", ["a0", "a1", "b0", "b1"], tag="two"),
        person("p-one", "Olaf Een"),
        _e("c-one", "Company", name="Een Transport", sector="Goederenvervoer over de weg", legalForm="Eenmanszaak"),
        _e("d-one", "Directorship", director="p-one", organization="c-one", role="eigenaar"),
        *_calls("c-one", ["a2", "a3"], tag="one"),
        _e("pay-one", "Payment", payer="a4", beneficiary="c-one", amount="3000", description="Vrachtbrief 12"),
    ]
    rows = [r for r in _rows(store, tmp_path, world) if r["role"] == "logistics_facilitator"]
    assert [r["id"] for r in rows] == ["p-two", "p-one"]
    assert rows[0]["flagged"] is True and rows[1]["flagged"] is False
    assert "weaker candidate: one client group only" in rows[1]["explanation"]["text"]


def test_director_of_a_stichting_administratiekantoor_has_no_trade_from_it(store: Store, tmp_path: Path) -> None:
    """A STAK holds a group's shares; the register may list it under "Administratiekantoren", but
    its director (here a member who directs firms for both groups) keeps no one's books."""
    world = _groups() + [
        _e("c-stak", "Company", name="Stichting Administratiekantoor Polaris", sector="Administratiekantoren",
           legalForm="Stichting"),
        _e("d-stak", "Directorship", director="a0", organization="c-stak"),
        _e("c-b", "Company", name="Polaris Import BV"), _e("d-b", "Directorship", director="a0", organization="c-b"),
        _e("o-b", "Ownership", owner="b0", asset="c-b"),
        *_calls("a0", ["b1", "b2"], tag="stak"),
    ]
    assert _row(_rows(store, tmp_path, world), "a0", "financial_facilitator") is None


def test_payment_texts_alone_name_no_trade(store: Store, tmp_path: Path) -> None:
    """Members of both groups pay a shop owner "administratiekosten": no financial trade."""
    world = _groups() + [
        person("p-shop", "Sam Winkel"),
        _e("c-shop", "Company", name="Winkel Sam", sector="Cafetaria", legalForm="Eenmanszaak"),
        _e("d-shop", "Directorship", director="p-shop", organization="c-shop", role="eigenaar"),
        *_calls("c-shop", ["a0", "a1", "b0", "b1"], tag="shop"),
        *[_e(f"pay-shop-{m}", "Payment", payer=m, beneficiary="c-shop", amount="250", description="Administratiekosten")
          for m in ("a2", "a3", "b2", "b3")],
    ]
    assert _row(_rows(store, tmp_path, world), "p-shop", "financial_facilitator") is None
