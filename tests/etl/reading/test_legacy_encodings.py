"""TCVN3 (.VnTime) and VNI (VNI-Times) text read from spreadsheets comes back as Unicode.

The expected encodings are built here independently of the module: TCVN3 from the code chart as
byte numbers per vowel and tone, VNI from its spelling rules (base letter + one mark byte, the
marks for ^ and ( carrying the tone), each letter composed with unicodedata from a base and
combining marks. Where glibc's iconv knows TCVN5712-1 (VN1, of which TCVN3 is the subset the fonts
implement), the TCVN3 table is also checked against it.
"""
import subprocess
import unicodedata

import pytest

from etl.reading.legacy_encodings import detect_encoding, repair_text, tcvn3_to_unicode, vni_to_unicode

GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"  # huyền hỏi ngã sắc nặng
TONES = ("", GRAVE, HOOK, TILDE, ACUTE, DOT)
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"
STROKE_D, STROKE_D_CAPITAL = "\u0111", "\u0110"

# (plain letter, combining shape mark) for the 12 vowels of the alphabet
VOWELS = (("a", ""), ("a", BREVE), ("a", CIRCUMFLEX), ("e", ""), ("e", CIRCUMFLEX), ("i", ""),
          ("o", ""), ("o", CIRCUMFLEX), ("o", HORN), ("u", ""), ("u", HORN), ("y", ""))


def compose(*parts: str) -> str:
    return unicodedata.normalize("NFC", "".join(parts))


def all_letters() -> list[str]:
    """The 134 Vietnamese letters that are not ASCII: 67 lower-case ones and their capitals."""
    lower = [compose(base, shape, tone) for base, shape in VOWELS for tone in TONES]
    lower = [letter for letter in lower if not letter.isascii()] + [STROKE_D]
    return lower + [letter.upper() for letter in lower]


LETTERS = all_letters()


def test_the_alphabet_has_134_letters():
    assert len(LETTERS) == len(set(LETTERS)) == 134


