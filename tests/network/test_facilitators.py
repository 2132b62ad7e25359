"""Facilitators as partner data state them: trade in Dutch / English text or SBI codes, the
proprietor ("eigenaar") of a one-man business, calls to the firm's number, serving two groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from offensief.ingest import ingest_file
from offensief.network.footprint import code_trades, evidence, sbi_codes, trades
from offensief.network.graph import entity_graph, person_projection
from offensief.network.roles import analyse_roles
from offensief.store.duckstore import Store
from tests.network.world import _e, person, write_jsonl


@pytest.mark.parametrize(("text", "kind"), [
    ("Accountancy", "financial"), ("Administratiekantoor", "financial"), ("Notariaat", "financial"),
    ("Belastingadviseur", "financial"), ("Trust office", "financial"), ("Telecom", "digital"),
    ("Verkoop van mobiele telefoons", "digital"), ("IT consultancy", "digital"),
    ("Goederenvervoer over de weg", "logistics"), ("Road haulage", "logistics"),
    ("Expeditiebedrijf", "logistics"), ("Koeriersdienst", "logistics"),
])
def test_sector_text_in_dutch_and_english(text: str, kind: str) -> None:
    assert kind in trades(text)


@pytest.mark.parametrize("text", ["district manager", "Portretfotograaf", "Bakkerij", "Holding", "Café De Haven",
                                  "6420 Financiële holdings", "Automobielbedrijf"])
def test_look_alikes_are_no_trade(text: str) -> None:
    assert not trades(text) and not any(code_trades(c) for c in sbi_codes(text))


def test_sbi_codes_with_and_without_dots() -> None:
    assert sbi_codes("69.20 Accountants") == ["6920"] and sbi_codes("4941") == ["4941"]
    assert sbi_codes("49410 Goederenvervoer") == ["49410"]
    found = evidence([], ["6201", "52.10"])
    assert found == {"digital": ["SBI 6201"], "logistics": ["SBI 5210"]}


def _world(store: Store, tmp_path: Path, *, proprietor_role: str = "eigenaar", call_firm: bool = True,
           firm_pays: bool = False, sector: str = "Accountancy") -> None:
    """Two groups of four; a one-man accountancy serves both (calls to the firm's number, payments)."""
    out = [
        person("f-acc", "Fenna Cijfer"),  # no profession: the trade is only the firm's
        _e("c-acc", "Company", name="Cijfer Administratie", sector=sector, legalForm="Eenmanszaak",
           phone="+31201234567"),
        _e("d-acc", "Directorship", director="f-acc", organization="c-acc", role=proprietor_role),
        person("f-bv", "Bert Vervoer"),  # directs a transport BV inside one group: no facilitator
        _e("c-bv", "Company", name="Vervoer BV", sector="Goederenvervoer over de weg",
           legalForm="Besloten Vennootschap"),
        _e("d-bv", "Directorship", director="f-bv", organization="c-bv", role="bestuurder"),
    ]
    n = 0
    for g in ("a", "b"):
        members = [f"{g}{i}" for i in range(4)]
        out += [person(m, f"Lid {m}") for m in members]
        for x in members:
            for y in members:
                if x < y:
                    n += 1
                    out.append(_e(f"call-{n}", "Call", caller=x, receiver=y))
        for m in members[:2]:
            n += 1
            receiver = {"receiver": "c-acc"} if call_firm else {"receiverNumber": "+31201234567"}
            out.append(_e(f"call-{n}", "Call", caller=m, **receiver))
            payer = m
            if firm_pays and g == "b":  # group b's members pay through their own one-man firms
                payer = f"c-{m}"
                out += [_e(payer, "Company", name=f"Klus {m}", legalForm="Eenmanszaak"),
                        _e(f"d-{m}", "Directorship", director=m, organization=payer, role="eigenaar")]
            out.append(_e(f"pay-{n}", "Payment", payer=payer, beneficiary="c-acc", amount="1500",
                          description="Factuur administratie", date="2025-02-01"))
    n += 1
    out.append(_e(f"call-{n}", "Call", caller="a0", receiver="f-bv"))
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "world.jsonl", out))


