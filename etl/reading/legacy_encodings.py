"""Vietnamese text typed in the old 8-bit fonts, turned back into Unicode (NFC).

Spreadsheets from provincial offices still carry text typed with the pre-Unicode Vietnamese fonts:

* **TCVN3** (ABC, TCVN 5712:1993 "VN3"): the ``.VnTime``, ``.VnArial`` … fonts. One byte per
  letter: every lower-case letter and the seven upper-case base letters Ă Â Ê Ô Ơ Ư Đ have their
  own byte; upper-case letters *with a tone* do not exist in the code, so people switched to the
  all-capital fonts (``.VnTimeH``, ``.VnArialH`` …), which draw the lower-case positions as
  capitals.
* **VNI** (VNI-Windows): the ``VNI-Times``, ``VNI-Helve`` … fonts. A base letter followed by one
  mark byte (``a`` + ``ø`` = à, ``a`` + ``á`` = ấ, ``ô`` alone = ơ, ``ö`` + ``ø`` = ừ), with single
  bytes for đ and for the toned i and ỵ.

Excel never knew these were Vietnamese: a cell holds the font's bytes read as Windows-1252, so
"Hà Tĩnh" arrives from openpyxl/xlrd/calamine as ``"Hµ TÜnh"`` (TCVN3) or ``"Haø Tónh"`` (VNI).
This module reverses that: :func:`repair_text` decides whether a cell is legacy text (by its font
name when the reader gives one, otherwise by its characters) and converts it;
:func:`tcvn3_to_unicode` and :func:`vni_to_unicode` convert unconditionally.

The tables were written from the code charts and checked against glibc's iconv (TCVN5712-1),
Unikey's charset tables and, in the tests, tables built independently from the chart's byte
numbers and from VNI's spelling rules.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["tcvn3_to_unicode", "vni_to_unicode", "detect_encoding", "repair_text"]

TCVN3 = "tcvn3"
VNI = "vni"

# --- TCVN3 ------------------------------------------------------------------------------------
# Each row: Unicode letters, then the same letters as a TCVN3 font stores them, read as cp1252
# (bytes 0xA1-0xFE; which byte is which was checked against glibc's TCVN5712-1, of which VN3
# is the subset the fonts implement). Tones in the order huyền, hỏi, ngã, sắc, nặng.
_TCVN3_ROWS = (
    ("ăâêôơưđ", "¨©ª«¬\u00ad®"),  # 0xA8-0xAE; ư is 0xAD, which cp1252 calls SOFT HYPHEN
    ("ĂÂÊÔƠƯĐ", "¡¢£¤¥¦§"),  # 0xA1-0xA7, the only capitals with diacritics in VN3
    ("àảãáạ", "µ¶·¸¹"),
    ("ằẳẵắặ", "»¼½¾Æ"),
    ("ầẩẫấậ", "ÇÈÉÊË"),
    ("èẻẽéẹ", "ÌÎÏÐÑ"),
    ("ềểễếệ", "ÒÓÔÕÖ"),
    ("ìỉĩíị", "×ØÜÝÞ"),
    ("òỏõóọ", "ßáâãä"),
    ("ồổỗốộ", "åæçèé"),
    ("ờởỡớợ", "êëìíî"),
    ("ùủũúụ", "ïñòóô"),
    ("ừửữứự", "õö÷øù"),
    ("ỳỷỹýỵ", "úûüýþ"),
)
_TCVN3_TO_UNICODE: dict[str, str] = {}
for _letters, _legacy in _TCVN3_ROWS:
    assert len(_letters) == len(_legacy)
    _TCVN3_TO_UNICODE.update(zip(_legacy, _letters))

# VN3 assigns nothing in 0x80-0x9F. Five of those bytes are undefined in cp1252, so Windows and
# the spreadsheet readers hand them over as the C1 controls U+0081 … U+009D. A control character
# is never text, and the one reading that gives them a meaning is the full standard (VN1, as in
# glibc's TCVN5712-1), where they are capitals; we take that. The other 27 bytes of the range
# are cp1252 punctuation (quotes, dashes, "…") in VN3 text, so when they arrive as C1 controls
# (a reader that decoded Latin-1) they become that punctuation again.
_TCVN3_C1 = {"\x81": "Ả", "\x8d": "Ì", "\x8f": "Ĩ", "\x90": "Í", "\x9d": "Ù"}
for _byte in range(0x80, 0xA0):
    _char = chr(_byte)
    if _char not in _TCVN3_C1:
        _TCVN3_C1[_char] = bytes([_byte]).decode("cp1252")
_TCVN3_TO_UNICODE.update(_TCVN3_C1)

# Latin-1 letters that are Vietnamese letters in Unicode but sit on bytes VN3 leaves unused:
# text in a TCVN3 font cannot contain them, so seeing one means the text is really Unicode.
_NOT_IN_TCVN3 = frozenset("ÀÁÂÃÍÙÚà")

# --- VNI --------------------------------------------------------------------------------------
# Each entry: a lower-case letter and its VNI-Windows spelling, read as cp1252. Capitals are the
# same spellings upper-cased (VNI's capital marks are the lower-case mark bytes minus 0x20, which
# is exactly Latin-1's case mapping). Checked against Unikey's VNI-Win table.
_VNI_SPELLINGS = """
    à aø   ả aû   ã aõ   á aù   ạ aï
    ă aê   ằ aè   ẳ aú   ẵ aü   ắ aé   ặ aë
    â aâ   ầ aà   ẩ aå   ẫ aã   ấ aá   ậ aä
    è eø   ẻ eû   ẽ eõ   é eù   ẹ eï
    ê eâ   ề eà   ể eå   ễ eã   ế eá   ệ eä
    ì ì    ỉ æ    ĩ ó    í í    ị ò
    ò oø   ỏ oû   õ oõ   ó où   ọ oï
    ô oâ   ồ oà   ổ oå   ỗ oã   ố oá   ộ oä
    ơ ô    ờ ôø   ở ôû   ỡ ôõ   ớ ôù   ợ ôï
    ù uø   ủ uû   ũ uõ   ú uù   ụ uï
    ư ö    ừ öø   ử öû   ữ öõ   ứ öù   ự öï
    ỳ yø   ỷ yû   ỹ yõ   ý yù   ỵ î
    đ ñ
