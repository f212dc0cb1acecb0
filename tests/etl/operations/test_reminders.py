"""`remind`: the units that have not reported get an e-mail by the period's deadline, through a real SMTP server
(aiosmtpd, on a free local port): a notice before the deadline for units with nothing sent, an overdue notice
after it, each naming exactly the unit's missing reports and the upload page; never the same notice twice a day;
every message recorded and audited; a refused message counted as failed, and the command's exit status says so; the
address of an active reporter account of the unit gets the unit's reminder too."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from cchc import auth
from cchc.periods import Period
from cchc.store import db
from etl.operations.contacts import import_contacts
from etl.operations.reminders import (
    BEFORE,
    OVERDUE,
    SettingsError,
    SmtpSettings,
    last_ended_quarter,
    plan,
    send,
)
from tests.conftest import PROJECT_ROOT, run_cli
from tests.mail import REFUSED, smtp_server

Q4 = Period(2024, 4)
BEFORE_DAY, AFTER_DAY = date(2025, 1, 13), date(2025, 1, 20)      # the Q4 reports are due on 15/01/2025


@pytest.fixture
def smtp():
    with smtp_server() as (inbox, port):
        yield inbox, SmtpSettings("127.0.0.1", port, "cchc@snv.hatinh.gov.vn", "none")


@pytest.fixture
def addressed(conn):
    import_contacts(conn, b"unit_code,email\nSNV,snv@hatinh.gov.vn\nSTP,stp@hatinh.gov.vn\nSTP,vanthu.stp@hatinh.gov.vn\n",
                    "quantri", "lien-he.csv")
    return conn


def test_before_the_deadline_the_units_with_nothing_sent_get_a_notice(addressed, smtp, monkeypatch):
    monkeypatch.setenv("CCHC_APP_URL", "https://cchc.hatinh.gov.vn")
    inbox, settings = smtp
    reminders, without = plan(addressed, Q4, BEFORE_DAY)
    assert [(r.unit_code, r.notice) for r in reminders] == [("SNV", BEFORE), ("STP", BEFORE)]
    assert "Sở Tài chính" in without and "Sở Nội vụ" not in without        # no address: listed apart
    assert send(addressed, reminders, settings, Q4, BEFORE_DAY, "quantri") == (2, 0)
    to_stp = next(m for m in inbox.messages if "stp@hatinh.gov.vn" in m["To"])
    assert to_stp["To"] == "stp@hatinh.gov.vn, vanthu.stp@hatinh.gov.vn"
    assert to_stp["Subject"] == "Nhắc nộp báo cáo CCHC Quý IV/2024: sắp đến hạn"
    body = to_stp.get_content()
    assert "Kính gửi: Sở Tư pháp." in body and "hạn nộp 15/01/2025" in body
    assert "https://cchc.hatinh.gov.vn/nop-bao-cao?period=2024-Q4" in body
    # the same day again: nothing to send
    assert plan(addressed, Q4, BEFORE_DAY)[0] == []
    logged = db.query_rows(addressed, "SELECT unit_code, notice, status FROM reminder_log ORDER BY unit_code")
    assert logged == [("SNV", BEFORE, "sent"), ("STP", BEFORE, "sent")]
    assert db.query_rows(addressed, "SELECT count(*) FROM audit_log WHERE action = 'reminder_sent'") == [(2,)]


def test_after_the_deadline_an_overdue_notice_and_a_refused_address_fails(addressed, smtp):
    inbox, settings = smtp
    import_contacts(addressed, f"unit_code,email\nSTP,{REFUSED}\n".encode(), "quantri", "lien-he-2.csv")
    reminders, _ = plan(addressed, Q4, AFTER_DAY)
    assert {r.unit_code: r.notice for r in reminders} == {"SNV": OVERDUE, "STP": OVERDUE}
    snv = next(r for r in reminders if r.unit_code == "SNV")
    assert [report for report, _ in snv.missing] == ["targets", "tasks"]      # exactly what it has not sent
    assert "đã quá hạn nộp" in snv.body
    assert send(addressed, reminders, settings, Q4, AFTER_DAY, "quantri") == (1, 1)
    failed = db.query_rows(addressed, "SELECT unit_code, status, error FROM reminder_log WHERE status = 'failed'")
    assert failed[0][:2] == ("STP", "failed") and "550" in failed[0][2]
    assert [r.unit_code for r in plan(addressed, Q4, AFTER_DAY)[0]] == ["STP"]     # a failed one is tried again


def test_a_reporter_accounts_address_gets_its_units_reminder(addressed, smtp):
    inbox, settings = smtp
    # Sở Tài chính has no address of its own: its reporter's is where it is reached
    auth.add_user(addressed, "bc.stc", "mat-khau-thu", auth.REPORTER, "cli:test", "STC", email="bc.stc@hatinh.gov.vn")
    # the same address as the unit's, in other letters: written to once; a disabled account's: not at all
    auth.add_user(addressed, "bc.snv", "mat-khau-thu", auth.REPORTER, "cli:test", "SNV", email="SNV@HaTinh.gov.vn")
    auth.add_user(addressed, "cu.snv", "mat-khau-thu", auth.REPORTER, "cli:test", "SNV", email="cu.snv@hatinh.gov.vn")
    auth.set_active(addressed, "cu.snv", False, "cli:test")
    reminders, without = plan(addressed, Q4, AFTER_DAY)
    assert {r.unit_code: r.addresses for r in reminders} == {
        "SNV": ("snv@hatinh.gov.vn",), "STC": ("bc.stc@hatinh.gov.vn",),
        "STP": ("stp@hatinh.gov.vn", "vanthu.stp@hatinh.gov.vn")}
    assert "Sở Tài chính" not in without
    assert send(addressed, reminders, settings, Q4, AFTER_DAY, "quantri") == (3, 0)
    received = next(m for m in inbox.messages if m["To"] == "bc.stc@hatinh.gov.vn")
    assert "Kính gửi: Sở Tài chính." in received.get_content()
    assert all("cu.snv" not in m["To"] for m in inbox.messages)


def test_settings_come_from_the_environment_and_the_password_from_a_file(tmp_path):
    secret = tmp_path / "smtp-password"
    secret.write_text("mat-khau\n", encoding="utf-8")
    settings = SmtpSettings.from_environment({"CCHC_SMTP_HOST": "mail.hatinh.gov.vn", "CCHC_SMTP_FROM": "cchc@x.vn",
                                              "CCHC_SMTP_USER": "cchc", "CCHC_SMTP_PASSWORD_FILE": str(secret)})
    assert (settings.port, settings.security, settings.password) == (587, "starttls", "mat-khau")
    assert SmtpSettings.from_environment({"CCHC_SMTP_HOST": "h", "CCHC_SMTP_FROM": "f",
                                          "CCHC_SMTP_SECURITY": "ssl"}).port == 465
    with pytest.raises(SettingsError, match="CCHC_SMTP_HOST"):
        SmtpSettings.from_environment({})


def test_the_command_previews_then_sends_and_fails_loudly(db_path, tmp_path, smtp):
    inbox, settings = smtp
    contacts = tmp_path / "lien-he.csv"
    contacts.write_text(f"unit_code,email\nSNV,snv@hatinh.gov.vn\nSTP,{REFUSED}\n", encoding="utf-8")
    assert run_cli("contacts", "import", contacts, "--db", db_path).returncode == 0
    preview = run_cli("remind", "--today", "2025-01-20", "--db", db_path)        # the last quarter ended: Q4 2024
    assert preview.returncode == 0 and "Xem trước: 2 thư sẽ được gửi" in preview.stdout
    assert "SNV Sở Nội vụ → snv@hatinh.gov.vn: quá hạn" in preview.stdout and not inbox.messages
    env = {"CCHC_SMTP_HOST": settings.host, "CCHC_SMTP_PORT": str(settings.port), "CCHC_SMTP_FROM": settings.sender,
           "CCHC_SMTP_SECURITY": "none"}
    sent = subprocess.run([sys.executable, "-m", "etl", "remind", "--period", "2024-Q4", "--today", "2025-01-20",
                           "--send", "--db", str(db_path)], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)
    assert sent.returncode == 1 and "Đã gửi 1 thư, lỗi 1." in sent.stdout
    assert len(inbox.messages) == 1


@pytest.mark.parametrize("right", [True, False], ids=["password-right", "password-wrong"])
def test_no_password_appears_in_any_output(db_path, tmp_path, right):
    """The password comes from a file; whether the server takes it or not, it is in no output, record or audit."""
    password = "Mk-SMTP-bi-mat-2026"
    secret = tmp_path / "smtp-password"
    secret.write_text((password if right else "Mk-sai-2026") + "\n", encoding="utf-8")
    contacts = tmp_path / "lien-he.csv"
    contacts.write_text(f"unit_code,email\nSNV,snv@hatinh.gov.vn\nSTP,{REFUSED}\n", encoding="utf-8")
    assert run_cli("contacts", "import", contacts, "--db", db_path).returncode == 0
    with smtp_server(password) as (inbox, port):
        env = {"CCHC_SMTP_HOST": "127.0.0.1", "CCHC_SMTP_PORT": str(port), "CCHC_SMTP_FROM": "cchc@snv.hatinh.gov.vn",
               "CCHC_SMTP_SECURITY": "none", "CCHC_SMTP_USER": "cchc", "CCHC_SMTP_PASSWORD_FILE": str(secret)}
        done = subprocess.run([sys.executable, "-m", "etl", "remind", "--period", "2024-Q4", "--today", "2025-01-20",
                               "--send", "--db", str(db_path)], cwd=PROJECT_ROOT, capture_output=True, text=True,
                              env={**os.environ, **env}, timeout=60)
    assert done.returncode == 1                                  # the refused address; with the wrong password, both
    assert (inbox.logins, len(inbox.messages)) == ((["cchc"], 1) if right else ([], 0))
    conn = db.connect(db_path, read_only=True)
    try:
        recorded = db.query_rows(conn, "SELECT status, coalesce(error, '') FROM reminder_log ORDER BY unit_code")
        audited = db.query_rows(conn, "SELECT coalesce(detail, '') FROM audit_log WHERE action LIKE 'reminder%'")
    finally:
        conn.close()
    assert [status for status, _ in recorded] == (["sent", "failed"] if right else ["failed", "failed"])
    for text in (done.stdout, done.stderr, *(e for _, e in recorded), *(d for (d,) in audited)):
        assert password not in text and "Mk-sai-2026" not in text


def test_the_quarter_chased_is_the_last_one_ended():
    assert [last_ended_quarter(date(2025, m, 10)).code for m in (1, 4, 7, 10, 12)] == [
        "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q3"]
