"""Every page's Excel download, as a user opens it: numbers are numbers with a number format, dates are dates, and a
sample year's file says it is a sample in its name and in a row above the table (issue 20)."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime

import pytest
import streamlit
from openpyxl import load_workbook

from cchc import look
from tests.conftest import PROJECT_ROOT
from tests.pages.conftest import sign_in_test_user

# Text that a spreadsheet cannot compute with although it is a number, a share or a date: "79,7%", "1.234",
# "3 sáng kiến", "≥ 80%", "+1,5", "26/11/2026". Codes ("TTHC-3.1", "H436"), years, ranks ("15/63") and periods
# ("Quý IV/2024") are text. "26/11/2026 14:05" is a moment, as text.
NUMBER_AS_TEXT = re.compile(r"^[≥≤]?\s?[+−-]?(\d{1,3}(\.\d{3})+|\d{1,3})(,\d+)?(%|\s\w+)?$|^\d{2}/\d{2}/\d{4}( \d{2}:\d{2})?$")


@dataclass
class Download:
    file_name: str
    key: str
    data: bytes


def _downloads(monkeypatch, page: str, role: str = "admin", opened: tuple[str, ...] = (), **params) -> list[Download]:
    """The Excel files a page offers, as built when clicked (``opened``: the keys of expanders opened first)."""
    from streamlit.testing.v1 import AppTest

    offered: list[Download] = []

    def download_button(label, data, file_name=None, mime=None, **kwargs):
        if str(file_name).endswith(".xlsx"):
            offered.append(Download(file_name, kwargs.get("key") or label, data() if callable(data) else data))
        return False

    monkeypatch.setattr(streamlit, "download_button", download_button)
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=90)
    sign_in_test_user(at, role=role)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    for key in opened:
        at.session_state[key] = True
    offered.clear()
    at.run()
    assert not at.exception, at.exception
    return offered


def _cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


PAGES = [("pages/targets.py", {}), ("pages/tasks.py", {}), ("pages/units.py", {"unit": "H436"}),
         ("pages/board.py", {}), ("pages/indices.py", {"opened": ("indices_years_open",)}), ("pages/upload.py", {})]


@pytest.mark.parametrize("page, params", PAGES, ids=[p for p, _ in PAGES])
def test_numbers_and_dates_are_typed(demo_path, monkeypatch, page, params):
    # the files a unit sent (and their marked-up copies) are theirs, as they were sent
    downloads = [d for d in _downloads(monkeypatch, page, period="2024-Q4", **params)
                 if "template" not in d.key and not d.key.startswith("upload_original")]
    if page == "pages/indices.py":
        assert "indices_years_excel" in [d.key for d in downloads]      # in its expander, opened
    assert downloads
    for download in downloads:
        as_text = [f"{c.coordinate}: {c.value!r}" for c in _cells(download.data)
                   if isinstance(c.value, str) and NUMBER_AS_TEXT.match(c.value.strip())]
        assert not as_text, f"{download.file_name}: {len(as_text)} numbers as text, e.g. {as_text[:5]}"
        if page != "pages/indices.py" and download.key != "board_deadlines_excel":
            # the real plan's sample reports say they are samples (the deadlines are the catalog's, real)
            assert download.file_name.startswith(look.SAMPLE_FILE_PREFIX)
            assert load_workbook(io.BytesIO(download.data)).active["A1"].value == look.SAMPLE_DATA_LABEL


def test_the_targets_download_keeps_the_shown_values(demo_path, monkeypatch):
    download = _downloads(monkeypatch, "pages/targets.py", period="2024-Q4")[0]
    sheet = load_workbook(io.BytesIO(download.data)).active
    header = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == "Trạng thái")
    column = {name: index for index, name in enumerate(header)}
    rows = [r for r in sheet.iter_rows() if r[0].value and r[column["Mã"]].value == "TTHC-3.1"]
    latest = rows[0][column["Mới nhất"]]
    assert isinstance(latest.value, float) and 0 < latest.value <= 1 and latest.number_format.endswith("%")
    target = rows[0][column["Kế hoạch"]]
    assert target.value == pytest.approx(0.8) and "≥" in target.number_format


def test_a_sample_plan_years_downloads_say_so(demo_path, monkeypatch):
    downloads = _downloads(monkeypatch, "pages/targets.py", period="2026-Q2", asof="2026-06-30")
    assert downloads
    for download in downloads:
        assert download.file_name.startswith(look.SAMPLE_FILE_PREFIX)
        first = load_workbook(io.BytesIO(download.data)).active["A1"].value
        assert first == look.SAMPLE_PLAN_LABEL


def test_dates_are_dates(demo_path, monkeypatch):
    downloads = _downloads(monkeypatch, "pages/tasks.py", period="2024-Q4")
    dates = [c for d in downloads for c in _cells(d.data) if isinstance(c.value, datetime)]
    assert dates and all(c.number_format == "dd/mm/yyyy" for c in dates)
