"""The audit log for administrators: filters by date, person, kind of action and text."""
from datetime import date, timedelta

import pytest

from cchc import auth
from cchc.views import audit_log as audit
from tests.cchc.conftest import REPORTER
from tests.cchc.test_auth import PASSWORD

ADMIN = auth.User("snv", auth.ADMIN, None, None)
TODAY = date.today()


def test_filters(conn, sent):
    auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, ADMIN)
    everything = audit.entries(conn, ADMIN, TODAY, TODAY)
    assert {"ingest_accepted", "ingest_rejected", "user_add"} <= set(everything["action"])
    uploads = audit.entries(conn, ADMIN, TODAY, TODAY, people=["dv.h436"], groups=["submissions"])
    assert set(uploads["action"]) == {"ingest_accepted", "ingest_rejected"} and len(uploads) == 3
    assert list(audit.entries(conn, ADMIN, TODAY, TODAY, groups=["accounts"])["entity_id"]) == ["lanhdao"]
    assert len(audit.entries(conn, ADMIN, TODAY, TODAY, text="SAI.XLSX")) == 1
    assert audit.entries(conn, ADMIN, TODAY - timedelta(days=9), TODAY - timedelta(days=1)).empty
    shown = audit.table(uploads)
    assert list(shown.columns) == ["Thời điểm", "Người thực hiện", "Việc", "Đối tượng", "Chi tiết"]
    assert set(shown["Việc"]) == {"Nhận báo cáo", "Từ chối báo cáo"}
    assert shown["Đối tượng"].str.startswith("Bản nộp số ").all()
    assert shown["Chi tiết"].str.contains("filename: ").all() and not shown["Chi tiết"].str.contains("sha256").any()
    assert "dv.h436" in audit.actors(conn, ADMIN)


@pytest.mark.parametrize("user", [REPORTER, auth.User("lanhdao", auth.VIEWER, None, None)])
def test_only_administrators_read_it(conn, user):
    with pytest.raises(auth.PermissionDenied):
        audit.entries(conn, user, TODAY, TODAY)
    with pytest.raises(auth.PermissionDenied):
        audit.actors(conn, user)
