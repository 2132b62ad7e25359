"""One money and date format per locale (Babel): Dutch by default, English switchable.

>>> money(105124.4), money(105124.4, locale="en")
('€ 105.124', '€105,124')
>>> day("2025-10-11"), day("2025-10-11", locale="en")
('11 okt 2025', 'Oct 11, 2025')
>>> amounts_in_text("11 payments of EUR 9,022–EUR 9,892, EUR 105,124 in total")
'11 payments of € 9.022–€ 9.892, € 105.124 in total'
"""

from __future__ import annotations

import re
from datetime import date, datetime

from babel.dates import format_date
from babel.numbers import format_currency

LOCALES = ("nl", "en")
DEFAULT_LOCALE = "nl"


def money(value: float | None, *, currency: str = "EUR", locale: str = DEFAULT_LOCALE) -> str:
    """An amount in whole units of ``currency`` as ``locale`` writes it."""
    if value is None:
        return ""
    return format_currency(round(value), currency, format="¤ #,##0" if locale == "nl" else "¤#,##0",
                           locale=locale, currency_digits=False)


def day(value: str | date | datetime | None, *, locale: str = DEFAULT_LOCALE) -> str:
    """A date (ISO text or date) in ``locale``'s medium form."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, "medium", locale=locale)


_AMOUNT = re.compile(r"\bEUR (\d{1,3}(?:,\d{3})*(?:\.\d+)?)")


def amounts_in_text(text: str, *, locale: str = DEFAULT_LOCALE) -> str:
    """``text`` (an explanation written by a detector) with ``EUR 105,124`` amounts in the
    locale's one money format, so a page never shows two formats side by side."""
    return _AMOUNT.sub(lambda m: money(float(m.group(1).replace(",", "")), locale=locale), text)
