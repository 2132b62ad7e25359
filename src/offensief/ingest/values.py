"""Validation and cleaning of one FtM property value, with errors that name the field.

FollowTheMoney's types do the cleaning; this module decides which failures are errors
(an invalid date or amount is an error, an empty string is simply no value).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from followthemoney import model, registry
from followthemoney.exc import InvalidData
from followthemoney.property import Property
from followthemoney.schema import Schema

from offensief.model.errors import InputError

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
#: Types whose clean() returning nothing for a non-empty value means the value is invalid.
#: Plain text needs no cleaning: no control characters, no runs of spaces.
_PLAIN = re.compile(r"^(?:[^\x00-\x1f\x7f ]| (?! ))*$")
_TEXT_TYPES = {"string", "text", "name", "address", "identifier"}
#: The country national-format phone numbers are dialled in when a source names none:
#: Offensief's partners (RIEC/LIEC covenant partners, FIU-NL, police, tax office) are Dutch.
#: A foreign source says otherwise (``country:`` in its mapping or manifest entry).
DEFAULT_COUNTRY = "nl"
_STRICT_TYPES = {"date", "country", "iban", "email", "phone", "url", "ip", "topic", "gender", "language", "mimetype", "checksum"}


def get_schema(name: Any, *, file: str, line: int) -> Schema:
    """The FtM schema called ``name``, or an error naming the line."""
    if not isinstance(name, str) or not name:
        raise InputError("missing schema", file=file, line=line, field="schema")
    schema = model.get(name)
    if schema is None:
        raise InputError(f"unknown schema {name!r}", file=file, line=line, field="schema")
    if schema.abstract:
        raise InputError(f"schema {name!r} is abstract; use a concrete one", file=file, line=line, field="schema")
    return schema


def get_property(schema: Schema, name: str, *, file: str, line: int) -> Property:
    """The property ``name`` of ``schema``, or an error naming the field."""
    prop = schema.get(name)
    if prop is None:
        raise InputError(
            f"unknown property {name!r} for schema {schema.name}",
            file=file, line=line, field=f"properties.{name}",
        )
    if prop.stub:
        raise InputError(
            f"property {name!r} of {schema.name} is a reverse (stub) property; set it on the other entity",
            file=file, line=line, field=f"properties.{name}",
        )
    return prop


def clean_value(
    prop: Property,
    value: Any,
    *,
    file: str,
    line: int,
    field: str,
    fmt: str | None = None,
    country: str | None = None,
) -> str | None:
    """Clean one value; ``None`` when empty; :class:`InputError` when invalid.

    ``country`` is the source's default country: a phone number without a country code
    is read as dialled there (``06-46758508`` with ``nl`` is ``+31646758508``).
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InputError(f"expected a text value, got {type(value).__name__}", file=file, line=line, field=field)
    text = str(value).strip()
    if not text:
        return None
    type_name = prop.type.name
    fmt = fmt or prop.format
    if type_name == "number":
        if not _NUMBER.match(text):
            what = "amount" if "amount" in prop.name.lower() else "number"
            raise InputError(f"invalid {what} {text!r} (use digits with '.' as decimal point)",
                             file=file, line=line, field=field)
        return text
    if type_name == "entity":
        return text
    if type_name in _TEXT_TYPES and not fmt and _PLAIN.match(text):
        return text
    hint = fmt or (country if type_name == "phone" else None)
    cleaned = _clean(type_name, text, hint)
    if cleaned is None and type_name == "phone":
        where = f" (nor as a national number of {hint.upper()})" if hint else ""
        raise InputError(f"invalid phone number {text!r}{where}", file=file, line=line, field=field)
    if cleaned is None and (type_name in _STRICT_TYPES or fmt):
        raise InputError(f"invalid {fmt or type_name} {text!r}", file=file, line=line, field=field)
    return cleaned


def phone_country(text: Any, *, file: str, field: str = "country") -> str:
    """Validate a source's default country for phone numbers (an ISO code such as ``nl``)."""
    code = registry.country.clean_text(str(text)) if text else None
    if code is None or not _dials(code):
        raise InputError(f"invalid default country {text!r} (use an ISO code such as nl, be, de)",
                         file=file, field=field)
    return code


def _dials(code: str) -> bool:
    """Whether phone numbers can be dialled in ``code`` (FtM refuses ``eu``, ``zz``, …)."""
    try:
        registry.phone.clean_text("0", format=code)
    except InvalidData:  # a country without a dialling plan
        return False
    return True


@lru_cache(maxsize=65536)
def _clean(type_name: str, text: str, fmt: str | None) -> str | None:
    """FtM's cleaning (as ``EntityProxy.add`` does it), memoised: values repeat a lot."""
    kind = registry.get(type_name)
    assert kind is not None
    return kind.clean_text(text, format=fmt)
