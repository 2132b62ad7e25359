"""The change-password page under the login rules: wrong current passwords are failed logins
(back-off per source and account, 429 + Retry-After, nothing changed), short or mismatched
new passwords are refused, and the page never works without the form's CSRF token."""

from __future__ import annotations

import re

from offensief.access import lockout
from offensief.access.actors import get_user
from offensief.access.credentials import check_password
from offensief.db import open_workspace_database
from tests.api.conftest import PASSWORD, login

NEW = "een-heel-nieuw-wachtwoord"


def password_is(ws, username: str, password: str) -> bool:
    db = open_workspace_database(ws)
    with db.session() as s:
        ok = check_password(get_user(s, username).password_hash, password)
    db.dispose()
    return ok


def change(client, csrf: str, current: str, new: str = NEW, repeat: str | None = None):
    return client.post("/account/password", data={"csrf_token": csrf, "current": current, "new": new,
                                                    "repeat": new if repeat is None else repeat})


def test_wrong_current_passwords_are_backed_off_like_logins(own, one_instant):
    ws, client = own
    csrf = login(client, "fio")
    for _ in range(lockout.SOURCE_FREE):
        wrong = change(client, csrf, "geraden-wachtwoord")
        assert wrong.status_code == 401 and "current password is wrong" in wrong.text
    refused = change(client, csrf, PASSWORD)  # even the right one waits now
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert password_is(ws, "fio", PASSWORD) and not password_is(ws, "fio", NEW)


def test_bad_new_passwords_and_missing_csrf_change_nothing(own):
    ws, client = own
    csrf = login(client, "gem")
    assert change(client, csrf, PASSWORD, new="kort", repeat="kort").status_code == 400
    mismatch = change(client, csrf, PASSWORD, repeat=NEW + "!")
    assert mismatch.status_code == 400 and "differ" in mismatch.text
    assert change(client, "", PASSWORD).status_code == 403
    assert password_is(ws, "gem", PASSWORD)
    done = change(client, csrf, PASSWORD)
    assert done.status_code == 200 and "Password changed" in done.text
    assert password_is(ws, "gem", NEW)
    assert client.get("/api/me").status_code == 200  # this browser got a fresh session


def test_corrections_page_lists_only_to_the_parties(own):
    _, client = own
    gem_csrf = login(client, "gem")
    made = client.post("/cases/1/corrections", data={
        "csrf_token": gem_csrf, "target": "politie-bvh::birthDate::p1", "value": "1980-01-01",
        "reason": "BRP zegt anders"})
    assert "verstuurd naar politie (politie-bvh)" in made.text, made.text
    rid = int(made.text.split("#", 1)[1].split()[0])
    assert f'data-testid="correction-{rid}"' in client.get("/corrections").text
    out_csrf = login(client, "out")  # no member of case 1: the unknown case's answer
    sent = client.post("/cases/1/corrections", data={"csrf_token": out_csrf, "target": "politie-bvh::birthDate::p1",
                                                     "value": "1", "reason": "r"})
    unknown = client.post("/cases/999/corrections", data={"csrf_token": out_csrf, "target": "politie-bvh::birthDate::p1",
                                                          "value": "1", "reason": "r"})
    assert sent.status_code == unknown.status_code == 404
    assert re.sub(r"\b1\b", "N", sent.text) == re.sub(r"\b999\b", "N", unknown.text)
    fio_csrf = login(client, "fio")  # another partner, no party: sees nothing, cannot decide
    assert f'data-testid="correction-{rid}"' not in client.get("/corrections").text
    assert client.post(f"/corrections/{rid}/decision",
                       data={"csrf_token": fio_csrf, "decision": "accept"}).status_code == 404
    out_csrf = login(client, "out")  # a politie loader who is no member of the case may decide
    assert f'data-testid="correction-{rid}"' in client.get("/corrections").text
    assert client.post(f"/corrections/{rid}/decision",
                       data={"csrf_token": out_csrf, "decision": "maybe"}).status_code == 400
    decided = client.post(f"/corrections/{rid}/decision", data={
        "csrf_token": out_csrf, "decision": "reject", "note": "BVH klopt"}, follow_redirects=False)
    assert decided.status_code == 303
    assert client.post(f"/corrections/{rid}/decision", data={
        "csrf_token": out_csrf, "decision": "accept"}).status_code == 409
