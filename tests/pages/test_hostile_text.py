"""Hostile text on the pages: notes, evidence, file names, a unit's name, an index note and an account's name
holding HTML, script, Markdown, formula signs or 100,000 characters are shown as typed. Wherever Streamlit
reads Markdown (text, captions, notices, help, ``st.table``) they arrive escaped; ``st.dataframe`` shows
them as plain text with the very characters. One database for the module: the catalogs and the hostile
data of :mod:`tests.hostile_text` (no sample data to wait for)."""
import re
import shutil

import pytest

from cchc.config import archive_dir_for
from cchc.store import db
from cchc.text import plain_markdown
from tests import hostile_text as hostile
from tests.pages.conftest import ADMIN, VIEWER, open_alone, open_tab, signed_in_app

REPORTER = (hostile.REPORTER.username, hostile.REPORTER.role, hostile.UNIT)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MARKDOWN_ELEMENTS = ("markdown", "caption", "info", "success", "error", "warning", "title", "header", "subheader")
UNESCAPED = re.compile("|".join(r"(?<!\\)" + re.escape(raw) for raw in hostile.RAW))   # "\<b>" is escaped


@pytest.fixture(scope="module")
def hostile_db(catalog_db_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "cchc.duckdb"
    shutil.copy(catalog_db_template, path)
    conn = db.connect(path)
    try:
        hostile.fill(conn, archive_dir_for(path))
    finally:
        conn.close()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_DB", str(path))
        yield path


def markdown_texts(at) -> list[str]:
    """Every text of the page run that Streamlit reads as Markdown."""
    texts = [element.value for kind in MARKDOWN_ELEMENTS for element in getattr(at, kind)]
    texts += [m.help or "" for m in at.metric]
    texts += [str(v) for table in at.table for v in table.value.to_numpy().ravel()]
    return texts


def shown_as_typed(at, *typed: str) -> str:
    """Checks that no Markdown of the page holds a tag, emphasis or a link from the data, and that each of
    ``typed`` is there escaped; returns all the Markdown, for more checks."""
    texts = markdown_texts(at)
    for text in texts:
        assert not UNESCAPED.search(text), text[:300]
    joined = "\n".join(texts)
    for text in typed:
        assert plain_markdown(text) in joined, text
    return joined


def plain_cells(at) -> set[str]:
    """Every cell of the page's ``st.dataframe`` tables, which show plain text."""
    return {str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel()}


def last_file_name(path) -> str:
    """The name the last file was kept under (ingest cleans what the browser sends)."""
    conn = db.connect(path)      # the app holds the file read-write in this process: the same configuration
    try:
        return db.query_rows(conn, "SELECT filename FROM submissions ORDER BY id DESC LIMIT 1")[0][0]
    finally:
        conn.close()


def test_upload_page_file_names_values_and_history(hostile_db):
    at = open_alone("upload.py", user=REPORTER)
    shown_as_typed(at, hostile.UNIT_NAME)
    assert hostile.FILE_NAME in plain_cells(at)                  # the history: the name as it was sent

    at.selectbox(key="upload_period_targets").set_value("2024-Q3")
    at.file_uploader[0].set_value([(hostile.FILE_NAME, hostile.rejected_targets_report(), XLSX)])
    at.run()
    at.button(key="upload_send").click()
    at.run()
    assert not at.exception, at.exception
    [error] = at.error
    assert error.value.startswith(plain_markdown(last_file_name(hostile_db)) + ": bị từ chối")
    problems = at.table[0].value
    assert {plain_markdown(v) for v in (hostile.FORMULAS[0], hostile.FORMULAS[2], hostile.FORMULAS[3])} \
        <= set(problems["Giá trị"])
    shown_as_typed(at, *hostile.FORMULAS[::2])


def test_units_page_evidence_notes_file_names_and_name(hostile_db):
    at = open_alone("units.py", params={"unit": hostile.UNIT})
    assert at.subheader[0].value == plain_markdown(hostile.UNIT_NAME)
    shown_as_typed(at, hostile.UNIT_NAME)
    cells = set()
    for name in ("units.tab.tasks", "units.tab.submissions"):          # the evidence, then the files sent
        cells |= plain_cells(open_tab(at, "units_tab", name))
        shown_as_typed(at)
    assert {hostile.SCRIPT, *hostile.FORMULAS[::2], hostile.FILE_NAME} <= cells   # evidence and the file, as typed

    at = open_alone("units.py", params={"unit": hostile.SCRIPT})     # a code typed into the address
    [warning] = at.warning
    assert plain_markdown(hostile.SCRIPT) in warning.value
    shown_as_typed(at)


def test_overview_and_indices_notes(hostile_db):
    shown_as_typed(signed_in_app(hostile_db), hostile.INDEX_NOTE)     # the overview links to other pages: the app
    shown_as_typed(open_alone("indices.py"), hostile.INDEX_NOTE)


def test_audit_log_accounts_and_board(hostile_db):
    at = open_alone("audit.py", user=ADMIN)
    shown_as_typed(at)
    assert any(hostile.FILE_LINK in cell for cell in plain_cells(at))     # the file's name in the details
    at = open_alone("accounts.py", user=ADMIN)
    shown_as_typed(at)
    assert hostile.DISPLAY_NAME in plain_cells(at)
    shown_as_typed(open_alone("contacts.py", user=ADMIN))
    at = open_alone("board.py", quarter=3, user=VIEWER)
    shown_as_typed(at)
    assert hostile.UNIT_NAME in plain_cells(at)
