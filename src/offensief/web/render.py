"""The Jinja2 environment of the web UI: templates shipped inside the package."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import orjson
from jinja2 import Environment, PackageLoader, select_autoescape

from offensief.access.pseudonym import is_token
from offensief.casework.formats import amounts_in_text, money
from offensief.web import i18n


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _money(value: Any) -> str:
    """An amount in the page's one money format (``€ 105.124`` in Dutch, ``€105,124`` in English)."""
    if value is None:
        return i18n.gettext("withheld")
    try:
        return money(float(value), locale=i18n.current())
    except (TypeError, ValueError):
        return str(value)


def _amounts(text: str) -> str:
    """Amounts in a detector's sentence in the page's money format."""
    return amounts_in_text(text, locale=i18n.current())


def _tojson_attr(value: Any) -> str:
    """JSON for an HTML attribute (autoescaping does the quoting)."""
    return orjson.dumps(value, default=str).decode()


def template_environment() -> Environment:
    """Autoescaping environment with the few filters the templates use."""
    env = Environment(
        loader=PackageLoader("offensief.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    env.filters["money"] = _money
    env.filters["jsonattr"] = _tojson_attr
    env.tests["token"] = lambda value: isinstance(value, str) and is_token(value)
    env.filters["amounts"] = _amounts
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["lang"] = i18n.current
    return env
