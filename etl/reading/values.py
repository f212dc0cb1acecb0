"""Cell values as people type them: numbers with Vietnamese separators, percentages in any form,
dates as dates or as text, and text in any Unicode form or an old Vietnamese font encoding.

Text also arrives with characters nobody sees: control characters, zero-width spaces and the
bidirectional overrides that make text read backwards. They are left out of every text; a code that
carried them, or that is written with letters of another alphabet that look Latin (Cyrillic "Н",
Greek "Η"), is refused by the validation, since what the clerk saw is not what the cell holds.

Each parser returns the value or raises :class:`ValueProblem` with a Vietnamese sentence.
"""
from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

from cchc.formatting import format_number
from cchc.text import fold, nfc, squash_spaces
from etl.reading.legacy_encodings import repair_text

_NON_WORD = re.compile(r"[^0-9a-z%]+")
_NUMBER_TEXT = re.compile(r"^[+-]?[\d.,]+$")
_THOUSANDS_DOT = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3}){2,}$")
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_EXCEL_EPOCH = date(1899, 12, 30)
MAX_TEXT_CHARS = 4000      # one cell of a report (Excel allows 32.767; evidence and notes need a few hundred)
# C0 controls but tab, line feed and carriage return (line breaks become spaces), DEL and the C1 controls,
# zero-width spaces and joiners, the left-to-right and right-to-left marks, the bidirectional embeddings,
# overrides and isolates, the word joiner and invisible operators, and the byte order mark. Applied after the
# TCVN3/VNI repair: TCVN3 stores "ư" as U+00AD, which is therefore kept.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                        "\u2066-\u2069\ufeff]")
_SCRIPTS = {"CYRILLIC": "chữ Kirin", "GREEK": "chữ Hy Lạp", "ARMENIAN": "chữ Armenia", "CHEROKEE": "chữ Cherokee"}


class ValueProblem(ValueError):
    """A value that cannot be read; the message is for the clerk who typed it."""


def is_blank(value: object) -> bool:
    """Empty cell, empty string or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value))


def clean_text(value: object) -> str | None:
    """Text of a cell in NFC with single spaces and no invisible characters; TCVN3/VNI text known by its letters
    converted to Unicode (text in a TCVN3 or VNI font was converted when the sheet was read)."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text, _ = repair_text(str(value))
    return squash_spaces(nfc(strip_invisible(text))) or None


def strip_invisible(text: str) -> str:
    """``text`` without control, zero-width and bidirectional-control characters (tab and line breaks kept)."""
    return _INVISIBLE.sub("", text)


def invisible_characters(value: object) -> str:
    """The invisible characters a text cell holds, as the clerk can look them up ("U+202E, U+200B"), or ""."""
    if not isinstance(value, str):
        return ""
    found = dict.fromkeys(_INVISIBLE.findall(value))
    return ", ".join(f"U+{ord(ch):04X}" for ch in found)


def parse_code(value: object) -> str:
    """A code (unit, target, task, index) as the catalogs write it: upper case, Latin letters, digits and
    punctuation only. Full-width and other compatibility forms ("Ｈ４３６", "Ⅲ") are the same characters in
    another width and are read as such (NFKC); a letter of another alphabet that looks Latin is refused."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    code = unicodedata.normalize("NFKC", str(value)).strip().upper()
    foreign = dict.fromkeys(ch for ch in code if not ch.isascii())
    if foreign:
        named = ", ".join(f"'{ch}' ({_script(ch)})" for ch in foreign)
        raise ValueProblem(f"có ký tự không phải chữ Latinh, chỉ trông giống chữ Latinh: {named}. "
                           "Hãy gõ lại mã bằng chữ cái Latinh không dấu và chữ số")
    return code


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return _SCRIPTS.get(name.split(" ", 1)[0], f"ký tự U+{ord(ch):04X}")


def parse_number(value: object) -> float:
    """A number typed as a number or as text: "1.234,5", "1.234", "85,5", "85.5", "1,234,567"."""
    if isinstance(value, bool):
        raise ValueProblem("không phải là số")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueProblem("không phải là số")   # inf or NaN written into the file: Excel cannot type them
        return float(value)
    text = str(value).replace("\u00a0", " ").replace(" ", "").strip()
    if not _NUMBER_TEXT.match(text) or not any(ch.isdigit() for ch in text):
        raise ValueProblem("không phải là số")
    if "," in text and "." in text:
        # The separator that comes last is the decimal one.
        decimal, thousands = (",", ".") if text.rfind(",") > text.rfind(".") else (".", ",")
        text = text.replace(thousands, "").replace(decimal, ".")
    elif "." in text:
        text = text.replace(".", "") if _THOUSANDS_DOT.match(text) else text
    elif "," in text:
        text = text.replace(",", "") if _THOUSANDS_COMMA.match(text) else text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueProblem("không phải là số") from None


def parse_percent(value: object) -> tuple[float, bool]:
    """A percentage as 85.5, "85,5", "85,5%", "85,5 %" or as a fraction 0.855.

    Returns the value in percent and whether it was read from a fraction (the caller may warn).
    """
    if isinstance(value, str) and value.strip().endswith("%"):
        return parse_number(value.strip()[:-1]), False
    number = parse_number(value)
    if 0 < number <= 1:
        return number * 100, True
    return number, False


def parse_date(value: object) -> date:
    """A date cell, an Excel serial number, or text "26/11/2026", "26-11-2026", "26.11.26"."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueProblem("không phải là ngày")
    match = _DATE_TEXT.match(str(value).strip())
    if not match:
        raise ValueProblem("không phải là ngày (ghi theo dạng ngày/tháng/năm, ví dụ 26/11/2024)")
    day, month, year = (int(x) for x in match.groups())
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueProblem("không phải là ngày có thật") from None


def show(value: object) -> str:
    """A cell value as the clerk would recognise it in a message."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format_number(value, 4).rstrip("0").rstrip(",") if not value.is_integer() else format_number(value)
    if isinstance(value, (datetime, date)):
        return value.strftime("%d/%m/%Y")
    return str(value)


@lru_cache(maxsize=65536)  # the same headers, labels and instructions recur in every file
def header_key(text: str) -> str:
    """The comparison form of a header or label: folded, punctuation as spaces."""
    return _NON_WORD.sub(" ", fold(text)).strip()
