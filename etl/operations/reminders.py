"""`remind`: e-mail the units that have not reported for a period, by the period's deadline.

Who gets what, on a given day (:func:`plan`):
- a unit that has sent nothing for the period gets a *before* notice when the deadline of a report it owes is at
  most ``days_before`` days away;
- a unit still missing a report after its deadline gets an *overdue* notice;
- each message lists exactly that unit's missing reports with their deadlines, and the upload page's address;
- a unit never gets the same notice of a period twice in one day (``reminder_log``), and a unit without an address
  is listed apart;
- a unit's addresses are its own (``unit_contacts``) and those of its active reporter accounts (``users.email``),
  an address that differs only in case written to once (:func:`etl.operations.contacts.addresses`).

Sending (:func:`send`) uses a real SMTP server named by the settings (:class:`SmtpSettings`, from the environment:
``CCHC_SMTP_HOST``, ``CCHC_SMTP_PORT``, ``CCHC_SMTP_FROM``, ``CCHC_SMTP_SECURITY`` starttls (the default), ssl or
none, ``CCHC_SMTP_USER``, ``CCHC_SMTP_PASSWORD_FILE``: the password is read from a file, never given on a command
line). Every message sent or failed is recorded and audited. The upload page's address is ``CCHC_APP_URL`` (the
address people open the app at) + ``/nop-bao-cao``.
"""
from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from pathlib import Path

from cchc import auth
from cchc.applicability import Catalog
from cchc.formatting import format_date, format_period
from cchc.periods import Period
from cchc.store import db, journal
from cchc.views import board
from cchc.views.reporting import missing_reports
from cchc.vocabulary import REPORT_TITLES
from etl.operations.contacts import addresses as unit_addresses

BEFORE, OVERDUE = "before", "overdue"
DAYS_BEFORE = 3
SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class SettingsError(ValueError):
    """The SMTP settings are missing or wrong (Vietnamese)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    security: str = "starttls"
    user: str | None = None
    password: str | None = None

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> SmtpSettings:
        """The settings from ``CCHC_SMTP_*``; the password from the file ``CCHC_SMTP_PASSWORD_FILE`` names."""
        env = os.environ if environ is None else environ
        host, sender = env.get("CCHC_SMTP_HOST"), env.get("CCHC_SMTP_FROM")
        if not host or not sender:
            raise SettingsError("Thiếu cấu hình máy chủ thư: cần CCHC_SMTP_HOST và CCHC_SMTP_FROM.")
        security = env.get("CCHC_SMTP_SECURITY", "starttls").lower()
        if security not in SECURITY:
            raise SettingsError(f"CCHC_SMTP_SECURITY phải là một trong {', '.join(SECURITY)}, không phải \"{security}\".")
        password = None
        if env.get("CCHC_SMTP_PASSWORD_FILE"):
            try:
                password = Path(env["CCHC_SMTP_PASSWORD_FILE"]).read_text(encoding="utf-8").strip()
            except OSError as error:
                raise SettingsError(f"Không đọc được tệp mật khẩu CCHC_SMTP_PASSWORD_FILE: {error.strerror}.") from None
        port = env.get("CCHC_SMTP_PORT")
        return cls(host, int(port) if port else DEFAULT_PORTS[security], sender, security,
                   env.get("CCHC_SMTP_USER") or None, password)


@dataclass(frozen=True)
class Reminder:
    """One message to one unit."""

    unit_code: str
    unit_name: str
    notice: str                              # BEFORE or OVERDUE
    addresses: tuple[str, ...]
    missing: tuple[tuple[str, date], ...]    # (report kind, deadline)
    subject: str
    body: str


def last_ended_quarter(today: date) -> Period:
    """The quarter whose reports are being chased on ``today``: the last one that ended before it (reports are
    due after their quarter: the fourth quarter's in January)."""
    quarter = (today.month - 1) // 3          # 0 in January–March: the year before's fourth
    return Period(today.year, quarter) if quarter else Period(today.year - 1, 4)


def upload_address(period: Period) -> str:
    """The upload page, on the period, at the address people open the app at (``CCHC_APP_URL``)."""
    base = os.environ.get("CCHC_APP_URL", "http://localhost:8501").rstrip("/")
    return f"{base}/nop-bao-cao?period={period.code}"


def _message(name: str, notice: str, period: Period, missing: list[tuple[str, date]]) -> tuple[str, str]:
    shown = format_period(period.code)
    if notice == OVERDUE:
        subject = f"Nhắc nộp báo cáo CCHC {shown}: đã quá hạn"
        opening = f"Đến nay, Sở Nội vụ chưa nhận được các báo cáo CCHC {shown} sau của {name}, đã quá hạn nộp:"
    else:
        subject = f"Nhắc nộp báo cáo CCHC {shown}: sắp đến hạn"
        opening = f"Sắp đến hạn nộp báo cáo CCHC {shown}; Sở Nội vụ chưa nhận được báo cáo nào của {name}:"
    lines = [f"Kính gửi: {name}.", "", opening, ""]
    lines += [f"- {REPORT_TITLES[report]}: hạn nộp {format_date(due)}" for report, due in missing]
    lines += ["", f"Đề nghị đơn vị gửi báo cáo tại trang Nộp báo cáo: {upload_address(period)}", "",
              "Thư này được gửi tự động từ Bảng điều khiển CCHC tỉnh Hà Tĩnh; xin không trả lời thư này.",
              "Sở Nội vụ tỉnh Hà Tĩnh"]
    return subject, "\n".join(lines)


def plan(conn: db.Connection, period: Period, today: date, days_before: int = DAYS_BEFORE
         ) -> tuple[list[Reminder], list[str]]:
    """The reminders due ``today`` for ``period``, and the names of the units that should get one but have no
    address (none of which was already sent today)."""
    catalog = Catalog(conn)
    missing = missing_reports(conn, period, catalog)
    deadlines = board.deadlines(conn, period.year)
    sent_anything = {code for (code,) in db.query_rows(
        conn, "SELECT DISTINCT unit_code FROM submissions WHERE period = ?", [period.code])}
    already = {(code, notice) for code, notice in db.query_rows(
        conn, "SELECT unit_code, notice FROM reminder_log WHERE period = ? AND sent_on = ? AND status = 'sent'",
        [period.code, today])}
    addresses = {code: [address.email for address in listed] for code, listed in unit_addresses(conn).items()}
    reminders, without = [], []
    for (code, name, kind), rows in missing.groupby(["unit_code", "name", "kind"], sort=True):
        owed = [(report, board.due_date(deadlines, report, period.code, kind)) for report in rows["report"]]
        overdue = [(report, due) for report, due in owed if today > due]
        near = [(report, due) for report, due in owed if 0 <= (due - today).days <= days_before]
        if overdue:
            notice, listed = OVERDUE, overdue
        elif near and code not in sent_anything:
            notice, listed = BEFORE, near
        else:
            continue
        if (code, notice) in already:
            continue
        if code not in addresses:
            without.append(str(name))
            continue
        subject, body = _message(str(name), notice, period, listed)
        reminders.append(Reminder(str(code), str(name), notice, tuple(addresses[code]), tuple(listed), subject, body))
    return reminders, without


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "ssl":
        server: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=30,
                                               context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=30)
        if settings.security == "starttls":
            server.starttls(context=ssl.create_default_context())
    if settings.user:
        server.login(settings.user, settings.password or "")
    return server


