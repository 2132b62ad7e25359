"""One answer for every refusal that must not reveal existence: a non-member asking about
a case (pages, HTML fragments, API routes, profiles) gets exactly what a request about a
case that does not exist gets."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from offensief.api.routes import ROUTERS
from offensief.web.pages import PAGE_ROUTERS
from tests.api.conftest import bearer, case_id, login

UNKNOWN = 987654


def case_routes() -> list[tuple[str, str]]:
    out = []
    for route in [r for router in ROUTERS + PAGE_ROUTERS for r in router.routes]:
        if isinstance(route, APIRoute) and "{case_id}" in route.path:
            for method in sorted(route.methods - {"HEAD"}):
                out.append((method, route.path))
    return out


def fill(path: str, case: int) -> str:
    path = path.replace("{case_id}", str(case))
    return re.sub(r"\{[^}]+\}", "p1", path)


def normalise(text: str, case: int) -> str:
    text = re.sub(r'name="csrf_token" value="[^"]*"', "", text)
    return re.sub(rf"(\bcase |/cases/|\"case\": ?\"?){case}\b", r"\1N", text)


@pytest.mark.parametrize("via", ["cookie", "token"])
def test_non_member_gets_the_unknown_case_answer(client, via):
    headers = bearer(client, "ana")
    real = case_id(client, headers)
    if via == "cookie":
        csrf = login(client, "out")
        auth = {"X-CSRF-Token": csrf, "Accept": "text/html"}
    else:
        auth = bearer(client, "out")
    routes = case_routes()
    assert len(routes) > 20
    differ = []
    for method, path in routes:
        answers = []
        for case in (real, UNKNOWN):
            response = client.request(method, fill(path, case), headers=auth,
                                      data={"value": "x", "reason": "r", "kind": "name",
                                            "dataset": "politie-bvh"})
            answers.append((response.status_code, normalise(response.text, case)))
        if answers[0] != answers[1] or answers[0][0] == 200:
            differ.append((method, path, answers[0][0], answers[1][0]))
    assert differ == [], "\n".join(map(str, differ))


def test_refused_reveal_answers_like_an_unknown_token(client):
    """The municipality sees police data as tokens and may not reveal them: the refusal is
    the unknown token's answer (it named the datasets holding the value)."""
    gem = bearer(client, "gem")
    real = case_id(client, gem)
    profile = client.get(f"/api/cases/{real}/entities/p1", headers=gem).text
    token = re.search(r"tok_[0-9a-f]{16}", profile).group(0)
    answers = []
    for value in (token, "tok_" + "0" * 16):
        response = client.post(f"/api/cases/{real}/reveal", headers=gem,
                               json={"value": value, "reason": "controle"})
        answers.append((response.status_code, response.text.replace(value, "T")))
    assert answers[0] == answers[1] and answers[0][0] == 404
    assert "politie" not in answers[0][1]
