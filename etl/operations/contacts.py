"""The e-mail addresses of the units: `contacts import` (in bulk from a CSV file, ``unit_code,email``), `contacts
list`, and what the Địa chỉ thư điện tử page (administrators) does with them.

Each row of a file is checked before anything is written: the unit must be in the catalog, the address well formed
(:func:`cchc.text.address_problem`), and a row not repeated. A file with any problem is refused whole, each problem
naming its row; otherwise, for every unit the file names, its addresses become the file's (one transaction,
audited). Units the file does not name keep theirs. The page adds and removes one address at a time, each change
audited, and offers the same import for an uploaded file and every address in the import format.

Where a unit is written to (:func:`addresses`): its own addresses (``unit_contacts``), then the addresses of its
active reporter accounts (``users.email``, set on the Tài khoản page), an address that differs only in case
counted once. The functions that take a signed-in user need ``manage`` (:mod:`cchc.permissions`).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pandas as pd

from cchc import auth
from cchc.store import accounts, db, exports, journal
from cchc.store.units import unit_row
from cchc.text import address_problem

COLUMNS = ("unit_code", "email")


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


class ContactError(ValueError):
    """An address not added or removed; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Address:
    """One address a unit is written to: its own (``account`` None) or a reporter account's."""

    email: str
    account: str | None = None


def _unit_codes(conn: db.Connection) -> set[str]:
    return {code for (code,) in db.query_rows(conn, "SELECT code FROM units")}


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
        problem = address_problem(email)
        if problem:
            problems.append(f"Dòng {number}: địa chỉ thư \"{email}\" không hợp lệ: {problem}.")
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
    found = read_contacts(data, _unit_codes(conn))
    with db.transaction(conn) as cur:
        cur.execute("DELETE FROM unit_contacts WHERE unit_code = ANY(?)", [list(found)])
        db.insert_rows(cur, "unit_contacts", ["unit_code", "email", "added_by"],
                       [[code, email, actor] for code, emails in found.items() for email in emails])
        journal.record(cur, actor, "contacts_import", "unit_contacts", None, {
            "file": file_name, "units": len(found), "addresses": sum(len(e) for e in found.values())})
    return ContactsReport(sorted(found), sum(len(e) for e in found.values()))


def addresses(conn: db.Connection) -> dict[str, list[Address]]:
    """Where each unit is written to: its own addresses (by address), then its active reporter accounts' (by user
    name); an address already listed for the unit, in any case, is not listed again."""
    found: dict[str, list[Address]] = {}
    seen: set[tuple[str, str]] = set()
    rows = [(code, email, None) for code, email in db.query_rows(
        conn, "SELECT unit_code, email FROM unit_contacts ORDER BY unit_code, lower(email)")]
    for code, email, account in [*rows, *accounts.reporter_emails(conn)]:
        if (code, email.lower()) not in seen:
            seen.add((code, email.lower()))
            found.setdefault(code, []).append(Address(email, account))
    return found


def contacts(conn: db.Connection) -> list[tuple[str, str, str, str]]:
    """Every unit's addresses: (unit code, unit name, address, the reporter account it comes from or ""), by unit,
    the unit's own addresses first."""
    names = dict(db.query_rows(conn, "SELECT code, name FROM units"))
    return [(code, names.get(code, ""), address.email, address.account or "")
            for code, listed in sorted(addresses(conn).items()) for address in listed]


# --- the Địa chỉ thư điện tử page -------------------------------------------------------------------------------

def address_book(conn: db.Connection, user: auth.User) -> pd.DataFrame:
    """Every address, for an administrator: unit_code, email, account (the reporter account it comes from, None:
    the unit's own), added_by, added_at (None for an account's), by unit, the unit's own first."""
    auth.require(user, "manage")
    own = db.query_df(conn, "SELECT unit_code, email, added_by, added_at FROM unit_contacts "
                            "ORDER BY unit_code, lower(email)")
    listed = {(code, email.lower()) for code, email in zip(own["unit_code"], own["email"])}
    of_accounts = pd.DataFrame([(code, email, name) for code, email, name in accounts.reporter_emails(conn)
                                if (code, email.lower()) not in listed], columns=["unit_code", "email", "account"])
    frames = [own.assign(account=None)[["unit_code", "email", "account", "added_by", "added_at"]]]
    if len(of_accounts):
        frames.append(of_accounts.assign(added_by=None, added_at=None))
    book = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return book.sort_values(["unit_code", "account"], na_position="first", kind="stable").reset_index(drop=True)


def add_address(conn: db.Connection, user: auth.User, unit_code: str, email: str) -> str:
    """Give a unit one more address (as typed, trimmed), audited; :class:`ContactError` says what is wrong with a
    bad one, and nothing is written."""
    auth.require(user, "manage")
    email = (email or "").strip()
    unit = unit_row(conn, unit_code) if unit_code else None
    if unit is None:
        raise ContactError(f"Không có đơn vị mã \"{unit_code}\" trong danh mục." if unit_code else "Hãy chọn một đơn vị.")
    if not email:
        raise ContactError("Hãy nhập địa chỉ thư điện tử.")
    problem = address_problem(email)
    if problem:
        raise ContactError(f"Địa chỉ thư \"{email}\" không hợp lệ: {problem}.")
    if db.query_rows(conn, "SELECT 1 FROM unit_contacts WHERE unit_code = ? AND lower(email) = ?",
                     [unit_code, email.lower()]):
        raise ContactError(f"{unit['name']} ({unit_code}) đã có địa chỉ \"{email}\".")
    with db.transaction(conn) as cur:
        db.insert_rows(cur, "unit_contacts", ["unit_code", "email", "added_by"], [[unit_code, email, user.username]])
        journal.record(cur, user.username, "contact_add", "unit_contacts", unit_code, {"email": email})
    return email


def remove_address(conn: db.Connection, user: auth.User, unit_code: str, email: str) -> None:
    """Take one of a unit's own addresses away, audited (an account's address is changed on the Tài khoản page)."""
    auth.require(user, "manage")
    with db.transaction(conn) as cur:
        removed = cur.execute("DELETE FROM unit_contacts WHERE unit_code = ? AND email = ? RETURNING email",
                              [unit_code, email]).fetchall()
        if not removed:
            raise ContactError(f"Đơn vị {unit_code} không có địa chỉ \"{email}\" (có thể vừa được người khác xoá).")
        journal.record(cur, user.username, "contact_remove", "unit_contacts", unit_code, {"email": email})


def export_csv(conn: db.Connection, user: auth.User) -> bytes:
    """Every unit's own address in the import format (``unit_code,email``, UTF-8): edited and uploaded again, or
    given to `contacts import`, it gives the same addresses."""
    auth.require(user, "manage")
    out = io.StringIO()
    exports.write_csv(db.query_df(conn, "SELECT unit_code, email FROM unit_contacts ORDER BY unit_code, lower(email)"),
                      out)
    return out.getvalue().encode("utf-8")


def check_upload(conn: db.Connection, user: auth.User, data: bytes) -> dict[str, list[str]]:
    """The addresses an uploaded file would set, by unit, or :class:`ContactsRefused` naming each bad row; writes
    nothing."""
    auth.require(user, "manage")
    return read_contacts(data, _unit_codes(conn))


def load_upload(conn: db.Connection, user: auth.User, data: bytes, file_name: str) -> ContactsReport:
    """:func:`import_contacts` of an uploaded file, as the administrator (all or nothing, audited)."""
    auth.require(user, "manage")
    return import_contacts(conn, data, user.username, file_name)
