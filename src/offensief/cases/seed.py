"""Demo accounts and the demo case, for ``offensief demo``.

One user per partner (password ``zandloper-<username>``), an admin, an auditor (privacy
officer), a protection officer, a prevention officer and a controller, and the case
"Operatie Zandloper" with every given dataset attached and every partner user a member.
Running it again changes nothing and returns the same accounts.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from offensief.access import actors
from offensief.cases import service
from offensief.db.actors import Partner, User
from offensief.db.cases import Case
from offensief.db.engine import open_workspace_database
from offensief.model.dataset import Dataset
from offensief.protect.demo import seed_protection
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace

DEMO_CASE = "Operatie Zandloper"
PASSWORD_PREFIX = "zandloper-"

#: partner name, kind, title
DEMO_PARTNERS: tuple[tuple[str, str, str], ...] = (
    ("politie", "politie", "Nationale Politie"),
    ("om", "om", "Openbaar Ministerie"),
    ("fiod", "fiod", "FIOD"),
    ("belastingdienst", "belastingdienst", "Belastingdienst"),
    ("douane", "douane", "Douane"),
    ("kmar", "kmar", "Koninklijke Marechaussee"),
    ("gemeente", "gemeente", "Gemeente Rotterdam"),
    ("fiu", "fiu", "FIU-Nederland"),
    ("riec", "riec", "RIEC Rotterdam"),
    ("ministerie", "ministerie", "Ministerie van Justitie en Veiligheid"),
)

#: username, partner, roles, member of the demo case
DEMO_USERS: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("politie", "politie", ("analyst", "investigator"), True),
    ("om", "om", ("investigator",), True),
    ("fiod", "fiod", ("investigator",), True),
    ("belastingdienst", "belastingdienst", ("liaison",), True),
    ("douane", "douane", ("investigator",), True),
    ("kmar", "kmar", ("investigator",), True),
    ("gemeente", "gemeente", ("liaison",), True),
    ("fiu", "fiu", ("analyst",), True),
    ("admin", "riec", ("admin",), False),
    ("auditor", "riec", ("auditor",), False),
    ("bescherming", "politie", ("protection_officer",), True),
    ("preventie", "gemeente", ("prevention_officer",), False),
    ("controller", "ministerie", ("controller",), False),
)


def demo_password(username: str) -> str:
    return PASSWORD_PREFIX + username


def seed_demo(
    session: Session,
    store: Store | None = None,
    *,
    datasets: Iterable[Dataset | str] | None = None,
) -> list[tuple[str, str, str, str]]:
    """Create the demo partners, users and case; returns ``(username, password, partner, roles)``.

    ``datasets`` (names or :class:`Dataset`) default to every dataset in ``store``.
    """
    for name, kind, title in DEMO_PARTNERS:
        if session.scalar(select(Partner).where(Partner.name == name)) is None:
            actors.add_partner(session, name=name, kind=kind, title=title)
    for username, partner, roles, _ in DEMO_USERS:
        if session.scalar(select(User).where(User.username == username)) is None:
            actors.add_user(session, username=username, partner=partner, roles=list(roles),
                            password=demo_password(username))
    case = session.scalar(select(Case).where(Case.name == DEMO_CASE))
    if case is None:
        case = service.create_case(
            session, name=DEMO_CASE, level="regional", phenomenon="cocaïne-import en witwassen",
            owner="politie", purpose="Oprollen van het netwerk, afpakken van crimineel vermogen",
            legal_basis="Wpg art. 9 en art. 20; RIEC-convenant 2024",
        )
    members = {m.user_id for m in case.members}
    for username, _, _, member in DEMO_USERS:
        user = actors.get_user(session, username)
        if member and user.id not in members:
            service.add_member(session, case=case, username=username)
    attached = {d.dataset for d in case.datasets}
    wanted: list[Dataset] = []
    if datasets is None:
        wanted = store.datasets() if store is not None else []
    else:
        for item in datasets:
            if isinstance(item, Dataset):
                wanted.append(item)
            elif store is not None:
                wanted.append(store.get_dataset(item))
    for ds in wanted:
        if ds.name not in attached:
            service.attach_dataset(session, case=case, dataset=ds)
    if store is not None:  # the protection register's demo records (issue 17)
        seed_protection(session, store)
    session.flush()
    return [(u, demo_password(u), p, ",".join(r)) for u, p, r, _ in DEMO_USERS]


def seed_demo_workspace(workspace: Workspace) -> list[tuple[str, str, str, str]]:
    """:func:`seed_demo` on a workspace: its operational store and statement store are opened
    for this and closed again; every loaded dataset joins the demo case."""
    database = open_workspace_database(workspace)
    try:
        with Store.open(workspace) as store, database.session() as session:
            return seed_demo(session, store)
    finally:
        database.dispose()
