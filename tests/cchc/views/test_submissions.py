"""A unit's submission history, problem lists and original files, each behind the role check."""
import pytest

from cchc import auth
from cchc.views import submissions
from tests.cchc.conftest import REPORTER

OTHER = auth.User("dv.h437", auth.REPORTER, "H437", None)
VIEWER = auth.User("lanhdao", auth.VIEWER, None, None)


def test_history_shows_every_file_the_unit_sent(conn, sent):
    frame = submissions.history(conn, REPORTER, "H436")
    assert list(frame["filename"]) == ["rac.xlsx", "dung.xlsx", "sai.xlsx"]
    assert list(frame["status"]) == ["rejected", "accepted", "rejected"]
    assert frame.set_index("filename").loc["sai.xlsx", "errors"] >= 1
    assert submissions.history(conn, VIEWER, "H436")["filename"].tolist() == ["dung.xlsx", "sai.xlsx"]


def test_originals_and_problems_come_back_to_those_allowed(conn, sent):
    result, data = sent["bad"]
    assert submissions.original(conn, REPORTER, result.submission_id) == ("sai.xlsx", data)
    problems = submissions.problems(conn, REPORTER, result.submission_id)
    assert problems["cell"].notna().any() and problems["severity"].eq("error").any()
    for call in (lambda: submissions.history(conn, OTHER, "H436"),
                 lambda: submissions.original(conn, OTHER, result.submission_id),
                 lambda: submissions.problems(conn, OTHER, result.submission_id),
                 lambda: submissions.original(conn, OTHER, sent["junk"].submission_id)):
        with pytest.raises(auth.PermissionDenied):
            call()
    assert submissions.original(conn, VIEWER, result.submission_id)[0] == "sai.xlsx"


def test_a_lost_archive_file_is_said_plainly(conn, sent):
    result = sent["good"]
    path = conn.execute("SELECT archive_path FROM submissions WHERE id = ?", [result.submission_id]).fetchone()[0]
    import os
    os.remove(path)
    with pytest.raises(submissions.FileMissing, match="Không tìm thấy bản lưu của tệp 'dung.xlsx'"):
        submissions.original(conn, REPORTER, result.submission_id)
