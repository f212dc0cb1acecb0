"""Accounts, roles and sign-in: hashed passwords, slowed-down guessing, sessions, checks in the data functions."""
import json
from datetime import date, datetime, timedelta

import pytest

from cchc import auth
from cchc.store import db
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


def test_failed_sign_ins_from_one_address_wait_whatever_the_account(conn):
    auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, "admin")
    now, here, elsewhere = datetime(2024, 7, 1, 8, 0), "203.0.113.7", "198.51.100.2"
    # a different account each time, so no account lock helps; all but the last failure written as sign_in writes them
    for n in range(auth.CLIENT_FREE_ATTEMPTS - 1):
        conn.execute("INSERT INTO sign_in_failures VALUES (?, ?, ?)", [here, f"thu.{n}", now + timedelta(seconds=n)])
    with pytest.raises(auth.AuthError, match="không đúng"):
        auth.sign_in(conn, "thu.cuoi", "sai", now + timedelta(seconds=10), client=here)
    later = now + timedelta(minutes=1)
    with pytest.raises(auth.AuthError) as refused:      # even the right password of a real account waits
        auth.sign_in(conn, "lanhdao", PASSWORD, later, client=here)
    assert str(refused.value) == ("Có quá nhiều lần đăng nhập sai từ địa chỉ 203.0.113.7: tạm ngừng đăng nhập từ "
                                  "địa chỉ này, thử lại sau 14 phút (lúc 08:15).")
    assert auth.sign_in(conn, "lanhdao", PASSWORD, later, client=elsewhere).username == "lanhdao"
    assert auth.sign_in(conn, "lanhdao", PASSWORD, now + auth.CLIENT_WINDOW, client=here).username == "lanhdao"
    log = db.query_rows(conn, "SELECT actor, detail FROM audit_log WHERE action = 'sign_in_throttled'")
    assert [(actor, json.loads(detail)) for actor, detail in log] == [
        ("lanhdao", {"client": here, "until": "2024-07-01T08:15:00"})]
    # an address's old failures go as new ones come
    with pytest.raises(auth.AuthError, match="không đúng"):
        auth.sign_in(conn, "thu.moi", "sai", now + 2 * auth.CLIENT_WINDOW, client=here)
    assert db.query_rows(conn, "SELECT count(*) FROM sign_in_failures WHERE client = ?", [here]) == [(1,)]


def test_every_sign_in_gets_a_new_token_and_keeps_the_others(conn):
    """Two sign-ins (two browsers of one person) get two tokens; each stays signed in until it ends."""
    user = auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, "admin")
    first, second = auth.open_session(conn, user), auth.open_session(conn, user)
    assert first != second and len(first) >= 43
    assert auth.resume_session(conn, first) == user and auth.resume_session(conn, second) == user


def test_a_password_change_or_disabling_ends_every_session(conn):
    user = auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, "admin")
    tokens = [auth.open_session(conn, user) for _ in range(2)]
    auth.set_password(conn, "lanhdao", PASSWORD + "!", "admin")
    assert [auth.resume_session(conn, token) for token in tokens] == [None, None]
    token = auth.open_session(conn, user)
    auth.set_active(conn, "lanhdao", False, "admin")
    auth.set_active(conn, "lanhdao", True, "admin")     # enabled again: the old cookie stays signed out
    assert auth.resume_session(conn, token) is None
    ends = db.query_rows(conn, "SELECT end_reason, count(*) FROM sessions GROUP BY end_reason ORDER BY end_reason")
    assert ends == [("disabled", 1), ("password", 2)]
    details = [json.loads(d) for (d,) in db.query_rows(
        conn, "SELECT detail FROM audit_log WHERE action IN ('user_passwd', 'user_disable') ORDER BY id")]
    assert details == [{"sessions_ended": 2}, {"sessions_ended": 1}]


REPORTER = auth.User("dv.h436", auth.REPORTER, "H436", None)
VIEWER = auth.User("lanhdao", auth.VIEWER, None, None)
ADMIN = auth.User("snv", auth.ADMIN, None, None)


@pytest.mark.parametrize("user, action, unit, allowed", [
    (REPORTER, "submit", "H436", True),
    (REPORTER, "submit", "H437", False),
    (REPORTER, "submit", None, False),
    (REPORTER, "read", "H436", True),
    (REPORTER, "read", "H437", False),
    (REPORTER, "read_all", None, False),
    (REPORTER, "manage", None, False),
    (VIEWER, "read_all", None, True),
    (VIEWER, "read", "H437", True),
    (VIEWER, "submit", "H437", False),
    (VIEWER, "manage", None, False),
    (ADMIN, "read_all", None, True),
    (ADMIN, "submit", "H437", True),
    (ADMIN, "manage", None, True),
    (None, "read_all", None, False),
])
def test_each_role_may_do_only_what_it_should(user, action, unit, allowed):
    if allowed:
        auth.require(user, action, unit)
    else:
        with pytest.raises(auth.PermissionDenied):
            auth.require(user, action, unit)


