"""Each role sees and does only what it may: every page of the declared matrix (cchc.permissions) as each
role, through dashboard.py's navigation and opened on its own (the data functions refuse, whatever the
menu shows); then what a person would try: other units' ids in the address or a widget, an old session
after a password change or a disabled account, the cookie, repeated failed sign-ins."""
from datetime import datetime

import pytest
from streamlit.testing.v1 import AppTest

from cchc import auth, permissions
from cchc.store import db
from tests.conftest import PROJECT_ROOT
from tests.pages.conftest import ADMIN, open_alone, sign_in_test_user

REPORTER = ("demo.yenho", auth.REPORTER, "X18253")
ACCOUNTS = {"admin": (auth.ADMIN, None), "viewer": (auth.VIEWER, None), "reporter": (auth.REPORTER, "X18253")}
DATA = ("dataframe", "metric", "plotly_chart", "table", "file_uploader")    # what a page shows of the data
SIGNED_OUT = "Hãy đăng nhập để tiếp tục."


def dashboard() -> AppTest:
    return AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)


def submit_sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception
    return at


def sign_in(username: str, password: str) -> AppTest:
    at = dashboard()
    at.run()
    return submit_sign_in(at, username, password)


def shown_text(at) -> str:
    return " ".join(e.value for kind in ("markdown", "title", "caption", "warning", "error", "info")
                    for e in getattr(at, kind) if isinstance(e.value, str))


def shows_data(at) -> bool:
    return any(at.get(kind) for kind in DATA)


def sign_in_form(at) -> bool:
    return any(w.key == "sign_in_username" for w in at.text_input)


def refusal(user: auth.User | None, action: str) -> str:
    """What auth.require tells ``user`` asking for ``action``."""
    try:
        auth.require(user, action)
    except auth.PermissionDenied as refused:
        return str(refused)
    raise AssertionError(f"{action} is allowed")


def page_problems(at: AppTest, case: permissions.Case, user: auth.User | None) -> list[str]:
    """How a page as one role differs from the matrix (nothing: as declared). Allowed: the page opens in the
    role's navigation and shows its data. Refused: the navigation has no such page (signed out: the sign-in
    form at its address), and the page run on its own says why in Vietnamese and shows nothing of the data."""
    found = []
    if case.name == permissions.SIGN_IN:     # at the first run, at the root address
        if sign_in_form(at) != case.allowed:
            found.append("sign-in form shown" if not case.allowed else "no sign-in form")
        return found
    file = case.name.removeprefix("pages/")
    if user is None:
        at.switch_page(case.name).run()
        if not sign_in_form(at) or shows_data(at) or at.exception:
            found.append("not the sign-in form")
    elif case.allowed:
        at.switch_page(case.name).run()
        refused = {refusal(user, action) for action in permissions.ACTIONS if not permissions.allows(user.role, action)}
        if at.exception or at.error or refused & {w.value for w in at.warning} or not (at.title or shows_data(at)):
            found.append(f"did not open: {at.exception or [e.value for e in [*at.error, *at.warning]]}")
    else:
        try:
            at.switch_page(case.name)
            found.append("in the navigation")
        except ValueError:
            pass
    if not case.allowed:
        alone = open_alone(file, user=user and (user.username, user.role, user.unit_code), check=False)
        said = [w.value for w in alone.warning]
        if alone.exception or alone.error or said != [refusal(user, case.action)] or shows_data(alone):
            found.append(f"opened alone: {said}, {alone.exception or [e.value for e in alone.error]}")
    return [f"{case.name} as {case.caller}: {problem}" for problem in found]


@pytest.mark.parametrize("caller", ["admin", "viewer", "reporter", "signed_out"])
def test_every_page_as_each_role(demo_path, caller):
    """One signed-in AppTest per role, switched from page to page."""
    at = dashboard()
    if caller in ACCOUNTS:
        sign_in_test_user(at, demo_path, *ACCOUNTS[caller])
    at.run()
    assert not at.exception, at.exception
    user = at.session_state["user"] if caller in ACCOUNTS else None
    cases = [case for case in permissions.matrix() if case.kind == "page" and case.caller == caller]
    pages = {f"pages/{file.name}" for file in (PROJECT_ROOT / "pages").glob("*.py")}
    assert {case.name for case in cases} == {permissions.SIGN_IN} | pages, "add the page to cchc/permissions.py PAGES"
    problems = [problem for case in cases for problem in page_problems(at, case, user)]
    assert not problems, "\n".join(problems)


