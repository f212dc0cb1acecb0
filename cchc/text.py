"""Text helpers shared by the app and the ETL: Unicode normalisation and folding, and text that people
typed (notes, file names, names) made safe to show in Markdown or to write to a spreadsheet.

``fold`` turns text into a comparison key: NFC, no diacritics (đ → d), lower case, single spaces.
It is what lets "ky anh" find "Kỳ Anh" and "Thuong xuyen" match "Thường xuyên".

``plain_markdown`` is for every value from the data that a page puts into Markdown (``st.markdown``,
captions, notices, help texts, ``st.table`` cells): it is shown as the very characters typed, never as
HTML, a link, bold type, a heading or a LaTeX formula; ``markdown_link`` and ``link_address`` put a web
address from the data into a link without letting it out of the link. ``spreadsheet_safe`` guards a CSV
text cell against formula injection; Excel workbooks get the same guard as a cell property (see
:mod:`cchc.store.exports`).

``address_problem`` says what is wrong with an e-mail address someone typed (a unit's, an account's), in
Vietnamese; ``valid_address`` is its yes or no.
"""
from __future__ import annotations

import math
import re
import unicodedata
from typing import TypeGuard
from urllib.parse import quote, urlsplit

_SPACES = re.compile(r"\s+")
# What can start Markdown syntax in one line of text, as Streamlit reads it, and is escaped with a backslash:
# HTML and autolinks (< >), links, images and Streamlit's directives ([ ]), emphasis and code (* _ ` ~),
# LaTeX ($), tables (|), the backslash itself, an entity (&lt;), a web or e-mail address that would become
# a link (http://, www., @) and Streamlit's :material/…: icons. Ordinary punctuation (. , ( ) - : ' ") is
# left alone: it means nothing in the middle of a line, so most texts keep their exact characters.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_~\[\]<>$|@]|&(?=#?\w+;)|:(?=//)|(?<=www)\.|(?<=:material)/", re.IGNORECASE)
# At the start of a line: a heading, a list item or a quote.
_LINE_START = re.compile(r"^(?:[#+\-=]|\d+(?=[.)]))")
# What stays as it is in a link's address: RFC 3986's reserved and unreserved characters but the brackets,
# which would end the address in Markdown; spaces, < > ( ), quotes and non-ASCII letters are percent-encoded.
_ADDRESS_SAFE = "/:?#[]@!$&'*+,;=%~-._"
# Control characters, and the bidirectional embeddings, overrides and isolates that can make a file name
# read backwards ("…fdp.exe"): never shown.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A cell beginning with one of these is read as a formula by Excel and LibreOffice when a CSV file is opened
# (OWASP's list: tab and carriage return too).
FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r")
# An e-mail address, a pragmatic check rather than RFC 5322 in full: what a mail server of the province will take.
_LOCAL_PART = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$")
_DOMAIN_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")
MAX_ADDRESS = 254


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


def plain_markdown(text: object) -> str:
    """``text`` (None or NaN: nothing) for Markdown, shown exactly as typed: on one line, whatever could be
    read as Markdown or HTML escaped, control and bidirectional-override characters left out."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    line = _MARKDOWN_SYNTAX.sub(r"\\\g<0>", _INVISIBLE.sub("", squash_spaces(str(text))))
    start = _LINE_START.match(line)
    if start is None:
        return line
    if line[0].isdigit():            # "1. " or "1) ": the dot or the bracket is what makes the list
        return line[:start.end()] + "\\" + line[start.end():]
    return "\\" + line


def link_address(url: object) -> str:
    """A web address for the (…) of a Markdown link: the same address with the characters that could end it
    percent-encoded; "" unless it is an http or https address."""
    if not isinstance(url, str):
        return ""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return quote(url, safe=_ADDRESS_SAFE)


def markdown_link(url: object) -> str:
    """A web address shown as itself, a link when it is http or https, plain text otherwise."""
    address = link_address(url)
    return f"[{plain_markdown(url)}]({address})" if address else plain_markdown(url)


def starts_formula(value: object) -> TypeGuard[str]:
    """Whether ``value`` is text that a spreadsheet would take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTERS)


def spreadsheet_safe(value: object) -> object:
    """A CSV cell's value with formula injection neutralised: text that would start a formula gets a leading
    apostrophe (OWASP's advice), so ``=HYPERLINK(…)`` is shown as the text ``'=HYPERLINK(…)``. Anything else,
    numbers included (−2 stays a number), is returned as it is."""
    return "'" + value if starts_formula(value) else value


def address_problem(email: str) -> str | None:
    """What is wrong with ``email`` as an address to write to, in Vietnamese (to follow "không hợp lệ: "), or None
    when it is well formed: one ``@``, before it letters, digits and ``.!#$%&'*+/=?^_`{|}~-``, after it a domain
    with a dot, no spaces, no letters with diacritics, at most 254 characters; not starting with = + or -, so that
the address stays itself in a CSV file opened in a spreadsheet."""
    if not email:
        return "để trống"
    if len(email) > MAX_ADDRESS:
        return f"dài quá {MAX_ADDRESS} ký tự"
    if any(ch.isspace() for ch in email):
        return "có dấu cách"
    if email.count("@") != 1:
        return "thiếu dấu @" if "@" not in email else "có nhiều hơn một dấu @"
    local, domain = email.split("@")
    if not local:
        return "thiếu phần tên trước dấu @"
    if local.startswith(FORMULA_STARTERS):     # a spreadsheet would take the CSV cell for a formula
        return "không được bắt đầu bằng dấu = + hay -"
    if not domain:
        return "thiếu tên miền sau dấu @"
    if not email.isascii():
        return "có chữ có dấu hoặc ký tự đặc biệt (chỉ dùng chữ không dấu, số và . _ -)"
    if not _LOCAL_PART.match(local):
        return "phần trước dấu @ có ký tự không dùng được trong địa chỉ thư"
    labels = domain.split(".")
    if len(labels) < 2:
        return f"tên miền \"{domain}\" thiếu dấu chấm (ví dụ hatinh.gov.vn)"
    if not all(_DOMAIN_LABEL.match(label) for label in labels):
        return f"tên miền \"{domain}\" không đúng dạng (ví dụ hatinh.gov.vn)"
    return None


def valid_address(email: str) -> bool:
    """Whether ``email`` is an address a unit or an account can be written to (:func:`address_problem`)."""
    return address_problem(email) is None
