"""Sao lưu: an administrator backs up from the running app (its own connection) into the configured folder and
sees the list; nobody else gets the button or the list."""
from datetime import datetime

import pytest

from cchc import auth
from cchc.config import archive_dir_for
from cchc.store import db
from etl.operations.backup import backup_now, verify_backup
from etl.reports.ingest import ingest_bytes
from tests.etl.reports.test_ingest import targets_file
from tests.pages.conftest import ADMIN, VIEWER, open_alone

REPORTER = ("dv.h436", auth.REPORTER, "H436")


@pytest.fixture
def app_db(db_path, tmp_path, monkeypatch):
    """The app's database with one received file, and an empty backups folder of its own."""
    monkeypatch.setenv("CCHC_DB", str(db_path))
    monkeypatch.setenv("CCHC_BACKUP_DIR", str(tmp_path / "backups"))
    monkeypatch.delenv("CCHC_ARCHIVE", raising=False)
    conn = db.connect(db_path)
    try:
        ingest_bytes(conn, targets_file([{"target_code": "TTHC-3.2b", "value": 70}]), "chi-tieu.xlsx", "cb.test",
                     archive_dir_for(db_path))
    finally:
        conn.close()
    return tmp_path / "backups"


def test_an_administrator_backs_up_from_the_app_and_sees_the_list(app_db):
    at = open_alone("backup.py", user=ADMIN)
    assert [i.value for i in at.info] == ["Chưa có bản sao lưu nào trong thư mục này."]
    assert [m.value for m in at.metric] == ["0", "–", "0,0 MB"]
    at.button(key="backup_create").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    [folder] = list(app_db.iterdir())
    assert folder.name.startswith("cchc-backup-")
    assert at.success[0].value.startswith(f"Đã sao lưu vào {folder}: 1 bản nộp, 1 tệp đã nhận")
    manifest = verify_backup(folder)
    assert manifest["submissions"] == 1
    shown = at.dataframe[0].value
    assert list(shown["Thư mục"]) == [folder.name] and list(shown["Tình trạng"]) == ["Đầy đủ"]
    assert f"python -m etl restore {folder}" in " ".join(m.value for m in at.markdown)
    created = datetime.fromisoformat(manifest["created_at"])
    assert [m.value for m in at.metric][:2] == ["1", f"{created:%d/%m/%Y %H:%M}"]


def test_only_administrators_may_back_up(app_db, db_path):
    for user in (VIEWER, REPORTER, None):
        at = open_alone("backup.py", user=user, check=False)
        assert not at.exception and not at.error
        assert at.warning and not at.button and not at.dataframe, user
    conn = db.connect(db_path)
    try:
        with pytest.raises(auth.PermissionDenied):
            backup_now(conn, str(db_path), auth.User(*VIEWER, None))
    finally:
        conn.close()
    assert not app_db.exists()