"""
_VNI_SINGLE: dict[str, str] = {}
_VNI_PAIR: dict[tuple[str, str], str] = {}
_fields = _VNI_SPELLINGS.split()
for _letter, _spelling in zip(_fields[::2], _fields[1::2]):
    if len(_spelling) == 1:
        _VNI_SINGLE[_spelling] = _letter
        _VNI_SINGLE[_spelling.upper()] = _letter.upper()
        continue
    _base, _mark = _spelling[0], _spelling[1]     # a base letter and its mark
    # The mark's case follows the base's when typed properly, but a shift held for one key
    # ("Aù", "aÙ") is common enough; the base letter decides the case of the result.
    for _b in (_base, _base.upper()):
        for _m in (_mark, _mark.upper()):
            _VNI_PAIR[(_b, _m)] = _letter if _b.islower() else _letter.upper()
_VNI_MARKS = frozenset(mark for _, mark in _VNI_PAIR)
# ý is not in VNI (it is spelled "yù"), so a ý means the text is really Unicode.
_NOT_IN_VNI = frozenset("ýÝ")
del _fields, _letter, _spelling, _base, _mark, _b, _m, _letters, _legacy, _byte, _char


def tcvn3_to_unicode(text: str, uppercase_font: bool = False) -> str:
    """Convert text typed in a TCVN3 (.VnTime, ABC) font to Unicode NFC.

    ``text`` is the font's bytes read as cp1252, as spreadsheet readers return it; bytes cp1252
    leaves undefined may come as C1 control characters (U+0081 …) and are read too. Pass
    ``uppercase_font=True`` for the all-capital fonts (``.VnTimeH`` …), which draw every letter as
    a capital: the only way TCVN3 writes capitals with tones.
    """
    result = "".join(_TCVN3_TO_UNICODE.get(char, char) for char in text)
    if uppercase_font:
        # Per character, so that nothing changes length (str.upper() turns "ß" into "SS").
        result = "".join(_upper(char) for char in result)
    return unicodedata.normalize("NFC", result)


def vni_to_unicode(text: str) -> str:
    """Convert text typed in a VNI (VNI-Times, VNI-Windows) font to Unicode NFC.

    ``text`` is the font's bytes read as cp1252. A mark byte that does not follow a letter it can
    combine with is kept as it is.
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if i + 1 < n and (char, text[i + 1]) in _VNI_PAIR:
            out.append(_VNI_PAIR[(char, text[i + 1])])
            i += 2
            continue
        out.append(_VNI_SINGLE.get(char, char))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def detect_encoding(text: str, font_name: str | None = None) -> str | None:
    """Tell which legacy encoding ``text`` is in: ``"tcvn3"``, ``"vni"`` or ``None``.

    ``None`` means the text is already Unicode, plain ASCII, or not recognisably either encoding.

    A letter that no 8-bit font's byte can arrive as (ạ, ơ, đ, or a Greek one …) means Unicode,
    whatever the font. Otherwise a legacy font name decides: names starting with ``.Vn`` are
    TCVN3, names starting with ``VNI-`` are VNI, unless the text holds characters that font never
    produces and nothing it would repair ("Cà phê" in ``VNI-Times``: VNI writes à as "aø").
    Files converted to Unicode often keep their old fonts, so the characters may overrule them.

    With any other font, or none, the characters decide. Each word is read as it stands and as
    converted: an encoding is chosen when conversion turns words that are not Vietnamese
    syllables into syllables (two such words, or one that could hardly be anything else, such as
    TCVN3 with a symbol inside a word, "Hµ", or VNI's "aâ"), and they outnumber the words that
    speak against it: ones it leaves or makes invalid, ones it cannot have produced, and plain
    words that are not Vietnamese ("the", "est"). Ordinary Unicode Vietnamese, English, French
    and the like stay ``None``; so do short texts that read as valid Vietnamese either way
    ("Bé", "Côc" are TCVN3 for "Bộ", "Cục"), which only a font name can settle.
    """
    if not text or text.isascii() or not _fits_a_legacy_font(text):
        return None
    by_font = _encoding_of_font(font_name)
    if by_font is not None:
        evidence = _Evidence.of(text, by_font)
        if evidence.impossible and not evidence.fixed:
            return None
        return by_font
    margins = {}
    for encoding in (TCVN3, VNI):
        evidence = _Evidence.of(text, encoding)
        if evidence.convincing:
            margins[encoding] = evidence.margin
    if len(margins) == 2 and margins[TCVN3] == margins[VNI]:
        return None  # as good a reading either way: leave the text alone
    return max(margins, key=margins.__getitem__, default=None)


