"""A facilitator facilitates crime: the groups he serves must be criminal ones (issue 13).

Partner data as delivered: the police register the groups' members (``politie-bvh``, Wpg), the
telecom production order names every subscriber and call (``telecom``, also Wpg: traffic data,
no registration), the municipality registers the households (``brp``), the trade register the
firms (``kvk``). An accountant whom two ordinary households call and pay serves no criminal
group; one whom two criminal groups call does."""

from __future__ import annotations

from pathlib import Path

from offensief.model.marks import marked_ids, render
from offensief.network.graph import entity_graph, person_projection
from offensief.network.roles import analyse_roles
from offensief.network.service import beyond_chance
from offensief.store.duckstore import Store
from tests.network.world import _e, load_sources, person


def _groups() -> tuple[list[dict], list[dict]]:
    """(police registrations, calls) of two criminal groups of six who all call each other."""
    police: list[dict] = []
    calls: list[dict] = []
    for g in ("a", "b"):
        members = [f"{g}{i}" for i in range(6)]
        police += [person(m, f"Lid {m}") for m in members]
        calls += [_e(f"call-{x}-{y}", "Call", caller=x, receiver=y) for x in members for y in members if x < y]
    return police, calls


def _households(count: int, *, prefix: str = "h") -> tuple[list[dict], list[dict]]:
    """(registry records, calls) of ordinary families of four, each calling within itself."""
    brp: list[dict] = []
    calls: list[dict] = []
    for h in range(count):
        family = [f"{prefix}{h}-{k}" for k in range(4)]
        brp += [person(m, f"Huisgenoot {m}", address=f"Dorpsstraat {h}, 1234 AB Ergens") for m in family]
        brp += [_e(f"fam-{prefix}{h}-{k}", "Family", person=family[0], relative=family[k], relationship="gezin")
                for k in (1, 2, 3)]
        calls += [_e(f"call-{x}-{y}", "Call", caller=x, receiver=y) for x in family for y in family if x < y]
    return brp, calls


def _accountant(pid: str, firm: str, callers: list[str]) -> tuple[list[dict], list[dict]]:
    """(trade-register records, calls and invoices) of a one-man accountancy called and paid by
    ``callers``."""
    kvk = [person(pid, f"Accountant {pid}"),
           _e(firm, "Company", name=f"Administratiekantoor {pid}", sector="Administratie en belastingadvies",
              legalForm="Eenmanszaak"),
           _e(f"d-{firm}", "Directorship", director=pid, organization=firm, role="eigenaar")]
    traffic = [_e(f"call-{firm}-{m}", "Call", caller=m, receiver=firm) for m in callers]
    traffic += [_e(f"inv-{firm}-{m}", "Payment", payer=m, beneficiary=firm, amount="450", description="Factuur aangifte")
                for m in callers]
    return kvk, traffic


#: Ordinary households around the groups: the public against which a group's dealings with
#: him are weighed (a group served beyond chance, network/service.py).
PUBLIC = 50