# --- TCVN3: the code chart --------------------------------------------------------------------
# Byte per vowel, tones in the order: none, huyền, hỏi, ngã, sắc, nặng.
TCVN3_CHART = {
    ("a", ""): (0x61, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    ("a", BREVE): (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    ("a", CIRCUMFLEX): (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    ("e", ""): (0x65, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    ("e", CIRCUMFLEX): (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    ("i", ""): (0x69, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    ("o", ""): (0x6F, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    ("o", CIRCUMFLEX): (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    ("o", HORN): (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    ("u", ""): (0x75, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    ("u", HORN): (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    ("y", ""): (0x79, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
TCVN3_D = 0xAE
# The capitals with their own byte: Ă Â Ê Ô Ơ Ư Đ (toned capitals need an H font)
TCVN3_CAPITALS = {("a", BREVE): 0xA1, ("a", CIRCUMFLEX): 0xA2, ("e", CIRCUMFLEX): 0xA3,
                  ("o", CIRCUMFLEX): 0xA4, ("o", HORN): 0xA5, ("u", HORN): 0xA6}
TCVN3_D_CAPITAL = 0xA7


def tcvn3_reverse_table() -> tuple[dict[str, int], dict[str, int]]:
    """Letter to byte in the normal fonts, and for the capitals only an H font can show."""
    normal: dict[str, int] = {STROKE_D: TCVN3_D, STROKE_D_CAPITAL: TCVN3_D_CAPITAL}
    h_font: dict[str, int] = {}
    for (base, shape), row in TCVN3_CHART.items():
        for tone, byte in zip(TONES, row):
            normal[compose(base, shape, tone)] = byte
            h_font[compose(base.upper(), shape, tone)] = byte
    for (base, shape), byte in TCVN3_CAPITALS.items():
        normal[compose(base.upper(), shape)] = byte
    for letter in normal:
        h_font.pop(letter, None)
    return normal, h_font


TCVN3_NORMAL, TCVN3_H_ONLY = tcvn3_reverse_table()


def to_tcvn3(text: str, h_font: bool = False) -> str:
    """``text`` as a TCVN3 font stores it, read back as cp1252 the way Excel readers deliver it."""
    out = []
    for char in text:
        if h_font:
            char = char.lower()  # an H font shows the lower-case bytes as capitals
        if char in TCVN3_NORMAL:
            out.append(bytes([TCVN3_NORMAL[char]]).decode("cp1252"))
        elif char in LETTERS:
            raise ValueError(f"{char!r} cannot be typed in a TCVN3 font")
        else:
            out.append(char)
    return "".join(out)


def test_tcvn3_chart_is_complete_and_one_to_one():
    assert set(TCVN3_NORMAL) | set(TCVN3_H_ONLY) >= set(LETTERS)
    non_ascii = {letter: byte for letter, byte in TCVN3_NORMAL.items() if byte >= 0x80}
    assert len(non_ascii) == 74 == len(set(non_ascii.values()))  # 67 lower-case + 7 capitals
    assert len([letter for letter in LETTERS if letter in TCVN3_H_ONLY]) == 60


@pytest.mark.parametrize("letter", LETTERS)
def test_tcvn3_every_letter(letter):
    if letter in TCVN3_NORMAL:
        assert tcvn3_to_unicode(to_tcvn3(letter)) == letter
        assert tcvn3_to_unicode(to_tcvn3(letter), uppercase_font=True) == letter.upper()
    else:
        with pytest.raises(ValueError):
            to_tcvn3(letter)
    encoded = to_tcvn3(letter, h_font=True)
    assert tcvn3_to_unicode(encoded, uppercase_font=True) == letter.upper()
    assert repair_text(encoded, font_name=".VnTimeH") == (letter.upper(), "tcvn3")


def test_tcvn3_other_bytes_are_left_alone():
    used = set(TCVN3_NORMAL.values())
    for byte in [*range(0x20, 0x7F), *range(0xA0, 0x100)]:
        if byte not in used:
            char = bytes([byte]).decode("cp1252")
            assert tcvn3_to_unicode(char) == char, hex(byte)


def test_tcvn3_agrees_with_glibc():
    # iconv and its TCVN5712-1 module ship with Debian's C library (libc-bin, libc6).
    raw = bytes(sorted(byte for byte in TCVN3_NORMAL.values() if byte >= 0x80))
    # One byte per line, so that glibc's composition of a letter with a following mark never
    # joins two of them.
    data = b"\n".join(bytes([byte]) for byte in raw)
    done = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True, check=True)
    expected = done.stdout.decode("utf-8").split("\n")
    ours = [tcvn3_to_unicode(bytes([byte]).decode("cp1252")) for byte in raw]
    assert ours == expected


# --- VNI: the spelling rules ------------------------------------------------------------------
# Lower-case mark bytes; the capital form of a non-ASCII byte is that byte minus 0x20.
VNI_TONE = {GRAVE: 0xF8, HOOK: 0xFB, TILDE: 0xF5, ACUTE: 0xF9, DOT: 0xEF}  # after a e o u y ơ ư
VNI_CIRCUMFLEX = {"": 0xE2, GRAVE: 0xE0, HOOK: 0xE5, TILDE: 0xE3, ACUTE: 0xE1, DOT: 0xE4}  # â ê ô
VNI_BREVE = {"": 0xEA, GRAVE: 0xE8, HOOK: 0xFA, TILDE: 0xFC, ACUTE: 0xE9, DOT: 0xEB}  # ă
VNI_HORN_BASE = {"o": 0xF4, "u": 0xF6}  # ơ ư are single bytes that take the tone bytes
VNI_I = {GRAVE: 0xEC, HOOK: 0xE6, TILDE: 0xF3, ACUTE: 0xED, DOT: 0xF2}  # ì ỉ ĩ í ị: single bytes
VNI_Y_DOT = 0xEE  # ỵ: a single byte
VNI_D = 0xF1


def vni_letter(letter: str) -> bytes:
    """One letter in VNI-Windows, from its decomposition."""
    if letter in (STROKE_D, STROKE_D_CAPITAL):
        byte = VNI_D
        return bytes([byte - 0x20 if letter.isupper() else byte])
    capital = letter.isupper()
    base, *marks = unicodedata.normalize("NFD", letter.lower())
    shape = next((mark for mark in marks if mark in (CIRCUMFLEX, BREVE, HORN)), "")
    tone = next((mark for mark in marks if mark in VNI_TONE), "")
    if shape == HORN:
        head, tail = [VNI_HORN_BASE[base]], ([VNI_TONE[tone]] if tone else [])
    elif shape == CIRCUMFLEX:
        head, tail = [ord(base)], [VNI_CIRCUMFLEX[tone]]
    elif shape == BREVE:
        head, tail = [ord(base)], [VNI_BREVE[tone]]
    elif base == "i" and tone:
        head, tail = [VNI_I[tone]], []
    elif base == "y" and tone == DOT:
        head, tail = [VNI_Y_DOT], []
    else:
        head, tail = [ord(base)], ([VNI_TONE[tone]] if tone else [])
    out = head + tail
    if capital:
        out = [byte - 0x20 if byte >= 0x80 or 0x61 <= byte <= 0x7A else byte for byte in out]
    return bytes(out)


def to_vni(text: str) -> str:
    """``text`` as a VNI font stores it, read back as cp1252."""
    return "".join(vni_letter(char).decode("cp1252") if char in LETTERS else char for char in text)


def test_vni_spellings_are_distinct():
    spellings = [vni_letter(letter) for letter in LETTERS]
    assert len(set(spellings)) == 134
    assert all(1 <= len(spelling) <= 2 for spelling in spellings)


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_every_letter(letter):
    encoded = to_vni(letter)
    assert vni_to_unicode(encoded) == letter
    assert vni_to_unicode("x" + encoded + "x") == "x" + letter + "x"
    assert repair_text(encoded, font_name="VNI-Times") == (letter, "vni")


@pytest.mark.parametrize("raw, expected", [
    ("Haø Tónh", "Hà Tĩnh"),
    ("tænh", "tỉnh"),  # æ is ỉ
    ("thò xaõ", "thị xã"),  # ò is ị
    ("Myõ, Lyù, Kyø, muøa haï", "Mỹ, Lý, Kỳ, mùa hạ"),
    ("Hoaøi, Ñaøo, chính", "Hoài, Đào, chính"),
    ("HAØ TÓNH", "HÀ TĨNH"),
    ("HAø TÓNH", "HÀ TĨNH"),  # a mark typed without shift after a capital
    ("ÑÖÔØNG", "ĐƯỜNG"),
    ("ñaêng kyù", "đăng ký"),
])
def test_vni_spellings_seen_in_files(raw, expected):
    assert vni_to_unicode(raw) == expected


# --- phrases ----------------------------------------------------------------------------------
PHRASES = [
    "Ủy ban nhân dân tỉnh Hà Tĩnh",
    "Sở Thông tin và Truyền thông",
    "Cải cách thủ tục hành chính",
    "Quý II năm 2024",
    "Đường Nguyễn Huệ",
    "Thường xuyên",
    "Quyết định số 123/QĐ-UBND của Ủy ban nhân dân tỉnh",
    "Tỷ lệ hồ sơ giải quyết đúng hạn: 98,5%",
    "Khuyến khích người dân nộp hồ sơ trực tuyến",
]


def tcvn3_typeable(phrase: str) -> bool:
    return all(char in TCVN3_NORMAL or char not in LETTERS for char in phrase)


@pytest.mark.parametrize("phrase", PHRASES)
def test_tcvn3_phrases(phrase):
    if tcvn3_typeable(phrase):
        encoded = to_tcvn3(phrase)
        assert tcvn3_to_unicode(encoded) == phrase
        assert repair_text(encoded, font_name=".VnTime") == (phrase, "tcvn3")
        assert repair_text(encoded) == (phrase, "tcvn3")
    # Every phrase can be typed in an H font, in capitals
    encoded = to_tcvn3(phrase, h_font=True)
    assert repair_text(encoded, font_name=".VnTimeH") == (phrase.upper(), "tcvn3")
    assert tcvn3_to_unicode(encoded, uppercase_font=True) == phrase.upper()


@pytest.mark.parametrize("phrase", PHRASES)
def test_vni_phrases(phrase):
    encoded = to_vni(phrase)
    assert vni_to_unicode(encoded) == phrase
    assert repair_text(encoded, font_name="VNI-Times") == (phrase, "vni")
    assert repair_text(encoded) == (phrase, "vni")
    assert repair_text(encoded.upper()) == (phrase.upper(), "vni")


def test_examples_from_the_brief():
    assert to_tcvn3("Hà Tĩnh") == "Hµ TÜnh"
    assert to_vni("Hà Tĩnh") == "Haø Tónh"
    assert repair_text("Hµ TÜnh") == ("Hà Tĩnh", "tcvn3")
    assert repair_text("Haø Tónh") == ("Hà Tĩnh", "vni")


# --- detection by font name -------------------------------------------------------------------
@pytest.mark.parametrize("font, encoding", [
    (".VnTime", "tcvn3"), (".VnTimeH", "tcvn3"), (".VnArial", "tcvn3"), (".VnArialH", "tcvn3"),
    (".VnArial Narrow", "tcvn3"), (".VnCentury Schoolbook", "tcvn3"), (" .vntime ", "tcvn3"),
    ("VNI-Times", "vni"), ("VNI-Helve", "vni"), ("VNI-Helve-Condense", "vni"), ("vni-times", "vni"),
])
def test_detection_by_font_name(font, encoding):
    # Text that either font could have typed: the font decides.
    assert detect_encoding("Haø Tónh", font_name=font) == encoding
    assert detect_encoding("Nam §Þnh", font_name=font) == encoding


@pytest.mark.parametrize("font", ["Times New Roman", "Arial", "Calibri", "", None])
def test_other_fonts_decide_by_characters(font):
    assert detect_encoding(to_tcvn3("Cải cách thủ tục hành chính"), font_name=font) == "tcvn3"
    assert detect_encoding(to_vni("Cải cách thủ tục hành chính"), font_name=font) == "vni"
    assert detect_encoding("Cải cách thủ tục hành chính", font_name=font) is None


def test_legacy_font_on_text_already_in_unicode():
    # Files converted to Unicode often keep their old fonts.
    for font in (".VnTime", ".VnTimeH", "VNI-Times"):
        assert repair_text("Ủy ban nhân dân tỉnh Hà Tĩnh", font) == ("Ủy ban nhân dân tỉnh Hà Tĩnh", None)
        assert detect_encoding("Chú Tâm có con chó màu nâu", font) is None
        assert detect_encoding("Administrative reform", font) is None


def test_uppercase_font_only_for_tcvn3_h_fonts():
    assert repair_text("Hµ TÜnh", ".VnTimeH") == ("HÀ TĨNH", "tcvn3")
    assert repair_text("Hµ TÜnh", ".VnArialH") == ("HÀ TĨNH", "tcvn3")
    assert repair_text("Hµ TÜnh", ".VnTime") == ("Hà Tĩnh", "tcvn3")
    assert repair_text("Hµ TÜnh", None) == ("Hà Tĩnh", "tcvn3")


def test_h_font_text_typed_in_mixed_case():
    # In .VnTimeH, "ñy ban" and "ÑY BAN" look the same on screen
    assert tcvn3_to_unicode("ñY BAN NH©N D©N tØnh", uppercase_font=True) == "ỦY BAN NHÂN DÂN TỈNH"
    assert tcvn3_to_unicode("§¹i héi", uppercase_font=True) == "ĐẠI HỘI"


# --- detection by characters ------------------------------------------------------------------
@pytest.mark.parametrize("raw, encoding", [
    ("Hµ TÜnh", "tcvn3"),
    ("§¬n vÞ", "tcvn3"),
    ("§¹t", "tcvn3"),
    ("Q§ sè 123/Q§-UBND cña UBND tØnh", "tcvn3"),
    ("Th«ng b¸o kÕt qu¶ gi¶i quyÕt hå s¬", "tcvn3"),
    ("Haø Tónh", "vni"),
    ("Ñôn vò", "vni"),
    ("Thoâng baùo keát quaû giaûi quyeát hoà sô", "vni"),
    ("Sôû Noäi vuï", "vni"),
    # TCVN3 whose letters look like Latin-1 letters: a capital after a small letter gives it away
    ("BHXH tØnh", "tcvn3"),
    ("Du lÞch", "tcvn3"),
    ("Côc ThuÕ", "tcvn3"),  # and VNI would need "uÕ", a mark in the wrong case
    ("ThÓ chÕ sè", "tcvn3"),
    # VNI: a Vietnamese final or onset, or ươ
    ("Ban QL KKT tænh", "vni"),
    ("H. Höông Sôn", "vni"),
    ("Cao Baèng", "vni"),
    # abbreviations with Đ count when there are two
    ("Q§ 52/2019/Q§-UBND", "tcvn3"),
    ("QÑ 52/2019/QÑ-UBND", "vni"),
    # Vietnamese inside English
    ('rank computed from a "taêng/giaûm N baäc" phrase', "vni"),
])
def test_detection_without_font(raw, encoding):
    assert detect_encoding(raw) == encoding


@pytest.mark.parametrize("raw, font, expected", [
    ("Bé Néi vô", ".VnTime", ("Bộ Nội vụ", "tcvn3")),
    ("Côc QLTT", ".VnTime", ("Cục QLTT", "tcvn3")),
    ("Cô quan", "VNI-Times", ("Cơ quan", "vni")),
    ("Soá xaõ", "VNI-Times", ("Số xã", "vni")),
])
def test_text_valid_either_way_needs_the_font(raw, font, expected):
    # Every word is also a possible Unicode spelling, so only the font can tell.
    assert repair_text(raw) == (raw, None)
    assert repair_text(raw, font) == expected


UNICODE_SENTENCES = [
    "Ủy ban nhân dân tỉnh Hà Tĩnh",
    "Tôi là con nhà nông",
    "Ông bà có cái áo màu xanh",
    "Chú Tú hát bài ca dân ca",
    "Ai về xóm núi bên kia sông",
    "Cô Hòa là giáo viên",
    "Chú Tâm có con chó màu nâu",
    "Chè xanh, cà phê và bánh mì",
    "Hoà, Khoá, Thuý, Toán",
    "Hò ơi, con sóng vỗ mạn thuyền",
    "Cô ấy có mái tóc óng ả",
    "Bé Tí và bé Tú chơi ô ăn quan",
    "Mùa xuân là tết trồng cây",
    "Hồ sơ số 05/2024/TTHC đã được tiếp nhận",
    "Ôn tập, kiểm tra, đánh giá",
    "Ê-đê, Gia Rai, Ba Na, Xơ Đăng ở Tây Nguyên",
    "Đắk Lắk, Krông Pắc, Pleiku",
    "Lò Văn Sáu, bản Pó Tó, xã Ía Ó",
    "ò ó o, í ì, ù ú, õ ê â ô",
]
FOREIGN_TEXT = [
    "The quick brown fox jumps over the lazy dog",
    "Administrative procedure reform index 2024",
    "Résumé of the café's naïve coöperation",
    "© 2024 Microsoft® Excel™ — all rights reserved",
    "Temperature 25°C ± 2°C; area 5 m², volume 10 m³",
    "Où est la bibliothèque ? Là-bas, près de l'église.",
    "Le garçon a mangé une crème brûlée à Noël",
    "C'est déjà l'été, très chaud",
    "Ça coûte cher, n'est-ce pas ?",
    "« Liberté, égalité, fraternité »",
    "¿Dónde está el baño? Señor Muñoz",
    "Grüße aus München, schöne Straße",
    "Où",
    "où",
    "aún",
    "Blekinge län",
    "tøm uddatabuffer for hver linje",
    "Ciò potrebbe indicare che il server non supporta alcuna versione del protocollo SSL",
    "Mãe", "può", "Jaén", "Sök", "Gün", "Malmö", "Bjørn", "Þór", "El Niño", "goût", "rôle",
    "crème fraîche", "São Paulo", "Zürich", "Hôtel de Ville", "naïve café", "Israël",
    "Personalizzato 3×4",
    "Καλημέρα κόσμε · γειά",  # Greek: no 8-bit Vietnamese font has these letters
    "Привет · мир",
    "5 µm",
]
CODES = ["TTHC-3.1", "2024", "1.234.567,89", "QĐ-UBND", "A1-B2/C3", "ISO 9001:2015", "50%", "",
         "   ", "“Quoted” – dash…", "Tổng: 12"]


@pytest.mark.parametrize("text", UNICODE_SENTENCES + FOREIGN_TEXT + CODES)
def test_no_false_positives(text):
    assert detect_encoding(text) is None
    assert repair_text(text) == (unicodedata.normalize("NFC", text), None)


def test_unicode_is_returned_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Hà Tĩnh")
    assert repair_text(decomposed) == ("Ủy ban nhân dân tỉnh Hà Tĩnh", None)
    assert repair_text(decomposed, ".VnTime") == ("Ủy ban nhân dân tỉnh Hà Tĩnh", None)


# --- bytes cp1252 leaves undefined ------------------------------------------------------------
@pytest.mark.parametrize("control, letter", [
    ("\x81", "Ả"), ("\x8d", "Ì"), ("\x8f", "Ĩ"), ("\x90", "Í"), ("\x9d", "Ù"),
])
def test_tcvn3_c1_control_form(control, letter):
    # No cp1252 character exists for these bytes, so readers hand them over as C1 controls;
    # the full TCVN 5712 code (VN1) has these capitals there.
    assert tcvn3_to_unicode(control) == letter
    assert tcvn3_to_unicode(f"{control}nh h­ëng") == f"{letter}nh hưởng"
    assert repair_text(f"{control}nh h­ëng", ".VnTime") == (f"{letter}nh hưởng", "tcvn3")


def test_tcvn3_punctuation_in_both_forms():
    # The other bytes of 0x80-0x9F are cp1252 punctuation in TCVN3 text, whether a reader gave
    # the cp1252 character or the C1 control of the same byte.
    assert tcvn3_to_unicode("“Hµ TÜnh” – 2024…") == "“Hà Tĩnh” – 2024…"
    assert tcvn3_to_unicode("\x93Hµ TÜnh\x94 \x96 2024\x85") == "“Hà Tĩnh” – 2024…"
    assert repair_text("“Hµ TÜnh” – tØnh") == ("“Hà Tĩnh” – tỉnh", "tcvn3")


def test_conversion_keeps_what_it_does_not_know():
    assert tcvn3_to_unicode("TTHC-3.1 (50%)\t\n") == "TTHC-3.1 (50%)\t\n"
    assert vni_to_unicode("TTHC-3.1 (50%)\t\n") == "TTHC-3.1 (50%)\t\n"
    assert vni_to_unicode("ø at the start, 2ø") == "ø at the start, 2ø"