def test_refusals_say_why_in_vietnamese():
    with pytest.raises(auth.PermissionDenied, match="chỉ được nộp báo cáo của đơn vị H436, không được với đơn vị H437"):
        auth.require(REPORTER, "submit", "H437")
    with pytest.raises(auth.PermissionDenied, match="chỉ xem được số liệu của đơn vị H436"):
        auth.require(REPORTER, "read", "H437")
    with pytest.raises(auth.PermissionDenied, match="dành cho lãnh đạo và Sở Nội vụ"):
        auth.require(REPORTER, "read_all")
    with pytest.raises(auth.PermissionDenied, match="đăng nhập"):
        auth.require(None, "read")


def test_only_an_administrator_changes_accounts(conn):
    with pytest.raises(auth.PermissionDenied):
        auth.add_user(conn, "moi", PASSWORD, auth.VIEWER, VIEWER)
    with pytest.raises(auth.PermissionDenied):
        auth.list_users(conn, REPORTER)
    auth.add_user(conn, "snv", PASSWORD, auth.ADMIN, "cli:root")
    auth.add_user(conn, "moi", PASSWORD, auth.VIEWER, ADMIN)
    auth.set_active(conn, "moi", False, ADMIN)
    with pytest.raises(auth.AuthError, match="Không thể tự vô hiệu hóa"):
        auth.set_active(conn, "snv", False, ADMIN)
    auth.set_active(conn, "moi", True, ADMIN)
    assert auth.sign_in(conn, "moi", PASSWORD).role == auth.VIEWER
    log = db.query_rows(conn, "SELECT actor, action, entity_id FROM audit_log WHERE entity = 'users' ORDER BY id")
    assert log == [("cli:root", "user_add", "snv"), ("snv", "user_add", "moi"), ("snv", "user_disable", "moi"),
                   ("snv", "user_enable", "moi"), ("moi", "sign_in", "moi")]


def test_sessions_resume_expire_and_end(conn):
    auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, "admin")
    user = auth.sign_in(conn, "lanhdao", PASSWORD)
    start = datetime(2024, 7, 1, 8, 0)
    token = auth.open_session(conn, user, now=start)
    stored = str(db.query_rows(conn, "SELECT * FROM sessions"))
    assert token not in stored                                            # only its hash is kept
    assert auth.resume_session(conn, token, start + timedelta(minutes=29)) == user
    assert auth.resume_session(conn, token, start + timedelta(minutes=58)) == user   # used at 29 min: still live
    assert auth.resume_session(conn, token, start + timedelta(minutes=89)) is None   # 31 min idle
    assert auth.resume_session(conn, "not-a-token") is None and auth.resume_session(conn, None) is None
    # a working day at most, however busy
    token = auth.open_session(conn, user, now=start)
    for minutes in range(20, 600, 20):
        assert auth.resume_session(conn, token, start + timedelta(minutes=minutes)) == user
    assert auth.resume_session(conn, token, start + timedelta(hours=10, minutes=1)) is None
    # sign-out ends it for good; disabling the account ends the others
    token = auth.open_session(conn, user)
    auth.end_session(conn, token, user)
    assert auth.resume_session(conn, token) is None
    token = auth.open_session(conn, user)
    auth.set_active(conn, "lanhdao", False, "admin")
    assert auth.resume_session(conn, token) is None
    reasons = [r[0] for r in db.query_rows(conn, "SELECT end_reason FROM sessions ORDER BY started_at, end_reason")]
    assert sorted(reasons) == ["disabled", "expired", "expired", "user"]


