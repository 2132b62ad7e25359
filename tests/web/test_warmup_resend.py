"""The warm-up sends a request again when the server closed its connection unanswered."""

from __future__ import annotations

import httpx
import pytest

from offensief.web.warmup import RESENDS, _request


def _client(drops: int) -> tuple[httpx.Client, list[str]]:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if len(seen) <= drops:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.",
                                            request=request)
        return httpx.Response(200, json={"ok": True})

    return httpx.Client(transport=httpx.MockTransport(handler), base_url="http://test"), seen


def test_a_dropped_request_is_sent_again() -> None:
    client, seen = _client(drops=2)
    assert _request(client, "GET", "/api/cases/1/network").json() == {"ok": True}
    assert seen == ["/api/cases/1/network"] * 3


def test_a_server_that_keeps_dropping_is_an_error() -> None:
    client, seen = _client(drops=RESENDS + 1)
    with pytest.raises(httpx.RemoteProtocolError):
        _request(client, "GET", "/api/cases/1/network")
    assert len(seen) == RESENDS + 1


def test_other_errors_are_not_retried() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = httpx.Client(transport=httpx.MockTransport(handler), base_url="http://test")
    with pytest.raises(httpx.ConnectError):
        _request(client, "GET", "/x")