def send(conn: db.Connection, reminders: list[Reminder], settings: SmtpSettings, period: Period, today: date,
         actor: str) -> tuple[int, int]:
    """Send each reminder; record and audit each as sent or failed. Returns (sent, failed)."""
    sent = failed = 0
    server = None
    for reminder in reminders:
        message = EmailMessage()
        message["From"], message["To"] = settings.sender, ", ".join(reminder.addresses)
        message["Subject"] = reminder.subject
        message.set_content(reminder.body)
        error = None
        try:
            server = server or _connect(settings)
            server.send_message(message)
        except (OSError, smtplib.SMTPException) as problem:
            error, server = f"{type(problem).__name__}: {problem}", None
        with db.transaction(conn) as cur:
            cur.execute("INSERT INTO reminder_log (unit_code, period, notice, sent_on, addresses, status, error, sent_by) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [reminder.unit_code, period.code, reminder.notice, today, ";".join(reminder.addresses),
                         "failed" if error else "sent", error, actor])
            journal.record(cur, actor, "reminder_failed" if error else "reminder_sent", "reminder_log",
                           f"{reminder.unit_code} {period.code}", {"notice": reminder.notice,
                                                                  "to": list(reminder.addresses), "error": error})
        failed, sent = (failed + 1, sent) if error else (failed, sent + 1)
    if server is not None:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            pass        # every message is already recorded; a failed goodbye changes none of them
    return sent, failed


def preview_for(conn: db.Connection, user: auth.User, period: Period, today: date) -> tuple[list[Reminder], list[str]]:
    """:func:`plan`, for someone who reads the board (the addresses are the units' and their reporters' work
    ones)."""
    auth.require(user, "read_all")
    return plan(conn, period, today)


def send_now(conn: db.Connection, user: auth.User, period: Period, today: date) -> tuple[int, int, list[str]]:
    """Send the reminders due today, for an administrator (the board's button): (sent, failed, units without an
    address). The SMTP settings come from the environment (:class:`SmtpSettings`)."""
    auth.require(user, "manage")
    settings = SmtpSettings.from_environment()
    reminders, without = plan(conn, period, today)
    sent, failed = send(conn, reminders, settings, period, today, user.username)
    return sent, failed, without
