"""Dutch by default, English switchable: gettext catalogues read with Babel.

Templates mark text with ``_("English text")``; :func:`gettext` looks it up in the catalogue
of the request's language (``locale/<lang>/LC_MESSAGES/messages.po``, read once), falling
back to the English text. The language is the ``offensief_lang`` cookie (``/lang/en``,
``/lang/nl`` set it), else Dutch. Money and dates use one format per language
(:mod:`offensief.casework.formats`).

>>> with language("nl"):
...     gettext("Cases"), gettext("Log out")
('Zaken', 'Uitloggen')
>>> with language("en"):
...     gettext("Cases")
'Cases'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Any

from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES = ("nl", "en")
DEFAULT_LOCALE = "nl"
COOKIE = "offensief_lang"
_current: ContextVar[str] = ContextVar("offensief_language", default=DEFAULT_LOCALE)


@cache
def catalogue(locale: str) -> NullTranslations:
    """The translations of ``locale`` (English is the source text: no catalogue)."""
    path = resources.files("offensief.web") / "locale" / locale / "LC_MESSAGES" / "messages.po"
    if locale == "en" or not path.is_file():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    messages: dict[str | tuple[str, Any], str] = {}
    for message in catalog:
        if isinstance(message.id, str) and message.id and isinstance(message.string, str) and message.string:
            messages[message.id] = message.string
    translations = Translations()
    translations._catalog = messages
    return translations


def choose(cookie: str | None) -> str:
    """The language of a request: the cookie's if known, else Dutch."""
    return cookie if cookie in LOCALES else DEFAULT_LOCALE


def set_language(locale: str | None) -> None:
    _current.set(choose(locale))


def current() -> str:
    return _current.get()


@contextmanager
def language(locale: str | None) -> Iterator[None]:
    token = _current.set(choose(locale))
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return catalogue(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(current()).ngettext(singular, plural, n)