def _public(sources: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """``sources`` with :data:`PUBLIC` ordinary households of four (ids ``q<h>-<k>``) added."""
    brp, calls = _households(PUBLIC, prefix="q")
    return {**sources, "brp": sources.get("brp", []) + brp, "telecom": sources.get("telecom", []) + calls}


def _load(store: Store, tmp_path: Path, sources: dict[str, list[dict]], *, public: bool = True,
          named: bool = True) -> list[dict]:
    if public:
        sources = _public(sources)
    load_sources(store, tmp_path, sources)
    eg = entity_graph(store)
    return analyse_roles(person_projection(eg), entity_graph=eg, top=10, seeds=2, named=named)["roles"]


def _row(rows: list[dict], pid: str, role: str = "financial_facilitator") -> dict | None:
    return next((r for r in rows if r["id"] == pid and r["role"] == role), None)


def test_accountant_of_ordinary_households_is_no_facilitator(store: Store, tmp_path: Path) -> None:
    """Two members of each of two households call and pay him — two groups served, but not their
    criminal side: the two in each household whom the police know (an old incident, a son) are
    not those who deal with him. No row. The accountant whom two members of each criminal group
    call is listed, with the groups' evidence."""
    police, group_calls = _groups()
    brp, home_calls = _households(2)
    police += [person(f"h{h}-{k}", f"Huisgenoot h{h}-{k}") for h in (0, 1) for k in (2, 3)]
    ok_kvk, ok_traffic = _accountant("p-ok", "c-ok", ["h0-0", "h0-1", "h1-0", "h1-1"])
    bad_kvk, bad_traffic = _accountant("p-bad", "c-bad", ["a0", "a1", "b0", "b1"])
    # the production order names every caller as a subscriber: traffic data, not a registration
    subscribers = [person(m, f"Abonnee {m}", phone=f"+3161234{k:04d}")
                   for k, m in enumerate(["h0-0", "h0-1", "h1-0", "h1-1", "a0", "a1", "b0", "b1"])]
    rows = _load(store, tmp_path, {"politie-bvh": police, "brp": brp, "kvk": ok_kvk + bad_kvk,
                                   "telecom": subscribers + group_calls + home_calls + ok_traffic + bad_traffic})
    assert _row(rows, "p-ok") is None
    bad = _row(rows, "p-bad")
    assert bad is not None and bad["rank"] == 1 and bad["flagged"] is True
    text = bad["explanation"]["text"]
    assert text.count("criminal group of 6: 2 deal with him (2 known to police)") == 2
    features = {f["name"]: f["value"] for f in bad["explanation"]["features"]}
    assert features["financial_clients"] == 2 and features["groups_paying"] == 2


def test_port_insider_serving_two_criminal_groups_stays_found(store: Store, tmp_path: Path) -> None:
    """Recall: the trade only through his employer's sector, two criminal groups calling him."""
    police, calls = _groups()
    kvk = [person("p-ins", "Ivo Kade"),
           _e("c-term", "Company", name="Container Terminal Zuid BV", sector="Laad-, los- en overslagactiviteiten"),
           _e("emp-1", "Employment", employer="c-term", employee="p-ins", role="medewerker")]
    calls += [_e(f"call-ins-{m}", "Call", caller=m, receiver="p-ins") for m in ("a1", "a2", "b1", "b3")]
    rows = _load(store, tmp_path, {"politie-bvh": police, "kvk": kvk, "telecom": calls})
    row = _row(rows, "p-ins", "logistics_facilitator")
    assert row is not None and row["flagged"] is True
    assert "employed by Container Terminal Zuid BV" in row["explanation"]["text"]


def test_groups_known_by_observed_meetings_and_associates(store: Store, tmp_path: Path) -> None:
    """No police registrations, but the police saw group a meet and registered group b's
    associates: both are criminal groups; the explanation says how each is known."""
    _, calls = _groups()
    meetings = [_e("meet-a", "Event", name="Observatie", involved=["a0", "a1", "a2"])]
    ties = [_e(f"ass-b{k}", "Associate", person="b0", associate=f"b{k}", relationship="handlanger") for k in (1, 2)]
    kvk, traffic = _accountant("p-bad", "c-bad", ["a0", "a1", "b0", "b1"])
    members = [person(f"{g}{i}", f"Lid {g}{i}") for g in "ab" for i in range(6)]
    rows = _load(store, tmp_path, {"brp": members, "kvk": kvk, "telecom": calls + traffic,
                                   "politie-bvh": meetings + ties})
    row = _row(rows, "p-bad")
    assert row is not None and row["flagged"] is True
    text = row["explanation"]["text"]
    assert "2 seen at observed meetings" in text and "2 registered associates" in text
    assert "known to police" not in text


def test_without_criminal_evidence_in_the_data_the_groups_are_not_checked(store: Store, tmp_path: Path) -> None:
    """A case of traffic data only (no registrations, meetings or associates): every served group
    counts, as before, and the explanation says it could not be checked."""
    subscribers, calls = _groups()
    kvk, traffic = _accountant("p-bad", "c-bad", ["a0", "a1", "b0", "b1"])
    rows = _load(store, tmp_path, {"kvk": kvk, "telecom": subscribers + calls + traffic}, public=False)
    row = _row(rows, "p-bad")
    assert row is not None and row["flagged"] is True
    assert "criminal evidence not checked: the data hold none" in row["explanation"]["text"]


def test_shop_that_much_of_the_public_calls_is_no_facilitator(store: Store, tmp_path: Path) -> None:
    """Benign look-alike at scale: a phone shop that every second household calls has two
    callers in each criminal group too — as many as its reach among the public gives by chance.
    No flagged row. The crypto-phone seller whom only the two groups call is flagged."""
    police, calls = _groups()
    shops = [person("p-shop", "Winkelier"), person("p-pgp", "Verkoper"),
             _e("c-shop", "Company", name="Belwinkel Centrum", sector="Telecom", legalForm="Eenmanszaak"),
             _e("c-pgp", "Company", name="Secure Phones", sector="Telecom", legalForm="Eenmanszaak"),
             _e("d-shop", "Directorship", director="p-shop", organization="c-shop", role="eigenaar"),
             _e("d-pgp", "Directorship", director="p-pgp", organization="c-pgp", role="eigenaar")]
    public = [f"q{h}-{k}" for h in range(0, PUBLIC, 2) for k in range(4)]
    calls += [_e(f"call-shop-{m}", "Call", caller=m, receiver="c-shop") for m in [*public, "a0", "a1", "b0", "b1"]]
    calls += [_e(f"call-pgp-{m}", "Call", caller=m, receiver="c-pgp") for m in ("a2", "a3", "b2", "b3")]
    rows = _load(store, tmp_path, {"politie-bvh": police, "kvk": shops, "telecom": calls})
    shop = _row(rows, "p-shop", "digital_facilitator")
    assert shop is None or shop["flagged"] is False
    seller = _row(rows, "p-pgp", "digital_facilitator")
    assert seller is not None and seller["flagged"] is True
    assert "criminal group of 6: 2 deal with him" in seller["explanation"]["text"]


def test_a_group_is_served_beyond_chance_not_by_any_two_members() -> None:
    assert beyond_chance(2, 6, 4 / 212)              # two of six, where one in fifty deals with him
    assert not beyond_chance(2, 6, 0.5)              # two of six, where half the public does
    assert not beyond_chance(3, 30, 0.08)            # a shop that 8 % call: 3 of 30 is chance
    assert beyond_chance(9, 30, 0.08)


def _trust_office_world() -> dict[str, list[dict]]:
    """Two groups whose straw men sit on boards with one trust office (Trust & Management B.V.,
    seats in Orion and Polaris Holding) and phone him more than their own groups."""
    police, calls = _groups()
    police += [person("p-tr", "Trustee"), person("a-s", "Stroman A"), person("b-s", "Stroman B")]
    kvk = [_e("c-tr", "Company", name="Trust & Management B.V.", sector="Trustkantoren"),
           _e("c-orion", "Company", name="Orion Holding B.V."), _e("c-polaris", "Company", name="Polaris Holding B.V.")]
    kvk += [_e(f"d-{p}-{c}", "Directorship", director=p, organization=c, role="bestuurder")
            for p, c in (("p-tr", "c-tr"), ("p-tr", "c-orion"), ("p-tr", "c-polaris"),
                         ("a-s", "c-orion"), ("b-s", "c-polaris"))]
    calls += [_e(f"call-tr-{m}-{k}", "Call", caller=m, receiver="p-tr") for m in ("a-s", "b-s") for k in range(4)]
    calls += [_e("call-as-a0", "Call", caller="a-s", receiver="a0"), _e("call-bs-b0", "Call", caller="b-s", receiver="b0")]
    return {"politie-bvh": police, "kvk": kvk, "telecom": calls}


def test_trust_office_on_the_boards_of_two_groups_straw_men_serves_two_groups(store: Store, tmp_path: Path) -> None:
    """The straw men of two groups sit on boards with the trust office and phone him more than
    their own groups: divided with him, the three would be one cluster of the criminal network and
    his two seats one client group. Divided without those practising a trade, each straw man
    stays with his group: two client groups, flagged."""
    rows = _load(store, tmp_path, _trust_office_world())
    row = _row(rows, "p-tr")
    assert row is not None and row["flagged"] is True
    features = {f["name"]: f["value"] for f in row["explanation"]["features"]}
    assert features["financial_clients"] == 2
    assert "seat in Orion Holding B.V." in row["explanation"]["text"]
    assert "seat in Polaris Holding B.V." in row["explanation"]["text"]


def test_cached_explanations_name_firms_by_marks_only(store: Store, tmp_path: Path) -> None:
    """A case result is cached with ids and numbers only: the firms a facilitator's explanation
    names are entity marks (each viewer gets his own caption for them when it is shown)."""
    rows = _load(store, tmp_path, _trust_office_world(), named=False)
    text = " ".join(str(r["explanation"]["text"]) for r in rows)
    assert "Orion" not in text and "Polaris" not in text and "Trust & Management" not in text
    row = _row(rows, "p-tr")
    assert row is not None
    assert {"c-orion", "c-polaris"} <= set(marked_ids(row["explanation"]["text"]))
    shown = render(row["explanation"]["text"], {"c-orion": "tok_1", "c-polaris": "tok_2"})
    assert "seat in tok_1" in shown and "seat in tok_2" in shown


def test_boss_whose_firm_name_names_a_trade_is_no_facilitator_of_his_own_cell(store: Store, tmp_path: Path) -> None:
    """Benign look-alike of an inferred trade: the boss owns "Kade Transport BV" (no sector) and
    phones all nine of his cell, whose members the police registered as associates in a ring. The
    criminal network divides the ring into small groups, and he deals with every member of each:
    as embedded as they are, he is one of them — no client group, no row."""
    police = [person("k", "Baas")] + [person(f"c{j}", f"Lid c{j}") for j in range(1, 10)]
    calls = [_e(f"call-k-{j}", "Call", caller="k", receiver=f"c{j}") for j in range(1, 10)]
    ties = [_e(f"ass-{j}", "Associate", person=f"c{j}", associate=f"c{j % 9 + 1}") for j in range(1, 10)]
    kvk = [_e("c-kade", "Company", name="Kade Transport BV"),
           _e("own-kade", "Ownership", owner="k", asset="c-kade", percentage="100"),
           _e("dir-kade", "Directorship", director="c3", organization="c-kade")]
    # the police data hold calls: traffic data, its person records are no registrations
    rows = _load(store, tmp_path, {"politie-bvh": police + calls + ties, "kvk": kvk})
    assert _row(rows, "k", "logistics_facilitator") is None
