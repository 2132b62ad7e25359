"""A case over every dataset of a workspace, with users of given partners, for CLI tests."""

from __future__ import annotations

from offensief.access.actors import add_partner, add_user, get_actor
from offensief.cases import service
from offensief.db import open_workspace_database
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

PASSWORD = "correct horse battery"
CASE = "Testzaak"
#: username -> (partner, partner kind, roles); the first one owns the case.
USERS = {"ana": ("politie-test", "politie", ["analyst"]),
         "gem": ("gemeente-test", "gemeente", ["analyst"])}


def add_case(ws: Workspace, *, users: dict[str, tuple[str, str, list[str]]] | None = None,
             name: str = CASE, only: list[str] | None = None) -> None:
    """Create ``name`` with every dataset of the store (or those named ``only``) attached and
    ``users`` as members."""
    users = users or USERS
    with Store.open(ws) as store:
        datasets = [d for d in store.datasets() if only is None or d.name in only]
    db = open_workspace_database(ws)
    try:
        with db.session() as session:
            for partner, kind in {(p, k) for p, k, _ in users.values()}:
                add_partner(session, name=partner, kind=kind)
            for username, (partner, _kind, roles) in users.items():
                add_user(session, username=username, partner=partner, roles=roles, password=PASSWORD)
            owner_name = next(iter(users))
            owner = get_actor(session, owner_name)
            case = service.create_case(session, name=name, level="regional", phenomenon="drugs",
                                       owner=users[owner_name][0], purpose="test",
                                       legal_basis="RIEC convenant", actor=owner)
            for dataset in datasets:
                service.attach_dataset(session, case=case, dataset=dataset, actor=owner)
            for username in list(users)[1:]:
                service.add_member(session, case=case, username=username, actor=owner)
    finally:
        db.dispose()


def as_user(name: str) -> dict[str, str]:
    """CLI environment of an acting user."""
    return {"OFFENSIEF_USER": name, "OFFENSIEF_PASSWORD": PASSWORD}
