"""Stable per-case pseudonyms: keyed HMAC-SHA256 tokens of normalised values.

The same value gets the same token everywhere in one case (so networks keep their shape and
the same IBAN in two datasets still links up), a different token in another case (so tokens
cannot be matched across cases), and nobody without the workspace secret can compute them.

>>> p = Pseudonymiser(secret=b"k" * 32, case_id=7)
>>> p.token("NL91 ABNA 0417 1643 00") == p.token("nl91abna0417164300", prop="iban")
True
>>> p.token("Jan Jansen").startswith("tok_")
True
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

TOKEN_PREFIX = "tok_"
TOKEN_HEX = 16
_TOKEN = re.compile(rf"^{TOKEN_PREFIX}[0-9a-f]{{{TOKEN_HEX}}}$")

#: FtM property types whose values are not personal data and stay readable in tokenised
#: views: links between entities (the network's shape), countries, topics, amounts.
CLEAR_TYPES = frozenset({"entity", "country", "topic", "gender", "language", "number"})
#: Dates stay readable (time lines matter) except these, which identify a person.
PROTECTED_DATE_PROPS = frozenset({"birthDate", "deathDate"})


def is_protected(prop: str, prop_type: str) -> bool:
    """Whether a value of this property must be tokenised for an actor without clear access."""
    if prop_type == "date":
        return prop in PROTECTED_DATE_PROPS
    return prop_type not in CLEAR_TYPES


def is_token(text: str) -> bool:
    return bool(_TOKEN.match(text))


def normalise(value: str) -> str:
    """Case-, accent-, space- and punctuation-insensitive form for stable tokens.

    ``NL91 ABNA 0417 1643 00`` and ``nl91abna0417164300`` give the same form, as do
    ``Jan  Jansen`` and ``jan jansen``; phone numbers keep their digits only.
    """
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    compact = re.sub(r"[\s\-./()]+", "", text)
    if re.fullmatch(r"\+?\d{6,}", compact):
        return "tel:" + compact.lstrip("+")[-9:]
    if re.fullmatch(r"[a-z]{2}\d{2}[a-z0-9]{10,30}", compact):
        return "iban:" + compact
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


class Pseudonymiser:
    """Computes the tokens of one case with a key derived from the workspace secret."""

    def __init__(self, *, secret: bytes, case_id: int) -> None:
        if len(secret) < 16:
            raise ValueError("the pseudonymisation secret must be at least 16 bytes")
        self.case_id = case_id
        self._key = hmac.new(secret, f"offensief-case:{case_id}".encode(), hashlib.sha256).digest()

    def token(self, value: str, *, prop: str = "") -> str:
        """The case's token for ``value`` (``prop`` is accepted for symmetry; tokens do not
        depend on it, so one IBAN links across properties and datasets)."""
        digest = hmac.new(self._key, normalise(value).encode(), hashlib.sha256).hexdigest()
        return TOKEN_PREFIX + digest[:TOKEN_HEX]

    def mask(self, value: str, *, prop: str, prop_type: str) -> str:
        """``value`` itself when it is not personal data, otherwise its token."""
        return self.token(value, prop=prop) if is_protected(prop, prop_type) else value
