"""The demo seed: accounts that log in, one case with every dataset, idempotent."""

from __future__ import annotations

from datetime import date

from offensief.access import actors
from offensief.access.view import case_view
from offensief.cases.seed import DEMO_CASE, seed_demo
from offensief.cases.service import get_case
from offensief.model.dataset import Dataset
from offensief.store.duckstore import Store


def test_seed_demo(session):
    store = Store.memory()
    for name, partner, regime in (("politie-bvh", "politie", "wpg-9"), ("bd", "belastingdienst", "awr")):
        store.add_dataset(Dataset.create(name=name, partner=partner, regime=regime, purpose="p",
                                         collected_at=date(2025, 1, 1)))
    accounts = seed_demo(session, store)
    assert {a[0] for a in accounts} >= {"politie", "om", "fiod", "belastingdienst", "douane", "kmar",
                                        "gemeente", "fiu", "admin", "auditor"}
    case = get_case(session, DEMO_CASE)
    assert sorted(d.dataset for d in case.datasets) == ["bd", "politie-bvh"]
    username, password, *_ = next(a for a in accounts if a[0] == "gemeente")
    actor = actors.authenticate(session, username=username, password=password)
    view = case_view(store, session, actor=actor, case=case, secret=b"x" * 32)
    assert view.visible_datasets() == {"bd": "token", "politie-bvh": "token"}
    assert seed_demo(session, store) == accounts
    assert len(case.members) == 9
    store.close()
