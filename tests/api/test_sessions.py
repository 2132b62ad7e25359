"""Sessions live on the server: logout, disabling the user and a password change end them
(and the user's tokens) at once; idle time-out; the cookie holds only a session id; the
login back-off answers 429 with Retry-After, also for bearer tokens."""

from __future__ import annotations

import time
from datetime import timedelta

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import update

from offensief.access import actors, lockout
from offensief.api.security import COOKIE
from offensief.db import open_workspace_database
from offensief.db.base import utcnow
from offensief.db.integrity import WebSession
from tests.api.conftest import PASSWORD, bearer, login


def me(client, cookie=None, headers=None):
    if cookie is not None:
        client.cookies.set(COOKIE, cookie)
    return client.get("/api/me", headers=headers or {}).status_code


def test_cookie_holds_only_a_session_id(own):
    ws, client = own
    login(client, "ana")
    data = URLSafeTimedSerializer(ws.secret, salt="offensief.session").loads(client.cookies[COOKIE])
    assert set(data) == {"n", "t"} and len(data["n"]) >= 40


def test_logout_ends_the_session_for_a_replayed_cookie(own):
    _, client = own
    csrf = login(client, "ana")
    cookie = client.cookies[COOKIE]
    assert me(client) == 200
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert me(client, cookie) == 401
    posted = client.post("/api/cases", json={"name": "x"}, headers={"X-CSRF-Token": csrf})
    assert posted.status_code == 401


def test_disabling_ends_sessions_and_tokens(own):
    ws, client = own
    token = bearer(client, "gem")
    login(client, "gem")
    cookie = client.cookies[COOKIE]
    assert me(client) == 200 and me(client, headers=token) == 200
    db = open_workspace_database(ws)
    with db.session() as s:
        actors.disable_user(s, username="gem")
    db.dispose()
    assert me(client, cookie) == 401
    assert me(client, headers=token) == 401


def test_password_change_ends_every_session_and_token(own):
    _, client = own
    token = bearer(client, "fio")
    other = bearer(client, "fio")
    login(client, "fio")
    cookie = client.cookies[COOKIE]
    wrong = client.post("/api/auth/password", json={"old": "nope", "new": "a-new-long-password"},
                        headers=token)
    assert wrong.status_code == 401
    changed = client.post("/api/auth/password", json={"old": PASSWORD, "new": "a-new-long-password"},
                          headers=token)
    assert changed.status_code == 200 and changed.json()["tokens_revoked"] >= 2  # + earlier tests' tokens
    assert me(client, cookie) == 401
    assert me(client, headers=token) == 401 and me(client, headers=other) == 401
    again = client.post("/api/auth/token", json={"username": "fio", "password": "a-new-long-password"})
    assert again.status_code == 200


def test_api_logout_revokes_the_bearer_token(own):
    _, client = own
    token = bearer(client, "ana")
    assert client.post("/api/auth/logout", headers=token).json() == {"ended": "token"}
    assert me(client, headers=token) == 401


def test_idle_session_ends(own):
    ws, client = own
    login(client, "ana")
    assert me(client) == 200
    db = open_workspace_database(ws)
    with db.session() as s:
        s.execute(update(WebSession).values(last_seen=utcnow() - timedelta(minutes=31)))
    db.dispose()
    assert me(client) == 401


def test_back_off_answers_429_with_retry_after(own, one_instant):
    _, client = own
    for _ in range(lockout.SOURCE_FREE):
        wrong = client.post("/api/auth/token", json={"username": "ana", "password": "guess"})
        assert wrong.status_code == 401
    refused = client.post("/api/auth/token", json={"username": "ana", "password": PASSWORD})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["error"]["code"] == "too_many_attempts"


def test_bearer_guessing_is_backed_off(own, one_instant):
    _, client = own
    token = bearer(client, "ana")
    for i in range(lockout.SOURCE_FREE):
        assert me(client, headers={"Authorization": f"Bearer ofs_guess{i}"}) == 401
    assert client.get("/api/me", headers=token).status_code == 429


def test_the_back_off_test_does_not_depend_on_the_machine_s_speed(own, one_instant, monkeypatch):
    """The 429 above must not turn into a 200 when the machine is slow: here the fifth wrong
    password takes longer to check than the first back-off (1 s) lasts, as argon2 can on a
    loaded CI runner. Without ``one_instant`` this fails."""
    _, client = own
    real, calls = actors.check_password, []

    def slow_check(hashed, password):
        calls.append(password)
        if len(calls) == lockout.SOURCE_FREE:
            time.sleep(1.1)
        return real(hashed, password)

    monkeypatch.setattr(actors, "check_password", slow_check)
    for _ in range(lockout.SOURCE_FREE):
        assert client.post("/api/auth/token", json={"username": "ana", "password": "guess"}).status_code == 401
    refused = client.post("/api/auth/token", json={"username": "ana", "password": PASSWORD})
    assert refused.status_code == 429
