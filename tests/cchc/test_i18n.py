"""The UI catalogs: every text a page or the web layer asks for by a literal key is in the Vietnamese catalog, and
an English text takes the same placeholders as its Vietnamese one (English may lag behind: a missing key falls
back to Vietnamese)."""
from __future__ import annotations

import re
import string

from cchc.i18n import catalog
from tests.conftest import PROJECT_ROOT

LITERAL_KEY = re.compile(r"""\b(?:t|translate)\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']\s*[,)]""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_literal_key_is_in_the_vietnamese_catalog():
    sources = [*PROJECT_ROOT.glob("pages/*.py"), *PROJECT_ROOT.glob("web/*.py"), PROJECT_ROOT / "dashboard.py"]
    used = {key for path in sources for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))}
    assert len(used) > 100
    assert sorted(used - set(catalog("vi"))) == []


def test_english_texts_take_the_vietnamese_placeholders():
    vi, en = catalog("vi"), catalog("en")
    differ = {key: (sorted(_placeholders(vi[key])), sorted(_placeholders(text)))
              for key, text in en.items() if key in vi and _placeholders(vi[key]) != _placeholders(text)}
    assert differ == {}
    assert sorted(set(en) - set(vi)) == []