def test_old_sessions_and_failures_are_pruned_and_live_ones_stay(conn):
    user = auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, "admin")
    now = datetime(2024, 7, 2, 9, 0)
    hour, minute = timedelta(hours=1), timedelta(minutes=1)

    def opened(started: datetime, seen: datetime | None = None, ended: datetime | None = None) -> str:
        token = auth.open_session(conn, user, now=started)
        if seen:
            conn.execute("UPDATE sessions SET last_seen = ? WHERE last_seen = ?", [seen, started])
        if ended:
            auth.end_session(conn, token, user, now=ended)
        return token

    live = opened(now - hour, now - 5 * minute)
    kept = [opened(now - 3 * hour, ended=now - 2 * hour),                       # signed out within the day
            opened(now - 3 * hour, now - 2 * hour),                             # idle for 2 h: expired, within the day
            opened(now - auth.SESSION_MAX - 2 * hour, now - 2 * minute)]        # over 10 h, but only just
    gone = [opened(now - 3 * auth.SESSION_KEEP, ended=now - auth.SESSION_KEEP - minute),
            opened(now - 3 * auth.SESSION_KEEP, now - auth.SESSION_KEEP - auth.SESSION_IDLE - minute),
            opened(now - auth.SESSION_KEEP - auth.SESSION_MAX - minute, now - 2 * minute)]
    for at in (now - auth.CLIENT_WINDOW - minute, now - 5 * minute):
        conn.execute("INSERT INTO sign_in_failures VALUES ('203.0.113.7', 'thu', ?)", [at])

    assert auth.prune_sessions(conn, "cli:root", now) == auth.Pruned(sessions=len(gone), sign_in_failures=1)
    left = {r[0] for r in db.query_rows(conn, "SELECT token_sha256 FROM sessions")}
    assert left == {auth._token_hash(t) for t in [live, *kept]}
    assert db.query_rows(conn, "SELECT failed_at FROM sign_in_failures") == [(now - 5 * minute,)]
    assert auth.resume_session(conn, live, now) == user                 # the live session goes on
    assert auth.prune_sessions(conn, "cli:root", now) == auth.Pruned(0, 0)     # nothing more: no second entry
    log = db.query_rows(conn, "SELECT actor, entity, detail FROM audit_log WHERE action = 'prune_sessions'")
    assert [(actor, entity, json.loads(detail)) for actor, entity, detail in log] == [
        ("cli:root", "sessions", {"sessions": 3, "sign_in_failures": 1})]


def test_single_sign_on_maps_to_a_local_account(conn):
    auth.add_user(conn, "nguyen.a@hatinh.gov.vn", PASSWORD, auth.REPORTER, "admin", unit_code="H436")
    user = auth.sign_in_external(conn, "Nguyen.A@HaTinh.gov.vn")
    assert (user.username, user.role, user.unit_code) == ("nguyen.a@hatinh.gov.vn", auth.REPORTER, "H436")
    with pytest.raises(auth.AuthError, match="chưa được Sở Nội vụ cấp quyền"):
        auth.sign_in_external(conn, "la@gmail.com")
    with pytest.raises(auth.AuthError, match="chưa được Sở Nội vụ cấp quyền"):
        auth.sign_in_external(conn, None)


def test_account_rules(conn):
    with pytest.raises(auth.AuthError, match="gắn với một đơn vị"):
        auth.add_user(conn, "x", PASSWORD, auth.REPORTER, "admin")
    with pytest.raises(auth.AuthError, match="ít nhất 8"):
        auth.add_user(conn, "x", "ngan", auth.VIEWER, "admin")
    with pytest.raises(auth.AuthError, match="không có trong danh mục"):
        auth.add_user(conn, "x", PASSWORD, auth.REPORTER, "admin", unit_code="NOPE")


def test_an_account_may_carry_an_address(conn):
    auth.add_user(conn, "dv.h436", PASSWORD, auth.REPORTER, "admin", unit_code="H436", email=" Tran.B@HaTinh.gov.vn ")
    assert db.query_rows(conn, "SELECT email FROM users WHERE username = 'dv.h436'") == [("Tran.B@HaTinh.gov.vn",)]
    with pytest.raises(auth.AuthError, match='Địa chỉ thư "tran.b.hatinh.gov.vn" không hợp lệ: thiếu dấu @.'):
        auth.add_user(conn, "dv.h437", PASSWORD, auth.REPORTER, "admin", unit_code="H437", email="tran.b.hatinh.gov.vn")
    assert not db.query_rows(conn, "SELECT 1 FROM users WHERE username = 'dv.h437'")      # nothing written
    assert auth.set_email(conn, "dv.h436", "bc.h436@hatinh.gov.vn", "admin") == "bc.h436@hatinh.gov.vn"
    with pytest.raises(auth.AuthError, match="có dấu cách"):
        auth.set_email(conn, "dv.h436", "bc h436@hatinh.gov.vn", "admin")
    assert auth.set_email(conn, "dv.h436", "  ", "admin") is None         # blank: cleared
    assert list(auth.list_users(conn, "admin")["email"]) == [None]
    changes = db.query_rows(conn, "SELECT actor, detail FROM audit_log WHERE action = 'user_email' ORDER BY id")
    assert [(actor, json.loads(detail)) for actor, detail in changes] == [
        ("admin", {"before": "Tran.B@HaTinh.gov.vn", "after": "bc.h436@hatinh.gov.vn"}),
        ("admin", {"before": "bc.h436@hatinh.gov.vn", "after": None})]
    with pytest.raises(auth.AuthError, match="Không có tài khoản"):
        auth.set_email(conn, "khong-co", "a@hatinh.gov.vn", "admin")


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
    assert user("enable", "snv.admin").returncode == 0
    assert run_cli("user", "disable", "khong-co", "--db", db_path).returncode == 1
    with_address = user("add", "dv.h436", "--role", "reporter", "--unit", "H436", "--email", "bc.h436@hatinh.gov.vn",
                        password=PASSWORD + "\n")
    assert with_address.returncode == 0 and "thư điện tử bc.h436@hatinh.gov.vn" in with_address.stdout
    bad = user("add", "dv.h437", "--role", "reporter", "--unit", "H437", "--email", "bc.h437@", password=PASSWORD + "\n")
    assert bad.returncode == 1 and 'Địa chỉ thư "bc.h437@" không hợp lệ: thiếu tên miền sau dấu @.' in bad.stderr


