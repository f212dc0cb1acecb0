"""Each role sees and does only what it may: signing in through dashboard.py, and every page opened
directly by each role (the data functions refuse, whatever the menu shows)."""
from datetime import datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from cchc import auth, db
from tests.conftest import PROJECT_ROOT
from tests.pages.conftest import ADMIN, VIEWER, open_alone, signed_in_app

REPORTER = ("demo.yenho", auth.REPORTER, "X18253")
DASHBOARDS = ["overview.py", "targets.py", "tasks.py", "indices.py", "units.py", "board.py"]
ADMINISTRATION = ["accounts.py", "audit.py"]


def sign_in(username: str, password: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception
    return at


def shown_text(at) -> str:
    return " ".join(e.value for kind in ("markdown", "title", "caption", "warning", "error", "info")
                    for e in getattr(at, kind) if isinstance(e.value, str))


@pytest.mark.parametrize("role", [auth.ADMIN, auth.VIEWER])
@pytest.mark.parametrize("page", DASHBOARDS)
def test_administrators_and_leadership_read_every_dashboard(demo_path, role, page):
    at = signed_in_app(demo_path, role)
    at.switch_page(f"pages/{page}")
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert not [w.value for w in at.warning if "quyền" in w.value or "đăng nhập" in w.value]
    assert at.dataframe or at.metric


@pytest.mark.parametrize("page", ADMINISTRATION + ["upload.py"])
def test_an_administrator_opens_the_administration_pages(demo_path, page):
    at = open_alone(page, user=ADMIN)
    assert not at.warning or "tài khoản dùng thử" in at.warning[0].value.lower()
    assert at.dataframe


@pytest.mark.parametrize("page", ["upload.py", *ADMINISTRATION])
def test_leadership_writes_nothing_and_manages_nothing(demo_path, page):
    at = open_alone(page, user=VIEWER, check=False)
    assert not at.exception and not at.error
    assert [w.value for w in at.warning] == ["Tài khoản của bạn không có quyền thực hiện việc này."]
    assert not at.file_uploader and not at.dataframe and not at.text_input


@pytest.mark.parametrize("page", DASHBOARDS + ADMINISTRATION)
def test_a_reporter_reads_no_other_units_data(demo_path, page):
    at = open_alone(page, user=REPORTER, check=False)
    assert not at.exception and not at.error
    assert at.warning and at.warning[0].value.startswith("Tài khoản ")
    assert not at.dataframe and not at.metric and not at.get("plotly_chart")


def test_nobody_signed_in_sees_no_data(demo_path):
    for page in DASHBOARDS + ADMINISTRATION + ["upload.py"]:
        at = open_alone(page, user=None, check=False)
        assert [w.value for w in at.warning] == ["Hãy đăng nhập để tiếp tục."], page


def test_sign_in_gives_each_role_its_pages(demo_path):
    at = sign_in("demo.yenho", "sai-mat-khau")
    assert [e.value for e in at.error] == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    reporter = sign_in("demo.yenho", "BaoCao@2024")
    assert reporter.file_uploader and "Nộp báo cáo của **Xã Yên Hồ**" in shown_text(reporter)
    viewer = sign_in("demo.lanhdao", "LanhDao@2024")
    assert "Tổng quan cải cách hành chính tỉnh Hà Tĩnh" in shown_text(viewer) and not viewer.file_uploader
    admin = sign_in("demo.quantri", "QuanTri@2024")
    assert "Quản trị Sở Nội vụ (dùng thử)" in shown_text(admin)


def test_sign_out_and_expiry(demo_path):
    at = sign_in("demo.lanhdao", "LanhDao@2024")
    at.button(key="sign_out").click()
    at.run()
    assert at.text_input(key="sign_in_username") and not at.metric
    at = sign_in("demo.lanhdao", "LanhDao@2024")
    conn = db.connect(demo_path)
    try:   # 31 minutes without a click
        conn.execute("UPDATE sessions SET last_seen = ? WHERE ended_at IS NULL",
                     [datetime.now() - auth.SESSION_IDLE - timedelta(minutes=1)])
        at.run()
        assert at.text_input(key="sign_in_username")
        assert at.warning[0].value.startswith("Phiên làm việc đã kết thúc")
        ends = db.query_rows(conn, "SELECT end_reason FROM sessions ORDER BY started_at")
    finally:
        conn.close()
    assert ends == [("user",), ("expired",)]


def test_a_disabled_account_is_signed_out_at_the_next_click(demo_path):
    at = sign_in("demo.yenho", "BaoCao@2024")
    conn = db.connect(demo_path)
    try:
        auth.set_active(conn, "demo.yenho", False, "cli:test")
    finally:
        conn.close()
    at.run()
    assert at.text_input(key="sign_in_username") and not at.file_uploader


def test_an_administrator_creates_an_account_on_the_page(demo_path):
    at = open_alone("accounts.py", user=ADMIN)
    at.text_input(key="new_username").input("nguyen.van.a")
    at.text_input(key="new_display_name").input("Nguyễn Văn A")
    at.selectbox(key="new_role").set_value(auth.REPORTER)
    at.selectbox(key="new_unit").set_value("H436")
    at.text_input(key="new_password").input("Mat-khau-123")
    at.text_input(key="new_password_again").input("Mat-khau-123")
    at.button[0].click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Đã tạo tài khoản nguyen.van.a (Cán bộ báo cáo của đơn vị)."
    accounts = at.dataframe[0].value
    assert accounts.set_index("Tên đăng nhập").loc["nguyen.van.a", "Đơn vị"] == "H436"
    conn = db.connect(demo_path)
    try:
        stored = str(db.query_rows(conn, "SELECT * FROM users")) + str(db.query_rows(conn, "SELECT * FROM audit_log"))
        assert "Mat-khau-123" not in stored
        assert auth.sign_in(conn, "nguyen.van.a", "Mat-khau-123").unit_code == "H436"
    finally:
        conn.close()


def test_single_sign_on_button_appears_when_configured(demo_path):
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert [b.label for b in at.button] == ["Đăng nhập"]                 # local accounts only by default
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "cchc", "client_secret": "s",
                          "server_metadata_url": "https://sso.example/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert "Đăng nhập bằng tài khoản của tỉnh (SSO)" in [b.label for b in at.button]


def test_the_audit_page_filters_by_kind_of_action(demo_path):
    at = open_alone("audit.py", user=ADMIN)
    everything = at.dataframe[0].value
    assert {"Tạo tài khoản", "Nhận báo cáo"} <= set(everything["Việc"])
    at.multiselect(key="audit_groups").set_value(["accounts"]).run()
    accounts = at.dataframe[0].value
    assert set(accounts["Việc"]) == {"Tạo tài khoản"}
    assert set(accounts["Đối tượng"]) == {"Tài khoản demo.quantri", "Tài khoản demo.lanhdao", "Tài khoản demo.yenho"}
    assert at.get("download_button")[0].proto.label == "Tải bảng (Excel)"
