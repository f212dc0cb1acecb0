"""Hostile text for the tests of every place where text people typed is shown or written (pages, exports,
the deck, the marked-up copy): notes, file names and names holding HTML, script, Markdown, formula signs
or 100,000 characters, sent the way a unit sends them."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from cchc import auth
from cchc.store import db
from etl.reports.ingest import IngestResult, ingest_bytes
from tests.etl.reports.test_ingest import targets_file, tasks_file

SCRIPT, MARKDOWN = "<script>alert(1)</script>", "**bold** [x](http://e)"
FORMULAS = ('=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)")
HOSTILE = (SCRIPT, MARKDOWN, *FORMULAS)
LONG = "N" * 100_000
# A file's name: what ingest's cleaning leaves of it ([ ] ( ) ` $ =) is still Markdown and a formula.
FILE_NAME = "=1+1 [x](evil.vn) `c` $x$ <img src=x onerror=alert(1)>**bao-cao**.xlsx"
FILE_LINK = "[x](evil.vn)"
UNIT, UNIT_NAME = "X18253", "Xã <b>Yên Hồ</b> **[x](http://e)**"
DISPLAY_NAME = "<script>alert(2)</script> **Người** =1+1"
INDEX_NOTE = MARKDOWN + " " + SCRIPT
REPORTER = auth.User("dv.yenho", auth.REPORTER, UNIT, None)
SENT_ON = date(2024, 10, 5)
# What must never reach Markdown as it is: a tag, emphasis, a link.
RAW = ("<script", "<img", "<b>Yên", "**bold**", "**Người**", "[x](http://e)", FILE_LINK)


def text_cells(data: bytes) -> bytes:
    """The workbook with every cell that openpyxl made a formula (text beginning with "=") stored as text,
    as Excel stores what a clerk types after an apostrophe."""
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tasks_report() -> bytes:
    """The unit's tasks report of 2024-Q3, accepted, with every hostile text as evidence or note."""
    rows = [{"task_code": code, "status": "Đang thực hiện", "percent_done": 50, "evidence": evidence, "note": note}
            for code, evidence, note in (("III-3.5", SCRIPT, MARKDOWN), ("III-3.9", FORMULAS[0], FORMULAS[1]),
                                         ("III-3.6", FORMULAS[2], FORMULAS[3]))]
    return text_cells(tasks_file(rows, unit=UNIT, period="2024-Q3"))


def rejected_targets_report() -> bytes:
    """A targets report whose numbers are formulas typed as text: rejected, each value quoted in a problem."""
    return text_cells(targets_file([
        {"target_code": "TTHC-3.1", "numerator": FORMULAS[0], "denominator": FORMULAS[2], "note": SCRIPT},
        {"target_code": "TTHC-3.2b", "value": FORMULAS[3], "note": MARKDOWN},
    ], unit=UNIT, name="Xã Yên Hồ", period="2024-Q3"))


def fill(conn: db.Connection, archive: Path) -> IngestResult:
    """Put hostile text everywhere people's text is kept: the tasks report sent under a hostile file name
    (evidence and notes), a note of 100,000 characters (files can no longer bring such a note or name in;
    older data may hold them), the unit's name, an index note, an account's display name. Returns the
    accepted submission."""
    sent = ingest_bytes(conn, tasks_report(), FILE_NAME, REPORTER.username, archive, today=SENT_ON, user=REPORTER)
    assert sent.status == "accepted", sent.problems
    auth.add_user(conn, "nguoi.la", "mat-khau-thu-1", auth.VIEWER, "cli:test", display_name=DISPLAY_NAME)
    with db.transaction(conn) as cur:
        cur.execute("UPDATE task_progress SET note = ? WHERE submission_id = ? AND task_code = 'III-3.5'",
                    [LONG, sent.submission_id])
        cur.execute("UPDATE units SET name = ? WHERE code = ?", [UNIT_NAME, UNIT])
        # files now keep a cleaned name (etl.reading.files.clean_filename); older ones kept what was sent
        cur.execute("UPDATE submissions SET filename = ? WHERE id = ?", [FILE_NAME, sent.submission_id])
        cur.execute("UPDATE province_results SET flags = 'uncertain', note = ? WHERE index_code = 'PAR_INDEX' "
                    "AND year = 2024 AND province_code = '42' AND component_code = 'TOTAL'", [INDEX_NOTE])
    return sent
