import unicodedata

from cchc.text import (
    address_problem,
    fold,
    link_address,
    markdown_link,
    nfc,
    plain_markdown,
    spreadsheet_safe,
    valid_address,
)


def test_fold_ignores_diacritics_case_spacing_and_normal_form():
    decomposed = unicodedata.normalize("NFD", "Kỳ  Anh")
    assert fold(decomposed) == fold("KỲ ANH") == "ky anh"
    assert fold("Đức Thọ") == "duc tho"


def test_nfc_composes():
    assert nfc(unicodedata.normalize("NFD", "Hà Tĩnh")) == "Hà Tĩnh"


def test_plain_markdown_leaves_no_syntax_and_keeps_ordinary_punctuation():
    cases = {
        "<script>alert(1)</script>": r"\<script\>alert(1)\</script\>",
        "**bold** [x](http://e) `c` ~s~ $x$ a|b": r"\*\*bold\*\* \[x\](http\://e) \`c\` \~s\~ \$x\$ a\|b",
        "# h": r"\# h", "- a": r"\- a", "+1+1": r"\+1+1", "=1": r"\=1", "12. x": r"12\. x", "@SUM(A1)": r"\@SUM(A1)",
        "&lt; & www.x.vn :material/home:": r"\&lt; & www\.x.vn :material\/home:",
        "Tử số (60) lớn hơn mẫu số (50).": "Tử số (60) lớn hơn mẫu số (50).",
        "hai\n\ndòng\u202e\x01": "hai dòng", None: "", float("nan"): "",
    }
    assert {text: plain_markdown(text) for text in cases} == cases


def test_links_and_spreadsheet_cells():
    assert markdown_link("https://e.vn/a b(c)") == r"[https\://e.vn/a b(c)](https://e.vn/a%20b%28c%29)"
    assert markdown_link("javascript:alert(1)") == "javascript:alert(1)" and link_address("javascript:x") == ""
    assert [spreadsheet_safe(v) for v in ("=1+1", "+1", "-2+3", "@A1", "\tx", "a=1", -2, None)] == \
        ["'=1+1", "'+1", "'-2+3", "'@A1", "'\tx", "a=1", -2, None]


def test_addresses_are_checked_as_a_mail_server_would_take_them_and_the_problem_is_named():
    assert valid_address("vanphong.snv@hatinh.gov.vn") and valid_address("xa.hoa-binh+bc@gmail.com")
    problems = {email: address_problem(email) for email in (
        "snv.hatinh.gov.vn", "snv@hatinh", "sở nội vụ@hatinh.gov.vn", "nộivụ@hatinh.gov.vn", "a@b@hatinh.gov.vn", "",
        "a@.vn", "snv@", "@hatinh.gov.vn", "=HYPERLINK@x.vn", "a(b)@x.vn", "a" * 250 + "@x.vn")}
    assert problems == {
        "snv.hatinh.gov.vn": "thiếu dấu @",
        "snv@hatinh": 'tên miền "hatinh" thiếu dấu chấm (ví dụ hatinh.gov.vn)',
        "sở nội vụ@hatinh.gov.vn": "có dấu cách",
        "nộivụ@hatinh.gov.vn": "có chữ có dấu hoặc ký tự đặc biệt (chỉ dùng chữ không dấu, số và . _ -)",
        "a@b@hatinh.gov.vn": "có nhiều hơn một dấu @",
        "": "để trống",
        "a@.vn": 'tên miền ".vn" không đúng dạng (ví dụ hatinh.gov.vn)',
        "snv@": "thiếu tên miền sau dấu @",
        "@hatinh.gov.vn": "thiếu phần tên trước dấu @",
        "=HYPERLINK@x.vn": "không được bắt đầu bằng dấu = + hay -",
        "a(b)@x.vn": "phần trước dấu @ có ký tự không dùng được trong địa chỉ thư",
        "a" * 250 + "@x.vn": "dài quá 254 ký tự",
    }
