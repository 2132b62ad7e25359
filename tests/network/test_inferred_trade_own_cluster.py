"""A trade known only from a firm's name: his own cluster counts when his clients there are organised.

The third world's rows (issue 13, full size, dev seed 12347): a phone seller known only by his
firm's name ("Secure Mobile ...", no sector in the register), whom the police saw at meetings with
a group's lieutenants, sits in that group's cluster of the criminal network and in the core of his
own population community (family and friends). For a trade known only by inference his own
cluster was never a client group — a name is weak evidence, and his friends are no clients — so
the group he serves most did not count and he had one client group: no row. His own cluster now
counts when two or more of those dealing with him there were seen at observed meetings or are
registered associates (``service.GroupTies.organised``): a group's organisation is on record, not
only their own incidents. The look-alike: the same seller called by persons known to police for
their own incidents (no meetings, no associates) — the friends he lives among — stays unlisted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from offensief.store.duckstore import Store
from tests.network.test_facilitator_crime import _groups, _load, _row
from tests.network.world import _e, person


def _world(*, organised: bool) -> dict[str, list[dict]]:
    """Groups a and b of six; the seller ``p-gsm`` (known to police, firm "GSM Centrum Kok" without
    a sector) is called by a0–a2 and b0–b2 and by his household and eight friends. With
    ``organised`` the police saw each group meet (a0–a2, b0–b2)."""
    police, calls = _groups()
    police.append(person("p-gsm", "Lars Kok"))
    kvk = [_e("c-gsm", "Company", name="GSM Centrum Kok"),
           _e("own-gsm", "Ownership", owner="p-gsm", asset="c-gsm", percentage="100"),
           _e("dir-gsm", "Directorship", director="p-gsm", organization="c-gsm", role="bestuurder")]
    calls += [_e(f"call-gsm-{m}-{k}", "Call", caller=m, receiver="p-gsm") for m in ("a0", "a1", "a2", "b0", "b1", "b2")
              for k in range(3)]
    friends = [f"f{k}" for k in range(8)] + [f"fam{k}" for k in range(3)]
    brp = [person(f, f"Vriend {f}") for f in friends]
    calls += [_e(f"call-gsm-{f}-{k}", "Call", caller=f, receiver="p-gsm") for f in friends for k in range(2)]
    if organised:
        police += [_e(f"meet-{g}", "Event", name="Observatie", involved=[f"{g}0", f"{g}1", f"{g}2"]) for g in "ab"]
    return {"politie-bvh": police, "brp": brp, "kvk": kvk, "telecom": calls}


@pytest.mark.parametrize("organised", [True, False])
def test_name_only_phone_seller_serves_the_organised_group_he_sits_among(store: Store, tmp_path: Path,
                                                                        organised: bool) -> None:
    """Two groups seen meeting call him: both are client groups, his own cluster included — a
    digital row (listed, not flagged: a name is a lead). Called by persons known only for their own
    incidents, his own cluster does not count: one client group, no row."""
    rows = _load(store, tmp_path, _world(organised=organised))
    row = _row(rows, "p-gsm", "digital_facilitator")
    if organised:
        assert row is not None and row["flagged"] is False
        assert "seen at observed meetings" in row["explanation"]["text"]
    else:
        assert row is None
