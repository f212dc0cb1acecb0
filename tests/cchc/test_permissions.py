"""Every data function that takes a signed-in user, called as each caller of the declared matrix
(cchc.permissions): allowed calls work, refused ones raise a Vietnamese PermissionDenied and write nothing."""
import importlib
import inspect
import pkgutil
from datetime import date, timedelta
from functools import cache

import pytest

import cchc
import etl
from cchc import auth, permissions
from cchc.documents import report_template
from cchc.documents.report import report_context, report_period
from cchc.periods import Period
from cchc.store import db
from cchc.views import audit_log as audit
from cchc.views import submissions
from etl.operations import contacts, reminders
from etl.operations.backup import backup_now
from etl.plans import TARGETS_SHEET
from etl.plans import upload as plan_page
from etl.reports.ingest import ingest_bytes
from etl.reports.templates import template_for, template_name
from etl.reports.validation import Expected
from etl.results import upload as results_page
from tests.etl.plans.workbooks import edited, exported, put_row
from tests.etl.reports.test_ingest import TODAY, targets_file
from tests.etl.results.tables import messy_papi_xlsx

UNIT = "H436"           # the unit every call asks about; the reporter's own, the other reporter's not
PASSWORD = "Mật-khẩu-2024"
USERS = {
    "admin": auth.User("snv", auth.ADMIN, None, None),
    "viewer": auth.User("lanhdao", auth.VIEWER, None, None),
    "reporter": auth.User("dv.h436", auth.REPORTER, UNIT, None),
    "reporter_other_unit": auth.User("dv.h437", auth.REPORTER, "H437", None),
    "signed_out": None,
}
ROW = {"target_code": "TTHC-3.1", "numerator": 450, "denominator": 500}
# Written by the calls; a refused call leaves them as they were.
TABLES = ("users", "sessions", "submissions", "submission_problems", "target_values", "audit_log", "sign_in_failures",
          "report_templates", "unit_contacts")
# Functions that take a user but draw no role boundary: the check itself, and a user's own session.
NOT_BOUNDARIES = {"cchc.auth.require", "cchc.auth.acting_as", "cchc.auth.open_session", "cchc.auth.end_session",
                  "web.session.account_bar"}
# Without a user, ingest_bytes is the command line (whoever runs it holds the database): someone signed out
# reaches it only through the upload page, which refuses them (tests/pages/test_roles.py).
COMMAND_LINE_WITHOUT_USER = {("etl.reports.ingest.ingest_bytes", "signed_out")}


@pytest.fixture
def sample_conn(db_path):
    """A DuckDB database with the callers' accounts and a rejected file of UNIT (it has a problem list)."""
    conn = db.connect(db_path)
    for user in filter(None, USERS.values()):
        auth.add_user(conn, user.username, PASSWORD, user.role, "cli:test", user.unit_code)
    auth.add_user(conn, "muc.tieu", PASSWORD, auth.VIEWER, "cli:test")
    contacts.import_contacts(conn, b"unit_code,email\nH437,xoa.h437@hatinh.gov.vn\n", "cli:test", "lien-he.csv")
    yield conn
    conn.close()


