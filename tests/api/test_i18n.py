"""Dutch by default: every page of a case, walked in Dutch, shows none of the English texts the
catalogue translates (a template that writes one outside ``_()`` fails here); English is
one click away."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from offensief.access.actors import add_user
from offensief.casework.scenario import DATA
from offensief.db import open_workspace_database
from offensief.server import create_app
from offensief.web.i18n import catalogue
from tests.api.conftest import bearer, case_id, login
from tests.protect import world


class _Text(HTMLParser):
    """The visible text nodes and the placeholder/title/label attributes of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.nodes += [v for k, v in attrs if k in ("placeholder", "title", "aria-label") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.nodes.append(" ".join(data.split()))

    @classmethod
    def texts(cls, html: str) -> list[str]:
        """The visible texts of ``html``, each also split at ':' (a progress line: "title: status")."""
        parser = cls()
        parser.feed(html)
        return [part.strip(" .:·,()") for t in parser.nodes for part in (t, *t.split(":"))]


def _english(html: str) -> list[str]:
    """Known English msgids (translated differently in Dutch) that the page shows as such:
    a phrase anywhere in a text, a capitalised single word (a label, a heading) as a whole
    text; lower-case single words (``name``, ``phone``) are also FtM property names and
    search kinds the pages show as data."""
    parser = _Text()
    parser.feed(html)
    texts = [t.strip(" .:·,()") for t in parser.nodes]
    joined = " | ".join(parser.nodes)
    found = []
    for msgid, msgstr in catalogue("nl")._catalog.items():  # type: ignore[attr-defined]
        if not isinstance(msgid, str) or msgid == msgstr or "%(" in msgid:
            continue
        if " " in msgid.strip():
            if re.search(r"(?<![A-Za-z])" + re.escape(msgid.strip(" .")) + r"(?![A-Za-z])", joined):
                found.append(msgid)
        elif msgid[:1].isupper() and msgid.strip(" .:") in texts:
            found.append(msgid)
    return found


def _pages(cid: int) -> list[str]:
    case = f"/cases/{cid}"
    return ["/", case, f"{case}/roles", f"{case}/disrupt", f"{case}/finance", f"{case}/review",
            f"{case}/settings", f"{case}/results", f"{case}/releases", f"{case}/workbench",
            f"{case}/workbench?q=Kopstuk", f"{case}/entities/p0",
            f"{case}/finance/trace?start=pay-0", f"{case}/finance/alerts", f"{case}/finance/assets",
            f"{case}/disrupt/plan", "/corrections", "/account/password", "/cases/new",
            "/cases/999999"]


def test_every_page_in_dutch_shows_no_known_english(client: TestClient) -> None:
    anonymous = client.get("/login")
    assert anonymous.status_code == 200 and _english(anonymous.text) == []
    assert "Inloggen" in anonymous.text
    cid = case_id(client, bearer(client, "ana"))
    login(client, "ana")
    english: dict[str, list[str]] = {}
    for path in _pages(cid):
        page = client.get(path, headers={"accept": "text/html"})
        assert page.status_code in (200, 404), (path, page.status_code)
        assert '<html lang="nl">' in page.text or path.startswith((f"/cases/{cid}/finance/",
                                                                   f"/cases/{cid}/disrupt/")), path
        if found := _english(page.text):
            english[path] = found
    assert english == {}


def test_the_walk_finds_english_and_english_is_switchable(client: TestClient) -> None:
    # the check is not blind: an English page fails it, a hard-coded msgid is found
    assert "Verify chain" in _english("<p><button>Verify chain</button></p>")
    assert _english("<td>Case</td><td>Caseload</td>") == ["Case"]
    login(client, "ana")
    cid = case_id(client, bearer(client, "ana"))
    dutch = client.get(f"/cases/{cid}/settings").text
    assert "Gekoppelde bronnen" in dutch and "Attached datasets" not in dutch
    client.get("/lang/en", headers={"referer": "/"})
    english = client.get(f"/cases/{cid}/settings").text
    assert "Attached datasets" in english and '<html lang="en">' in english
    assert _english(english)  # English on purpose
    for path in ("finance/trace?start=pay-0", "finance/assets", "finance/alerts", "disrupt/plan"):
        # a fragment (its job's progress or its result) in the viewer's language, set before its
        # title and labels are translated
        fragment = client.get(f"/cases/{cid}/{path}").text
        assert not {"Geld volgen", "Vermogensoverzicht", "Typologieën opsporen", "Interventieplan",
                    "contant"} & set(_Text.texts(fragment)), (path, fragment)
    client.get("/lang/nl", headers={"referer": "/"})


@pytest.mark.parametrize("user", ["aud"])
def test_the_audit_page_in_dutch(client: TestClient, user: str) -> None:
    login(client, user)
    page = client.get("/audit")
    assert page.status_code == 200
    assert _english(page.text) == [] and "Keten controleren" in page.text


#: the pages of the protection register, prevention and programme control, and who may see them
OTHER_PAGES = {"olga": ["/protect", "/protect/1", "/protect/overview"],
               "prev": ["/prevent", "/prevent/tracks", "/prevent/campaigns"],
               "ctl": ["/programme"]}


@pytest.fixture(scope="module")
def other_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The protection world, with a prevention officer and a controller added."""
    ws = world.build(Path(tmp_path_factory.mktemp("i18n-protect")))
    db = open_workspace_database(ws)
    with db.session() as session:
        add_user(session, username="prev", partner="gemeente", roles=["prevention_officer"],
                 password=world.PASSWORD)
        add_user(session, username="ctl", partner="riec", roles=["controller"], password=world.PASSWORD)
        session.commit()
    db.dispose()
    with TestClient(create_app(ws, workers=1), raise_server_exceptions=False) as c:
        yield c


def test_protect_prevent_and_programme_pages_in_dutch(other_client: TestClient) -> None:
    english: dict[str, list[str]] = {}
    for user, paths in OTHER_PAGES.items():
        other_client.cookies.clear()
        csrf = login(other_client, user, world.PASSWORD)
        if user == "ctl":  # the programme page needs a budget; the upload's answer is walked too
            for kind in ("budget", "spending"):
                name = f"{kind}-2020.csv"
                loaded = other_client.post("/programme/upload", data={"csrf_token": csrf, "kind": kind},
                                           files={"file": (name, (DATA / name).read_bytes(), "text/csv")})
                assert loaded.status_code == 200 and 'data-testid="loaded"' in loaded.text, loaded.text
                if found := _english(loaded.text):
                    english[f"/programme/upload ({kind})"] = found
        for path in paths:
            page = other_client.get(path, headers={"accept": "text/html"})
            assert page.status_code == 200, (user, path, page.status_code)
            assert '<html lang="nl">' in page.text, path
            if found := _english(page.text):
                english[path] = found
    assert english == {}
    other_client.cookies.clear()
    login(other_client, "olga", world.PASSWORD)
    dutch = other_client.get("/protect/1").text
    assert "Herbeoordelingen" in dutch and "Re-evaluations" not in dutch
    assert "Beveiligingsregister" in other_client.get("/protect").text
    other_client.get("/lang/en", headers={"referer": "/"})
    english_page = other_client.get("/protect/1").text
    assert "Re-evaluations" in english_page and '<html lang="en">' in english_page
    other_client.get("/lang/nl", headers={"referer": "/"})
