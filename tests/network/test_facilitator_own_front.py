"""A trade's clients are those who come through the trade, not through the person's other firm.

The blind world's false digital-facilitator rows (dev seeds 50111 and 50021, rows read after
scoring): a straw man of a criminal group owns a phone shop and is also the director of his
group's front company (a building-materials B.V.). His fellow members call the front company's
number; those calls were counted as the phone trade's clients, so his own group became the shop's
one client group. Calls to a firm outside any facilitator trade are not a purchase of the trade:
for a trade's client groups (``ServiceIndex.groups(trade=True)``) only his own ties and those of
his firms in a facilitator trade count (his firm's ties still count for a structural candidate).
"""

from __future__ import annotations

from pathlib import Path

from offensief.store.duckstore import Store
from tests.network.test_facilitator_crime import _groups, _load, _row
from tests.network.world import _e, person

ROLE = "digital_facilitator"


def _shop(*, shop_callers: list[str], front_callers: list[str],
          own_callers: list[str] = ()) -> dict[str, list[dict]]:
    """Belwinkel Vos (eenmanszaak, telecom retail) and Bouwmaterialen Vos B.V. (a front company,
    no facilitator trade), both directed by p-sh; ``shop_callers`` call the shop, ``front_callers``
    the B.V., ``own_callers`` p-sh himself."""
    police, calls = _groups()
    kvk = [person("p-sh", "Ruud Vos"),
           _e("c-sh", "Company", name="Belwinkel Vos", sector="Detailhandel in telecommunicatieapparatuur",
              legalForm="Eenmanszaak"),
           _e("d-sh", "Directorship", director="p-sh", organization="c-sh", role="eigenaar"),
           _e("c-fr", "Company", name="Bouwmaterialen Vos B.V.", sector="Groothandel in bouwmaterialen",
              legalForm="Besloten vennootschap"),
           _e("d-fr", "Directorship", director="p-sh", organization="c-fr", role="bestuurder")]
    calls += [_e(f"call-sh-{m}-{k}", "Call", caller=m, receiver="c-sh") for m in shop_callers for k in range(2)]
    calls += [_e(f"call-fr-{m}-{k}", "Call", caller=m, receiver="c-fr") for m in front_callers for k in range(2)]
    calls += [_e(f"call-p-{m}-{k}", "Call", caller=m, receiver="p-sh") for m in own_callers for k in range(2)]
    return {"politie-bvh": police, "kvk": kvk, "telecom": calls}


def test_calls_to_his_front_company_are_no_clients_of_his_phone_shop(store: Store, tmp_path: Path) -> None:
    """Group a's members call the B.V. he directs, nobody of a group calls his shop: the phone
    trade serves no group — no digital-facilitator row."""
    rows = _load(store, tmp_path, _shop(shop_callers=[], front_callers=["a0", "a1", "a2"]))
    assert _row(rows, "p-sh", ROLE) is None


def test_shop_called_by_two_groups_stays_a_facilitator_beside_his_other_firm(store: Store,
                                                                             tmp_path: Path) -> None:
    """Look-alike: two members of each group call his shop (and a2 his B.V.): he serves both
    groups through the trade — flagged, unchanged."""
    rows = _load(store, tmp_path, _shop(shop_callers=["a0", "a1", "b0", "b1"], front_callers=["a2"]))
    row = _row(rows, "p-sh", ROLE)
    assert row is not None and row["flagged"] is True


def test_group_dealing_with_him_in_person_stays_a_client(store: Store, tmp_path: Path) -> None:
    """Look-alike: group b calls his shop, two of group a call him on his own phone (and a2 his
    B.V.): his own ties count as before — he serves both groups, flagged."""
    rows = _load(store, tmp_path, _shop(shop_callers=["b0", "b1"], front_callers=["a2"], own_callers=["a0", "a1"]))
    row = _row(rows, "p-sh", ROLE)
    assert row is not None and row["flagged"] is True