def test_a_reporter_changing_ids_sees_only_their_own_unit(demo_path):
    """Another unit's number in the address, or in the widgets' values, shows nothing of that unit."""
    conn = db.connect(demo_path)
    try:
        theirs = db.query_rows(conn, "SELECT id FROM submissions WHERE unit_code = 'H436' ORDER BY id")[0][0]
        own = {r[0] for r in db.query_rows(conn, "SELECT id FROM submissions WHERE unit_code = 'X18253'")}
    finally:
        conn.close()
    address = {"unit": "H436", "submission": str(theirs)}

    def only_own(at: AppTest) -> None:
        assert not at.exception and not at.error, [e.value for e in at.error]
        history = next(d.value for d in at.dataframe if "Số" in d.value.columns)     # after what is due
        assert set(history["Số"]) <= own and at.selectbox(key="upload_pick").value in own
        everything = shown_text(at) + history.to_string() + " ".join(at.selectbox(key="upload_pick").options)
        assert "X18253" in everything and "H436" not in everything

    at = sign_in_test_user(dashboard(), demo_path, *ACCOUNTS["reporter"])
    at.query_params.update(address)
    only_own(at.run())
    at.switch_page("pages/upload.py").run()
    only_own(at)
    only_own(open_alone("upload.py", user=REPORTER, params=address,
                        session={"upload_pick": theirs, "upload_unit": "H436", "upload_kind": "targets"}))
    units = open_alone("units.py", user=REPORTER, params={"unit": "H436"}, check=False)
    assert [w.value for w in units.warning] == [refusal(auth.User(*REPORTER, None), "read_all")]
    assert not shows_data(units) and "H436" not in shown_text(units)


def test_sign_in_gives_each_role_its_pages(demo_path):
    at = sign_in("demo.yenho", "sai-mat-khau")
    assert [e.value for e in at.error] == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    reporter = sign_in("demo.yenho", "BaoCao@2024")
    assert reporter.file_uploader and "Nộp báo cáo của **Xã Yên Hồ**" in shown_text(reporter)
    viewer = sign_in("demo.lanhdao", "LanhDao@2024")
    assert "Tổng quan cải cách hành chính tỉnh Hà Tĩnh" in shown_text(viewer) and not viewer.file_uploader
    admin = sign_in("demo.quantri", "QuanTri@2024")
    assert "Quản trị Sở Nội vụ (dùng thử)" in shown_text(admin)


def test_the_cookie_and_a_new_token_at_every_sign_in(demo_path):
    """SameSite=Strict always, Secure when the browser's address is https; each sign-in its own token."""
    tokens = []
    for url, secure in (("https://cchc.hatinh.gov.vn/tong-quan", True), ("http://10.0.0.5:8501/tong-quan", False)):
        at = dashboard()
        at.context["url"] = url
        submit_sign_in(at.run(), "demo.lanhdao", "LanhDao@2024")
        token = at.session_state["session_token"]
        scripts = [h.proto.body for h in at.get("html") if "document.cookie" in h.proto.body]
        assert scripts == [f"<script>document.cookie='cchc_session={token}; Path=/; Max-Age=36000; SameSite=Strict"
                           + ("; Secure" if secure else "") + "';</script>"]
        tokens.append(token)
    assert len(set(tokens)) == 2


def test_sign_out_and_expiry(demo_path):
    at = sign_in("demo.lanhdao", "LanhDao@2024")
    at.button(key="sign_out").click()
    at.run()
    assert sign_in_form(at) and not at.metric
    at = sign_in("demo.lanhdao", "LanhDao@2024")
    conn = db.connect(demo_path)
    try:   # 31 minutes without a click
        conn.execute("UPDATE sessions SET last_seen = ? WHERE ended_at IS NULL",
                     [datetime.now() - auth.SESSION_IDLE - auth.SESSION_TOUCH])
        at.run()
        assert sign_in_form(at)
        assert at.warning[0].value.startswith("Phiên làm việc đã kết thúc")
        ends = db.query_rows(conn, "SELECT end_reason FROM sessions ORDER BY started_at")
    finally:
        conn.close()
    assert ends == [("user",), ("expired",)]