def calls(conn, database, folder, submission_id):
    """Each function of the matrix, called for UNIT by ``user``; ``name`` keeps what each caller writes apart."""
    archive = folder / "archive"
    since, until = date.today() - timedelta(days=1), date.today()
    # the 2024 plan with one target value changed, and its preview: made once, by whichever call needs it first
    plan = cache(lambda: edited(exported(conn), lambda book: put_row(book, TARGETS_SHEET, 2, {"target_value": 99})))
    previewed = cache(lambda: plan_page.read_upload(conn, plan(), "ke-hoach.xlsx"))
    table = cache(lambda: results_page.read_upload(conn, messy_papi_xlsx(), "papi.xlsx", "PAPI", 2024, 63))
    report = cache(lambda: report_context(conn, report_period("2024-Q4"), date(2024, 12, 31)))
    return {
        "cchc.views.submissions.history": lambda user, name: submissions.history(conn, user, UNIT),
        "cchc.views.submissions.problems": lambda user, name: submissions.problems(conn, user, submission_id),
        "cchc.views.submissions.original": lambda user, name: submissions.original(conn, user, submission_id),
        "cchc.views.audit_log.actors": lambda user, name: audit.actors(conn, user),
        "cchc.views.audit_log.entries": lambda user, name: audit.entries(conn, user, since, until),
        "cchc.auth.add_user": lambda user, name: auth.add_user(conn, f"moi.{name}", PASSWORD, auth.VIEWER, user),
        "cchc.auth.set_password": lambda user, name: auth.set_password(conn, "muc.tieu", PASSWORD + name, user),
        "cchc.auth.set_active": lambda user, name: auth.set_active(conn, "muc.tieu", True, user),
        "cchc.auth.list_users": lambda user, name: auth.list_users(conn, user),
        "etl.reports.ingest.ingest_bytes": lambda user, name: ingest_bytes(
            conn, targets_file([{**ROW, "numerator": 400 + len(name)}]), f"{name}.xlsx", "x", archive,
            Expected(UNIT), today=TODAY, user=user),
        "etl.reports.templates.template_name": lambda user, name: template_name(conn, user, "targets", UNIT, "2024-Q2"),
        "etl.reports.templates.template_for": lambda user, name: template_for(conn, user, "targets", UNIT, "2024-Q2"),
        "etl.operations.backup.backup_now": lambda user, name: backup_now(conn, database, user),
        "etl.plans.upload.template": lambda user, name: plan_page.template(conn, user, 2025, None),
        "etl.plans.upload.check_upload": lambda user, name: plan_page.check_upload(conn, user, plan(), f"{name}.xlsx"),
        "etl.plans.upload.load": lambda user, name: plan_page.load(conn, user, previewed(), previewed().sha256),
        "etl.results.upload.check_upload": lambda user, name: results_page.check_upload(
            conn, user, messy_papi_xlsx(), f"{name}.xlsx", "PAPI", 2024, 63),
        "etl.results.upload.load": lambda user, name: results_page.load(conn, user, table(), table().sha256,
                                                                         "https://papi.org.vn/"),
        "etl.results.upload.enter": lambda user, name: results_page.enter(
            conn, user, "PAPI", 2025, "M42", 46.0, None, None, "https://papi.org.vn/", name),
        "etl.operations.reminders.preview_for": lambda user, name: reminders.preview_for(
            conn, user, Period(2024, 4), date(2025, 1, 20)),
        "etl.operations.reminders.send_now": lambda user, name: reminders.send_now(
            conn, user, Period(2024, 4), date(2025, 1, 20)),
        "cchc.documents.report_template.replace": lambda user, name: report_template.replace(
            conn, user, report_template.SHIPPED.read_bytes(), f"{name}.docx", report()),
        "cchc.documents.report_template.restore_shipped": lambda user, name: report_template.restore_shipped(conn, user),
        "cchc.auth.set_email": lambda user, name: auth.set_email(conn, "muc.tieu", f"{name}@hatinh.gov.vn", user),
        "etl.operations.contacts.address_book": lambda user, name: contacts.address_book(conn, user),
        "etl.operations.contacts.add_address": lambda user, name: contacts.add_address(
            conn, user, UNIT, f"{name}@hatinh.gov.vn"),
        "etl.operations.contacts.remove_address": lambda user, name: contacts.remove_address(
            conn, user, "H437", "xoa.h437@hatinh.gov.vn"),
        "etl.operations.contacts.export_csv": lambda user, name: contacts.export_csv(conn, user),
        "etl.operations.contacts.check_upload": lambda user, name: contacts.check_upload(
            conn, user, f"unit_code,email\n{UNIT},{name}@hatinh.gov.vn\n".encode()),
        "etl.operations.contacts.load_upload": lambda user, name: contacts.load_upload(
            conn, user, f"unit_code,email\n{UNIT},{name}.csv@hatinh.gov.vn\n".encode(), f"{name}.csv"),
    }