def repair_text(text: str, font_name: str | None = None) -> tuple[str, str | None]:
    """Detect a legacy encoding (see :func:`detect_encoding`) and convert the text to Unicode.

    Returns the NFC text and the encoding it was converted from, or ``None`` when it was left as
    it was (then only NFC-normalised). A TCVN3 font name ending in "H" (``.VnTimeH``,
    ``.VnArialH``) marks an all-capital font, and the result is upper-cased.
    """
    encoding = detect_encoding(text, font_name)
    if encoding == TCVN3:
        return tcvn3_to_unicode(text, uppercase_font=_is_uppercase_font(font_name)), TCVN3
    if encoding == VNI:
        return vni_to_unicode(text), VNI
    return unicodedata.normalize("NFC", text), None


# --- font names -------------------------------------------------------------------------------

def _encoding_of_font(font_name: str | None) -> str | None:
    if not font_name:
        return None
    name = font_name.strip().lower()
    if name.startswith(".vn"):
        return TCVN3
    if re.match(r"vni[-_ ]", name):
        return VNI
    return None


def _is_uppercase_font(font_name: str | None) -> bool:
    """``.VnTimeH``, ``.VnArialH`` …: the TCVN3 all-capital fonts end their name in a capital H."""
    if _encoding_of_font(font_name) != TCVN3:
        return False
    return font_name.strip().endswith("H")  # type: ignore[union-attr]


def _upper(char: str) -> str:
    upper = char.upper()
    return upper if len(upper) == 1 else char


# --- recognising Vietnamese -------------------------------------------------------------------

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = frozenset("aăâeêioôơuưy")


def _vietnamese_letters() -> frozenset[str]:
    letters = set("abcdefghijklmnopqrstuvwxyzđ")
    for vowel in _VOWELS:
        for tone in ("", *_TONE_MARKS):
            letters.add(unicodedata.normalize("NFC", vowel + tone))
    return frozenset(letters | {letter.upper() for letter in letters})


_VIETNAMESE_LETTERS = _vietnamese_letters()
# What a byte of an 8-bit font can arrive as: its cp1252 character, or a C1 control (the five
# bytes cp1252 leaves undefined, and any byte from a reader that decoded Latin-1).
_ONE_BYTE = frozenset(bytes(range(256)).decode("cp1252", errors="ignore")) | frozenset(map(chr, range(256)))


def _fits_a_legacy_font(text: str) -> bool:
    """Whether every letter of ``text`` is one that an 8-bit font's bytes can arrive as."""
    return not any(char.isalpha() and char not in _ONE_BYTE for char in unicodedata.normalize("NFC", text))


