"""Accounts, roles and sign-in: hashed passwords, slowed-down guessing, checks in the data functions."""
from datetime import datetime, timedelta

import pytest

from cchc import auth, db
from tests.conftest import run_cli

PASSWORD = "Mật-khẩu-2024"


def test_passwords_are_never_stored_in_clear(conn):
    auth.add_user(conn, "Tran.B", PASSWORD, auth.REPORTER, "admin", unit_code="H436", display_name="Trần B")
    auth.set_password(conn, "tran.b", PASSWORD + "!", "admin")
    stored = str(db.query_rows(conn, "SELECT * FROM users")) + str(db.query_rows(conn, "SELECT * FROM audit_log"))
    assert PASSWORD not in stored and "argon2" in stored
    actions = [r[0] for r in db.query_rows(conn, "SELECT action FROM audit_log WHERE entity = 'users' ORDER BY id")]
    assert actions == ["user_add", "user_passwd"]


def test_sign_in_and_roles(conn):
    auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, "admin")
    user = auth.sign_in(conn, "LanhDao", PASSWORD)
    assert (user.username, user.role) == ("lanhdao", auth.VIEWER)
    with pytest.raises(auth.AuthError, match="không đúng"):
        auth.sign_in(conn, "lanhdao", "sai-mat-khau")
    with pytest.raises(auth.AuthError, match="không đúng"):
        auth.sign_in(conn, "khong-co", PASSWORD)
    auth.set_active(conn, "lanhdao", False, "admin")
    with pytest.raises(auth.AuthError, match="vô hiệu hóa"):
        auth.sign_in(conn, "lanhdao", PASSWORD)


def test_repeated_failures_are_slowed_down(conn):
    auth.add_user(conn, "dv.h436", PASSWORD, auth.REPORTER, "admin", unit_code="H436")
    now = datetime(2024, 7, 1, 8, 0)
    for _ in range(auth.FREE_ATTEMPTS):
        with pytest.raises(auth.AuthError, match="không đúng"):
            auth.sign_in(conn, "dv.h436", "sai", now)
    with pytest.raises(auth.AuthError, match="không đúng"):
        auth.sign_in(conn, "dv.h436", "sai", now)               # the 4th failure locks for 30 s
    with pytest.raises(auth.AuthError, match="tạm khóa, thử lại sau 31 giây"):
        auth.sign_in(conn, "dv.h436", PASSWORD, now)             # even the right password waits
    assert auth.sign_in(conn, "dv.h436", PASSWORD, now + timedelta(seconds=31)).unit_code == "H436"


def test_each_role_may_do_only_what_it_should(conn):
    reporter = auth.User("dv.h436", auth.REPORTER, "H436", None)
    viewer = auth.User("lanhdao", auth.VIEWER, None, None)
    admin = auth.User("snv", auth.ADMIN, None, None)
    auth.require(reporter, "submit", "H436")
    with pytest.raises(auth.PermissionDenied, match="chỉ được nộp báo cáo của đơn vị H436"):
        auth.require(reporter, "submit", "H437")
    with pytest.raises(auth.PermissionDenied, match="chỉ xem được số liệu của đơn vị H436"):
        auth.require(reporter, "read", "H437")
    with pytest.raises(auth.PermissionDenied):
        auth.require(reporter, "manage")
    auth.require(viewer, "read", "H437")
    with pytest.raises(auth.PermissionDenied):
        auth.require(viewer, "submit", "H437")
    for action in ("read", "submit", "manage"):
        auth.require(admin, action, "H437")
    with pytest.raises(auth.PermissionDenied, match="đăng nhập"):
        auth.require(None, "read")


def test_account_rules(conn):
    with pytest.raises(auth.AuthError, match="gắn với một đơn vị"):
        auth.add_user(conn, "x", PASSWORD, auth.REPORTER, "admin")
    with pytest.raises(auth.AuthError, match="ít nhất 8"):
        auth.add_user(conn, "x", "ngan", auth.VIEWER, "admin")
    with pytest.raises(auth.AuthError, match="không có trong danh mục"):
        auth.add_user(conn, "x", PASSWORD, auth.REPORTER, "admin", unit_code="NOPE")


def test_user_command_reads_the_password_from_standard_input(db_path):
    import subprocess
    import sys

    from tests.conftest import PROJECT_ROOT

    def user(*args, password=None):
        return subprocess.run([sys.executable, "-m", "etl", "user", *args, "--db", str(db_path)], cwd=PROJECT_ROOT,
                              input=password, capture_output=True, text=True, encoding="utf-8", timeout=60)

    made = user("add", "snv.admin", "--role", "admin", "--name", "Quản trị Sở Nội vụ", password=PASSWORD + "\n")
    assert made.returncode == 0 and "Đã tạo tài khoản snv.admin" in made.stdout
    assert PASSWORD not in made.stdout + made.stderr
    listed = user("list")
    assert "snv.admin" in listed.stdout and "argon2" not in listed.stdout and PASSWORD not in listed.stdout
    assert user("passwd", "snv.admin", password="ngan\n").returncode == 1
    assert user("disable", "snv.admin").returncode == 0
    assert run_cli("user", "disable", "khong-co", "--db", db_path).returncode == 1
