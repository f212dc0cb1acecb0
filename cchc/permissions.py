"""Who may do what, declared once: the actions each role may take, and the action every page and every
data function needs.

:func:`cchc.auth.require` decides from :data:`ACTIONS`; dashboard.py offers each role the pages
:func:`may_open` lets it open; tests/pages/test_roles.py (every page) and tests/cchc/test_permissions.py
(every data function) are generated from :func:`matrix`, and fail when a page or a data function taking a
user has no row here.
"""
from __future__ import annotations

from typing import NamedTuple

ADMIN, VIEWER, REPORTER = "admin", "viewer", "reporter"

# Who may take each action. A reporter's read and submit hold for their own unit only (OWN_UNIT_ONLY).
ACTIONS: dict[str, frozenset[str]] = {
    "read_all": frozenset({ADMIN, VIEWER}),             # the dashboards over every unit, the projector
    "read": frozenset({ADMIN, VIEWER, REPORTER}),       # one unit's submissions: history, problems, original files
    "submit": frozenset({ADMIN, REPORTER}),             # a unit's template and report
    "manage": frozenset({ADMIN}),                       # accounts, the audit log, backups
}
OWN_UNIT_ONLY = frozenset({REPORTER})

SIGN_IN = "sign_in"     # dashboard.py's sign-in page: shown at every address to whoever is signed out
# The action each page needs (None: the sign-in page, for those signed out only).
PAGES: dict[str, str | None] = {
    SIGN_IN: None,
    "pages/overview.py": "read_all",
    "pages/targets.py": "read_all",
    "pages/tasks.py": "read_all",
    "pages/indices.py": "read_all",
    "pages/comparison.py": "read_all",
    "pages/units.py": "read_all",
    "pages/board.py": "read_all",
    "pages/present.py": "read_all",
    "pages/upload.py": "submit",          # always the reporter's own unit: the page offers no other
    "pages/accounts.py": "manage",
    "pages/audit.py": "manage",
    "pages/backup.py": "manage",
    "pages/plan.py": "manage",
    "pages/results.py": "manage",
    "pages/contacts.py": "manage",
}
# The action each public function that reads or writes data for a signed-in user checks itself.
FUNCTIONS: dict[str, str] = {
    "cchc.views.submissions.history": "read",
    "cchc.views.submissions.problems": "read",
    "cchc.views.submissions.original": "read",
    "cchc.views.audit_log.actors": "manage",
    "cchc.views.audit_log.entries": "manage",
    "cchc.auth.add_user": "manage",
    "cchc.auth.set_password": "manage",
    "cchc.auth.set_active": "manage",
    "cchc.auth.set_email": "manage",
    "cchc.auth.list_users": "manage",
    "etl.reports.ingest.ingest_bytes": "submit",
    "etl.reports.templates.template_name": "submit",
    "etl.reports.templates.template_for": "submit",
    "etl.operations.backup.backup_now": "manage",
    "etl.plans.upload.template": "manage",
    "etl.plans.upload.check_upload": "manage",
    "etl.plans.upload.load": "manage",
    "etl.results.upload.check_upload": "manage",
    "etl.results.upload.load": "manage",
    "etl.results.upload.enter": "manage",
    "etl.operations.reminders.preview_for": "read_all",
    "etl.operations.reminders.send_now": "manage",
    "cchc.documents.report_template.replace": "manage",
    "cchc.documents.report_template.restore_shipped": "manage",
    "etl.operations.contacts.address_book": "manage",
    "etl.operations.contacts.add_address": "manage",
    "etl.operations.contacts.remove_address": "manage",
    "etl.operations.contacts.export_csv": "manage",
    "etl.operations.contacts.check_upload": "manage",
    "etl.operations.contacts.load_upload": "manage",
}


class Caller(NamedTuple):
    """Someone the boundaries are stated for: a role (None: signed out), and whether the unit asked about
    is the account's own."""

    role: str | None
    own_unit: bool = True


# Every role, a reporter asking about another unit, and nobody signed in.
CALLERS: dict[str, Caller] = {
    "admin": Caller(ADMIN),
    "viewer": Caller(VIEWER),
    "reporter": Caller(REPORTER),
    "reporter_other_unit": Caller(REPORTER, own_unit=False),
    "signed_out": Caller(None),
}


def allows(role: str | None, action: str, own_unit: bool = True) -> bool:
    """Whether ``role`` (None: signed out) may take ``action``; ``own_unit``: whether the unit the action
    concerns is the account's own (it matters to reporters only). An unknown action is refused."""
    if role is None:
        return False
    return role in ACTIONS.get(action, ()) and (own_unit or role not in OWN_UNIT_ONLY)


def may_open(role: str | None, page: str) -> bool:
    """Whether ``role`` (None: signed out) is given ``page`` (a key of :data:`PAGES`)."""
    action = PAGES[page]
    return role is None if action is None else allows(role, action)


class Case(NamedTuple):
    """One cell of the matrix: a page or a data function, a caller, and whether it is allowed."""

    kind: str           # "page" or "function"
    name: str
    action: str | None
    caller: str
    allowed: bool


def matrix() -> list[Case]:
    """Every page for each role (signed out included), every data function for each caller."""
    cases = [Case("page", page, action, name, may_open(caller.role, page))
             for page, action in PAGES.items() for name, caller in CALLERS.items() if caller.own_unit]
    cases += [Case("function", function, action, name, allows(caller.role, action, caller.own_unit))
              for function, action in FUNCTIONS.items() for name, caller in CALLERS.items()]
    return cases
