"""Vietnamese text helpers shared by the app and the ETL: Unicode normalisation and folding.

``fold`` turns text into a comparison key: NFC, no diacritics (đ → d), lower case, single spaces.
It is what lets "ky anh" find "Kỳ Anh" and "Thuong xuyen" match "Thường xuyên".
"""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Text in composed Unicode (NFC), the form the database stores."""
    return unicodedata.normalize("NFC", text)


def squash_spaces(text: str) -> str:
    """Collapse runs of whitespace (line breaks included) to one space and trim."""
    return _SPACES.sub(" ", text).strip()


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese tone and vowel marks; đ/Đ become d/D."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare).replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Comparison key: no diacritics, lower case, single spaces."""
    return squash_spaces(strip_diacritics(text).lower())