def _strip_tones(word: str) -> tuple[str, int]:
    """The word in lower case without its tone marks (keeping ă â ê ô ơ ư), and how many it had."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for char in decomposed if char in _TONE_MARKS)
    bare = "".join(char for char in decomposed if char not in _TONE_MARKS)
    return unicodedata.normalize("NFC", bare), tones


# One written syllable: onset, vowel cluster, final consonant. Which finals a cluster takes is
# what tells "tỉnh" (i + nh) from "tổnh" (VNI's "tænh" read as TCVN3) and "các" from "caùc" (VNI
# left unconverted: the glide cluster "au" takes no final). The onsets include the clusters of
# highland place names (Krông, Plei) but not f j w z, nor q without u, which would let foreign
# words pass ("Jaén"); the oo of loanwords (xoong) is left out, as it let VNI's "Coâng" read as
# TCVN3 "Coõng".
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|bl|br|dr|gl|kl|kr|pl|pr|[bcdđghklmnprstvx])?"
_FINALS = ("m", "n", "p", "t")  # after any cluster that takes a final
_NG, _NH = ("ng", "c"), ("nh", "ch")  # ng/c and nh/ch each go with their own vowels
_K = ("k",)  # of highland place names only: Đắk Lắk, Krông Búk
# cluster: (finals besides m n p t, whether a final is required)
_CLUSTERS = {
    "a": (_NG + _NH + _K, False), "ă": (_NG + _K, True), "â": (_NG + _K, True), "e": (_NG, False),
    "ê": (_NG + _NH, False), "i": (_NH, False), "o": (_NG + _K, False), "ô": (_NG + _K, False),
    "ơ": (_NG + _K, False), "u": (_NG + _K, False), "ư": (_NG, False), "y": (_NH, False),
    "oa": (_NG + _NH, False), "oă": (_NG, True), "oe": (_NG, False),
    "uâ": (_NG, True), "uê": (_NH, False), "uy": (_NH, False), "uyê": ((), True),
    "iê": (_NG, True), "yê": (_NG, True), "uô": (_NG, True), "ươ": (_NG, True),
}
# Clusters ending in a glide, and ia/ua/ưa/uơ, take no final.
_OPEN_CLUSTERS = ("iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyu ai ao au ay âu ây eo êu ia iu oi "
                  "ôi ơi ua ui uơ ưa ưi ưu").split()


def _rhyme_pattern() -> str:
    options = []
    for cluster, (finals, required) in sorted(_CLUSTERS.items(), key=lambda item: -len(item[0])):
        options.append(f"{cluster}(?:{'|'.join((*finals, *_FINALS))}){'' if required else '?'}")
    return "|".join(options + sorted(_OPEN_CLUSTERS, key=len, reverse=True))


_SYLLABLE = re.compile(rf"{_ONSET}(?:{_rhyme_pattern()})")


def _is_letters(word: str) -> bool:
    return all(char in _VIETNAMESE_LETTERS for char in word)


def _is_syllable(word: str) -> bool:
    """Whether ``word`` is one written Vietnamese syllable, in lower, upper or title case."""
    if not _is_letters(word):
        return False
    if not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())):
        return False  # "ThÓ" is TCVN3 for "Thể": there, Ó is a small letter
    bare, tones = _strip_tones(word)
    return tones <= 1 and _SYLLABLE.fullmatch(bare) is not None


# Characters that can belong to a word: letters, plus the legacy bytes that are not letters in
# cp1252 (µ is one, ¸ § ® × are not).
_LEGACY_CHARS = frozenset(_TCVN3_TO_UNICODE) | frozenset(_VNI_SINGLE) | _VNI_MARKS


def _words(text: str) -> list[str]:
    words, current = [], []
    for char in text:
        if char.isalpha() or char in _LEGACY_CHARS:
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _impossible_in(word: str, encoding: str) -> bool:
    """Whether ``word`` holds something a font of ``encoding`` cannot have typed."""
    if encoding == TCVN3:
        return any(char in _NOT_IN_TCVN3 for char in word)
    for i, char in enumerate(word):
        if char in _NOT_IN_VNI:
            return True
        if char in _VNI_MARKS and (i == 0 or (word[i - 1], char) not in _VNI_PAIR):
            return True  # a mark byte after a letter it cannot combine with: "Cà", "xuân"
    return False


def _mismatched_vni_case(word: str) -> bool:
    """Whether a VNI letter + mark pair in ``word`` differs in case ("uÕ": TCVN3's "Thuế")."""
    return any((a, b) in _VNI_PAIR and a.isupper() != b.isupper() for a, b in zip(word, word[1:]))


# TCVN3 letters that are symbols in cp1252: no language has them inside a word. (µ starts a word
# in units, "µm", and Vietnamese words seldom start with à, so there it is left out.)
_TCVN3_SYMBOLS = frozenset("¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾×÷")
# VNI letter + mark pairs that foreign words turn into a syllable with: où, goût, eût, aún. The
# others ("aâ", "aø", "uï" …) either are VNI's alone or leave a foreign word no syllable (naïf).
_VNI_FOREIGN_PAIRS = frozenset({"où", "oû", "eû", "aú"})
# Onsets and finals that only Vietnamese spells so
_TYPICAL = re.compile(r"^(?:ngh?|nh|kh|ph|gh|đ|tr|th|qu)|(?:nh|ch)$")


def _strong(word: str, converted: str, encoding: str) -> bool:
    """Whether a word that conversion turns into a syllable could hardly be anything else.

    Either the syllable it becomes starts or ends as only Vietnamese does ("tænh" → "tỉnh",
    "Néi" → "Nội"), or the word holds what only the legacy encoding writes. For TCVN3 that is a
    symbol inside a word ("Hµ", "§¹t") or a capital after a small letter ("tØnh", "lÞch": its
    letters are cp1252's capitals as often as its small letters); its letters that are also
    Nordic, German or Turkish ones ("län", "Gün") are weak alone. For VNI it is a letter + mark
    pair other than the few that foreign words also write ("aâ", "aø", but not "où"), or its
    ươ, "öô"; its single-byte letters (ñ ö æ î ò …) are other languages' letters too ("Sök").
    """
    if _TYPICAL.search(_strip_tones(converted)[0]):
        return True
    if encoding == TCVN3:
        if any(char in _TCVN3_SYMBOLS and (i or char != "µ") for i, char in enumerate(word)):
            return True
        return any(a.islower() and b.isupper() and not b.isascii() for a, b in zip(word, word[1:]))
    if "öô" in word.lower():
        return True
    i = 0
    while i < len(word) - 1:
        if (word[i], word[i + 1]) in _VNI_PAIR:
            if word[i:i + 2].lower() not in _VNI_FOREIGN_PAIRS:
                return True
            i += 2
        else:
            i += 1
    return False


class _Evidence:
    """What converting a text's words with one encoding would do to them."""

    def __init__(self) -> None:
        self.fixed = 0  # not a Vietnamese syllable before, one after (or "Q§" becoming "QĐ")
        self.strong = 0  # … of which could hardly be anything else (see _strong)
        self.against = 0  # left or made invalid, impossible in the encoding, plainly foreign
        self.impossible = 0

    @classmethod
    def of(cls, text: str, encoding: str) -> _Evidence:
        evidence = cls()
        convert = tcvn3_to_unicode if encoding == TCVN3 else vni_to_unicode
        for word in _words(unicodedata.normalize("NFC", text)):
            if word.isascii():
                # Plain words read the same either way, but say whether the text is Vietnamese
                # at all: "the", "est", "uddatabuffer" are not syllables. Capitals are
                # abbreviations (UBND).
                if len(word) > 1 and not word.isupper() and not _is_syllable(word):
                    evidence.against += 1
                continue
            if not any(char.isascii() for char in word):
                continue  # "©", "«", "§" alone are symbols as often as words
            if _impossible_in(word, encoding):
                evidence.impossible += 1
                evidence.against += 1
                continue
            if encoding == VNI and _mismatched_vni_case(word):
                evidence.against += 1  # a VNI keyboard gives a mark the case of its letter
                continue
            converted = convert(word)
            if not any(char in _VOWELS for char in _strip_tones(converted)[0]):
                # An abbreviation: "Q§" or "QÑ" becoming "QĐ" is weak evidence.
                if converted != word and converted.isupper() and _is_letters(converted):
                    evidence.fixed += 1
                continue
            before, after = _is_syllable(word), _is_syllable(converted)
            if after and not before:
                evidence.fixed += 1
                evidence.strong += _strong(word, converted, encoding)
            elif not after:
                evidence.against += 1
        return evidence

    @property
    def convincing(self) -> bool:
        return (self.fixed >= 2 or self.strong >= 1) and self.margin > 0

    @property
    def margin(self) -> int:
        return self.fixed + self.strong - self.against  # a strong word counts twice