def counts(conn) -> dict[str, int]:
    return {table: db.query_rows(conn, f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}


def test_every_data_function_as_every_caller(sample_conn, db_path, tmp_path, monkeypatch):
    conn = sample_conn
    monkeypatch.setenv("CCHC_BACKUP_DIR", str(tmp_path / "backups"))
    monkeypatch.setenv("CCHC_SMTP_HOST", "127.0.0.1")             # never reached: no unit has an address here
    monkeypatch.setenv("CCHC_SMTP_FROM", "cchc@snv.hatinh.gov.vn")
    sent = ingest_bytes(conn, targets_file([{**ROW, "numerator": 600}]), "sai.xlsx", "x", tmp_path / "archive",
                        today=TODAY, user=USERS["reporter"])
    assert sent.status == "rejected"
    functions = calls(conn, str(db_path), tmp_path, sent.submission_id)
    assert set(functions) == set(permissions.FUNCTIONS)
    cases = [case for case in permissions.matrix() if case.kind == "function"]
    failures, tried = [], 0
    for case in cases:
        if (case.name, case.caller) in COMMAND_LINE_WITHOUT_USER:
            continue
        tried += 1
        before = counts(conn)
        try:
            functions[case.name](USERS[case.caller], case.caller)
        except auth.PermissionDenied as refused:
            if case.allowed:
                failures.append(f"{case.name} refused to {case.caller}: {refused}")
            elif str(refused).isascii() or counts(conn) != before:     # said in Vietnamese, nothing written
                failures.append(f"{case.name} as {case.caller}: {refused!r}, written: {before} → {counts(conn)}")
        else:
            if not case.allowed:
                failures.append(f"{case.name} allowed to {case.caller}")
    assert not failures, "\n".join(failures)
    assert tried == len(cases) - len(COMMAND_LINE_WITHOUT_USER)


def test_every_function_taking_a_user_has_its_row():
    """A new data function that takes a signed-in user must say in cchc.permissions who may call it."""
    found = set()
    for package in (cchc, etl):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if module.name.endswith("__main__"):
                continue
            loaded = importlib.import_module(module.name)
            for name, function in inspect.getmembers(loaded, inspect.isfunction):
                if name.startswith("_") or function.__module__ != module.name:
                    continue
                if any("User" in str(p.annotation) for p in inspect.signature(function).parameters.values()):
                    found.add(f"{module.name}.{name}")
    assert found - NOT_BOUNDARIES == set(permissions.FUNCTIONS), "add a row to cchc/permissions.py FUNCTIONS"


def test_a_reporter_trying_submission_ids_learns_nothing(sample_conn, tmp_path):
    """Another unit's file or problem list, asked for by its number, is answered as a number that does not
    exist: the other unit is not named, nothing of it is returned."""
    conn = sample_conn
    theirs = ingest_bytes(conn, targets_file([{**ROW, "numerator": 600}]), "cua-h436.xlsx", "x", tmp_path,
                          today=TODAY, user=USERS["reporter"]).submission_id
    other = USERS["reporter_other_unit"]
    said = set()
    for number in (theirs, theirs + 1000):
        for ask in (submissions.original, submissions.problems):
            with pytest.raises(auth.PermissionDenied) as refused:
                ask(conn, other, number)
            said.add(str(refused.value).replace(str(number), "N"))
    assert said == {"Không có bản nộp số N trong các báo cáo của đơn vị H437."}
    with pytest.raises(auth.PermissionDenied, match="không được với đơn vị H436"):
        submissions.history(conn, other, UNIT)
    assert submissions.original(conn, USERS["reporter"], theirs)[0] == "cua-h436.xlsx"
