"""`contacts import`: the e-mail addresses of the units, loaded in bulk from a CSV file (``unit_code,email``).

Each row is checked before anything is written: the unit must be in the catalog, the address well formed (one
``@``, a domain with a dot, no spaces, at most 254 characters), and a row not repeated. A file with any problem
is refused whole, each problem naming its row; otherwise, for every unit the file names, its addresses become the
file's (one transaction, audited). Units the file does not name keep theirs.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from cchc.store import db, journal

COLUMNS = ("unit_code", "email")
# A pragmatic check, not RFC 5322 in full: what a mail server of the province will take.
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


class ContactsRefused(ValueError):
    """The file cannot be loaded; ``problems`` names each row and why, in Vietnamese."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ContactsReport:
    """What a load did: the units whose addresses it set, and how many addresses."""

    units: list[str] = field(default_factory=list)
    addresses: int = 0


def valid_address(email: str) -> bool:
    """Whether ``email`` is an address a unit can be written to."""
    return len(email) <= 254 and bool(_ADDRESS.match(email))


def read_contacts(data: bytes, unit_codes: set[str]) -> dict[str, list[str]]:
    """The file's addresses by unit, or :class:`ContactsRefused` with every problem by row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContactsRefused(["Tệp không ở dạng mã hoá UTF-8: hãy lưu lại dạng \"CSV UTF-8\"."]) from None
    reader = csv.DictReader(io.StringIO(text))
    if tuple(name.strip() for name in reader.fieldnames or ()) != COLUMNS:
        raise ContactsRefused([f"Dòng 1: tiêu đề phải là \"{','.join(COLUMNS)}\", không phải "
                               f"\"{','.join(reader.fieldnames or ())}\"."])
    found: dict[str, list[str]] = {}
    problems, seen = [], set()
    for number, row in enumerate(reader, start=2):
        code, email = (row.get("unit_code") or "").strip(), (row.get("email") or "").strip()
        if code not in unit_codes:
            problems.append(f"Dòng {number}: không có đơn vị mã \"{code}\" trong danh mục.")
        if not valid_address(email):
            problems.append(f"Dòng {number}: địa chỉ thư \"{email}\" không hợp lệ.")
        if (code, email.lower()) in seen:
            problems.append(f"Dòng {number}: trùng với một dòng trước ({code}, {email}).")
        seen.add((code, email.lower()))
        found.setdefault(code, []).append(email)
    if not found and not problems:
        problems.append("Tệp không có dòng nào.")
    if problems:
        raise ContactsRefused(problems)
    return found


def import_contacts(conn: db.Connection, data: bytes, actor: str, file_name: str) -> ContactsReport:
    """Check the file, then set the addresses of every unit it names, in one audited transaction."""
    units = {code for (code,) in db.query_rows(conn, "SELECT code FROM units")}
    found = read_contacts(data, units)
    with db.transaction(conn) as cur:
        cur.execute("DELETE FROM unit_contacts WHERE unit_code = ANY(?)", [list(found)])
        db.insert_rows(cur, "unit_contacts", ["unit_code", "email", "added_by"],
                       [[code, email, actor] for code, emails in found.items() for email in emails])
        journal.record(cur, actor, "contacts_import", "unit_contacts", None, {
            "file": file_name, "units": len(found), "addresses": sum(len(e) for e in found.values())})
    return ContactsReport(sorted(found), sum(len(e) for e in found.values()))


def contacts(conn: db.Connection) -> list[tuple[str, str, str]]:
    """Every unit's addresses: (unit code, unit name, address), by unit."""
    return [tuple(row) for row in db.query_rows(
        conn, "SELECT c.unit_code, u.name, c.email FROM unit_contacts c JOIN units u ON u.code = c.unit_code "
              "ORDER BY c.unit_code, lower(c.email)")]
