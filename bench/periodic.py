"""Benchmark of the office's periodic work on the sample data: the Word report of a quarter, the six months and the
year (its figures, then the template filled), and the e-mail reminders to every unit of a period that has sent
nothing, delivered to a real SMTP server on this machine (aiosmtpd, the tests' server).

Run: `make bench` or `.venv/bin/python bench/periodic.py [--db FILE]` (without --db, a sample-data database is
made first, about a minute). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import demo_database  # noqa: E402
from cchc.documents.report import report_context, report_period  # noqa: E402
from cchc.documents.report_template import render  # noqa: E402
from cchc.periods import Period  # noqa: E402
from cchc.store import db  # noqa: E402
from etl.operations import reminders  # noqa: E402
from etl.operations.contacts import import_contacts  # noqa: E402
from tests.mail import smtp_server  # noqa: E402

REPEATS = 3
# The sample plan year 2026 has reports for quý I and II only: on 20/10/2026 every unit owes quý III's.
REMINDED, REMINDED_ON = Period(2026, 3), date(2026, 10, 20)


def _report(conn: db.Connection) -> None:
    print(f"Periodic report (Word), sample data, {REPEATS} runs (median, max):")
    for code, as_of in (("2024-Q3", date(2024, 9, 30)), ("2024-H1", date(2024, 6, 30)), ("2024", date(2024, 12, 31))):
        figures, filled, size = [], [], 0
        for _ in range(REPEATS):
            start = time.perf_counter()
            context = report_context(conn, report_period(code), as_of)
            middle = time.perf_counter()
            size = len(render(context))
            figures.append(middle - start)
            filled.append(time.perf_counter() - middle)
        total = [a + b for a, b in zip(figures, filled)]
        print(f"  {code:8s} figures {statistics.median(figures):5.2f} s · template {statistics.median(filled):5.2f} s"
              f" · total {statistics.median(total):5.2f} s (max {max(total):5.2f} s) · {size / 1024:,.0f} KB")


def _reminders(conn: db.Connection) -> None:
    units = [code for (code,) in db.query_rows(conn, "SELECT code FROM units")]
    csv = "unit_code,email\n" + "".join(f"{code},vanthu.{code.lower()}@hatinh.gov.vn\n" for code in units)
    import_contacts(conn, csv.encode(), "bench", "lien-he.csv")
    start = time.perf_counter()
    planned, without = reminders.plan(conn, REMINDED, REMINDED_ON)
    planning = time.perf_counter() - start
    with smtp_server() as (inbox, port):
        settings = reminders.SmtpSettings("127.0.0.1", port, "cchc@snv.hatinh.gov.vn", "none")
        start = time.perf_counter()
        sent, failed = reminders.send(conn, planned, settings, REMINDED, REMINDED_ON, "bench")
        sending = time.perf_counter() - start
        received = len(inbox.messages)
    again = len(reminders.plan(conn, REMINDED, REMINDED_ON)[0])
    print(f"E-mail reminders, {REMINDED.code} on {REMINDED_ON:%d/%m/%Y} (every unit with an address):")
    print(f"  planned {len(planned)} messages in {planning:.2f} s ({len(without)} units without an address)")
    print(f"  sent {sent}, failed {failed}, received by the server {received}, in {sending:.2f} s "
          f"({sending / max(sent, 1) * 1000:.0f} ms a message, each recorded and audited)")
    print(f"  planned again the same day: {again} (never twice a day)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an existing sample-data database (copied, never changed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        conn = db.open_database(demo_database(Path(folder), args.db))      # a copy: the reminders are recorded
        try:
            _report(conn)
            _reminders(conn)
        finally:
            conn.close()


if __name__ == "__main__":
    main()
