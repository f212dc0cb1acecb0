"""UI strings, one catalog per language (``vi.json`` first, ``en.json`` as the switch).

``translate("overview.title", "vi")`` returns the Vietnamese text; placeholders are filled with
``str.format``. A key missing from English falls back to Vietnamese, so English can lag behind.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"


@cache
def catalog(lang: str) -> dict[str, str]:
    """All strings of one language."""
    return json.loads(resources.files("cchc.i18n").joinpath(f"{lang}.json").read_text(encoding="utf-8"))


def translate(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text of ``key`` in ``lang``, with ``values`` filled in."""
    text = catalog(lang).get(key) or catalog(DEFAULT_LANGUAGE)[key]
    return text.format(**values) if values else text
