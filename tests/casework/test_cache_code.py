"""A cached analysis is keyed by the code that computed it: changed rules never serve old rows."""

from __future__ import annotations

from offensief.casework import cache


def test_the_key_changes_with_the_code(monkeypatch):
    key = cache.cache_key(1, "case", {"top": 10}, "data-1")
    assert key == cache.cache_key(1, "case", {"top": 10}, "data-1")
    monkeypatch.setattr(cache, "code_version", lambda: "another-version")
    assert cache.cache_key(1, "case", {"top": 10}, "data-1") != key


def test_the_code_version_is_a_digest_of_the_sources():
    version = cache.code_version()
    assert len(version) == 16 and int(version, 16) >= 0
