"""Housemates are no clients: persons registered at his address are his household.

The third world's false logistics row (the second engineer's dev seed 50021, rows read after
scoring): the owner of "Kok Expeditie BV" (a trade known from the firm's name only) had two
client groups — in one, two members of a group's criminal network calling him; in the other, the
two persons registered at his own address (his partner, a phone seller of the criminal network,
and another housemate). Relatives were already left out of a person's clients; persons who share
his address (``shared_address``, the BRP's household) are left out the same way: their calls are
home life, not a client's.
"""

from __future__ import annotations

from pathlib import Path

from offensief.store.duckstore import Store
from tests.network.test_facilitator_crime import _groups, _load, _row
from tests.network.world import _e, person

HOME = "Kerkstraat 12, 1234 AB Ergens"


def _forwarder(*, b_at_home: bool) -> dict[str, list[dict]]:
    """Kok Expeditie BV (no sector: its trade from its name), directed by p-kx; a0, a1 call him, and
    b0, b1 — living at his address with ``b_at_home``, elsewhere without."""
    police, calls = _groups()
    kvk = [_e("c-kx", "Company", name="Kok Expeditie BV", legalForm="BV"),
           _e("d-kx", "Directorship", director="p-kx", organization="c-kx", role="bestuurder")]
    brp = [person("p-kx", "Jan Kok", address=HOME)]
    brp += [person(m, f"Bewoner {m}", address=HOME if b_at_home else f"Laan {k}, 1234 AB Ergens")
            for k, m in enumerate(("b0", "b1"))]
    calls += [_e(f"call-kx-{m}-{k}", "Call", caller=m, receiver="p-kx") for m in ("a0", "a1", "b0", "b1")
              for k in range(2)]
    return {"politie-bvh": police, "kvk": kvk, "brp": brp, "telecom": calls}


def test_forwarder_called_by_two_members_of_each_group_is_a_logistics_candidate(store: Store,
                                                                                tmp_path: Path) -> None:
    """Two members of each group call the forwarder: two client groups, a logistics row (a trade
    by the firm's name: listed, not flagged) — unchanged by the rule."""
    row = _row(_load(store, tmp_path, _forwarder(b_at_home=False)), "p-kx", "logistics_facilitator")
    assert row is not None and row["flagged"] is False


def test_forwarder_whose_housemates_call_him_serves_one_group(store: Store, tmp_path: Path) -> None:
    """Look-alike: b0 and b1 live at his address. Their calls are his household's: one client group,
    and a trade known only by a firm's name needs two — no row."""
    assert _row(_load(store, tmp_path, _forwarder(b_at_home=True)), "p-kx", "logistics_facilitator") is None