def test_two_tabs_touching_one_session_at_once(conn):
    user = auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, "admin")
    start = datetime(2024, 1, 1, 8, 0)
    token = auth.open_session(conn, user, now=start)
    other = conn.cursor()          # another tab's run, writing the session's last use at the same moment
    other.execute("BEGIN TRANSACTION")
    other.execute("UPDATE sessions SET last_seen = ? WHERE username = 'lanhdao'", [start + timedelta(minutes=2)])
    assert auth.resume_session(conn, token, now=start + timedelta(minutes=2)) == user
    other.execute("COMMIT")
    assert db.query_rows(conn, "SELECT last_seen FROM sessions")[0][0] == start + timedelta(minutes=2)


def test_the_session_check_of_every_page_run_is_an_index_lookup(conn, backend):
    user = auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, "admin")
    # years of sign-ins: more than DuckDB scans whole (one row group) before it looks up the primary key
    conn.execute("INSERT INTO sessions SELECT md5(CAST(i AS VARCHAR)), 'lanhdao', 'password', now(), now(), NULL, NULL "
                 "FROM generate_series(1, 200000) t(i)")
    if backend == "postgresql":
        conn.execute("ANALYZE sessions")
    token = auth.open_session(conn, user)
    if backend == "duckdb":
        plan = conn.execute("EXPLAIN ANALYZE " + auth.SESSION_LOOKUP, [auth._token_hash(token)]).fetchall()[0][1]
        lines = plan.splitlines()
        table = next(n for n, line in enumerate(lines) if ".main.sessions" in line)
        assert "Type: Index Scan" in lines[table + 1], plan
    else:
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN " + auth.SESSION_LOOKUP, [auth._token_hash(token)]).fetchall())
        assert "Index Scan using sessions_pkey on sessions" in plan, plan
    assert auth.resume_session(conn, token) == user


def test_reporters_of_units_that_ended(conn):
    """Created for a unit that exists on the day given (the page gives today); existing ones of ended units named."""
    day = date(2026, 12, 1)
    with pytest.raises(auth.AuthError) as refused:
        auth.add_user(conn, "dv.namha", PASSWORD, auth.REPORTER, "admin", unit_code="X18073", valid_on=day)
    assert str(refused.value) == ("Không tạo tài khoản cho Phường Nam Hà (X18073): đơn vị này không còn từ "
                                  "01/07/2025, nay thuộc Phường Thành Sen (X2025-18073).")
    assert db.query_rows(conn, "SELECT count(*) FROM users") == [(0,)]
    auth.add_user(conn, "dv.thanhsen", PASSWORD, auth.REPORTER, "admin", unit_code="X2025-18073", valid_on=day)
    auth.add_user(conn, "dv.h436", PASSWORD, auth.REPORTER, "admin", unit_code="H436")   # no day: the sample's way
    users = auth.list_users(conn, "admin")
    assert auth.ended_units(conn, users, day) == {
        "dv.h436": "Thành phố Hà Tĩnh (H436): đơn vị này không còn từ 01/07/2025 (không còn cấp huyện)"}
    assert auth.ended_units(conn, users, date(2024, 12, 31)) == {
        "dv.thanhsen": "Phường Thành Sen (X2025-18073): đơn vị này chỉ có từ ngày 01/07/2025"}