def _rows(store: Store) -> list[dict]:
    eg = entity_graph(store)
    return analyse_roles(person_projection(eg), entity_graph=eg, top=10, seeds=2)["roles"]


@pytest.mark.parametrize("call_firm", [True, False], ids=["receiver-company", "receiver-number"])
def test_calls_to_the_firm_reach_the_proprietor(store: Store, tmp_path: Path, call_firm: bool) -> None:
    _world(store, tmp_path, call_firm=call_firm)
    eg = entity_graph(store)
    projection = person_projection(eg)
    names = projection.vs["name"]
    acc = names.index("f-acc")
    kinds = {names[e.target if e.source == acc else e.source]: e["types"] for e in projection.es[projection.incident(acc)]}
    assert set(kinds) >= {"a0", "a1", "b0", "b1"} and all("call" in kinds[m] for m in ("a0", "b1"))


@pytest.mark.parametrize("role", ["eigenaar", "owner", "bestuurder"])
def test_proprietor_of_a_one_man_business_is_a_flagged_facilitator(store: Store, tmp_path: Path, role: str) -> None:
    _world(store, tmp_path, proprietor_role=role)
    rows = _rows(store)
    acc = [r for r in rows if r["id"] == "f-acc" and r["role"] == "financial_facilitator"]
    assert acc and acc[0]["rank"] == 1 and acc[0]["flagged"] is True  # eenmanszaak: the person is the firm
    assert "accountancy" in acc[0]["explanation"]["text"]
    assert {f["name"] for f in acc[0]["explanation"]["features"]} >= {"groups_paying", "participation"}
    # a BV's sector counts half and he serves one group: he does not meet the definition, no row
    assert not [r for r in rows if r["id"] == "f-bv" and r["role"] == "logistics_facilitator"]


def test_no_trade_no_facilitator_row(store: Store, tmp_path: Path) -> None:
    _world(store, tmp_path)
    rows = _rows(store)
    assert not [r for r in rows if r["role"].endswith("_facilitator") and r["id"].startswith(("a", "b"))]


def test_payments_from_clients_firms_count_for_the_persons_behind_them(store: Store, tmp_path: Path) -> None:
    _world(store, tmp_path, firm_pays=True)
    acc = next(r for r in _rows(store) if r["id"] == "f-acc" and r["role"] == "financial_facilitator")
    paying = next(f for f in acc["explanation"]["features"] if f["name"] == "groups_paying")
    assert paying["value"] == 2.0


@pytest.mark.parametrize("sector", ["Accountancy", "Administratie en belastingadvies", "69.20", "6920 Accountants"])
def test_facilitator_by_sector_text_or_sbi_code(store: Store, tmp_path: Path, sector: str) -> None:
    _world(store, tmp_path, sector=sector)
    rows = [r for r in _rows(store) if r["role"] == "financial_facilitator"]
    assert [r["id"] for r in rows] == ["f-acc"] and rows[0]["flagged"] is True


def test_facilitator_rows_are_cut_by_the_definition(store: Store, tmp_path: Path) -> None:
    """Rows that meet the definition (a trade and two or more client groups) come first; a
    proprietor in the trade serving one group only is a weaker candidate after them, not
    flagged — not dropped silently (issue 13)."""
    _world(store, tmp_path)
    extra = [person("f-one", "Olga Eengroep"),
             _e("c-one", "Company", name="Eengroep Administratie", sector="Accountancy", legalForm="Eenmanszaak"),
             _e("d-one", "Directorship", director="f-one", organization="c-one", role="eigenaar"),
             _e("call-x1", "Call", caller="a2", receiver="f-one"), _e("call-x2", "Call", caller="a3", receiver="f-one")]
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "extra.jsonl", extra))
    rows = [r for r in _rows(store) if r["role"].endswith("_facilitator")]
    assert [(r["id"], r["flagged"]) for r in rows] == [("f-acc", True), ("f-one", False)]
    assert "weaker candidate" in rows[1]["explanation"]["text"]