def test_an_old_session_ends_with_a_password_change_or_a_disabled_account(demo_path):
    at = sign_in("demo.yenho", "BaoCao@2024")
    old = at.session_state["session_token"]
    conn = db.connect(demo_path)
    try:
        auth.set_password(conn, "demo.yenho", "Mat-khau-moi-2024", "cli:test")
        at.run()         # the next click of the browser signed in before the change
        assert sign_in_form(at) and not at.file_uploader
        assert at.warning[0].value.startswith("Phiên làm việc đã kết thúc")
        submit_sign_in(at, "demo.yenho", "Mat-khau-moi-2024")
        new = at.session_state["session_token"]
        assert at.file_uploader and new != old and auth.resume_session(conn, old) is None
        auth.set_active(conn, "demo.yenho", False, "cli:test")
        auth.set_active(conn, "demo.yenho", True, "cli:test")     # enabled again: its old cookie stays signed out
        at.run()
        assert sign_in_form(at) and not at.file_uploader and auth.resume_session(conn, new) is None
        ends = db.query_rows(conn, "SELECT end_reason FROM sessions WHERE username = 'demo.yenho' ORDER BY started_at")
    finally:
        conn.close()
    assert ends == [("password",), ("disabled",)]


def test_sign_ins_from_an_address_with_many_failures_wait(demo_path):
    conn = db.connect(demo_path)
    try:   # earlier failures from this browser's address ("localhost": AppTest has no address), other accounts
        for n in range(auth.CLIENT_FREE_ATTEMPTS - 1):
            conn.execute("INSERT INTO sign_in_failures VALUES ('localhost', ?, ?)", [f"thu.{n}", datetime.now()])
    finally:
        conn.close()
    at = sign_in("demo.yenho", "sai-mat-khau")     # the last failure allowed, counted by the page
    assert [e.value for e in at.error] == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    submit_sign_in(at, "demo.lanhdao", "LanhDao@2024")
    assert at.error[0].value.startswith("Có quá nhiều lần đăng nhập sai từ địa chỉ localhost: tạm ngừng đăng nhập "
                                        "từ địa chỉ này, thử lại sau 15 phút")
    assert sign_in_form(at) and not at.metric


def test_an_administrator_creates_an_account_on_the_page(demo_path):
    at = open_alone("accounts.py", user=ADMIN)
    at.text_input(key="new_username").input("nguyen.van.a")
    at.text_input(key="new_display_name").input("Nguyễn Văn A")
    at.selectbox(key="new_role").set_value(auth.REPORTER)
    at.selectbox(key="new_unit").set_value("X2025-18073")    # a unit of today: ended ones are not offered
    at.text_input(key="new_password").input("Mat-khau-123")
    at.text_input(key="new_password_again").input("Mat-khau-123")
    at.button[0].click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Đã tạo tài khoản nguyen.van.a (Cán bộ báo cáo của đơn vị)."
    accounts = at.dataframe[0].value
    assert accounts.set_index("Tên đăng nhập").loc["nguyen.van.a", "Đơn vị"] == "X2025-18073"
    conn = db.connect(demo_path)
    try:
        stored = str(db.query_rows(conn, "SELECT * FROM users")) + str(db.query_rows(conn, "SELECT * FROM audit_log"))
        assert "Mat-khau-123" not in stored
        assert auth.sign_in(conn, "nguyen.van.a", "Mat-khau-123").unit_code == "X2025-18073"
    finally:
        conn.close()


def test_single_sign_on_button_appears_when_configured(demo_path):
    at = dashboard()
    at.run()
    assert [b.label for b in at.button] == ["Đăng nhập"]                 # local accounts only by default
    at = dashboard()
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
