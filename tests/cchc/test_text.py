import unicodedata

from cchc.text import fold, nfc


def test_fold_ignores_diacritics_case_spacing_and_normal_form():
    decomposed = unicodedata.normalize("NFD", "Kỳ  Anh")
    assert fold(decomposed) == fold("KỲ ANH") == "ky anh"
    assert fold("Đức Thọ") == "duc tho"


def test_nfc_composes():
    assert nfc(unicodedata.normalize("NFD", "Hà Tĩnh")) == "Hà Tĩnh"
