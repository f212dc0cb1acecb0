"""Who has reported for a period: the units expected to send each kind of report, and those missing (its one
query reads the period's current submissions)."""
from __future__ import annotations

import pandas as pd

from cchc.applicability import Catalog
from cchc.periods import Period
from cchc.store import db


def expected_reports(catalog: Catalog, period: Period) -> pd.DataFrame:
    """One row per unit and kind (targets, tasks) the unit has something to report on."""
    reporters = {kind: catalog.units_reporting(kind, period.year) for kind in ("targets", "tasks")}
    rows = []
    for unit in catalog.reporting_units(period.end).to_dict("records"):
        for kind, codes in reporters.items():
            if unit["code"] in codes:
                rows.append({"unit_code": unit["code"], "name": unit["name"], "kind": unit["kind"],
                             "parent_code": unit["parent_code"], "report": kind})
    return pd.DataFrame(rows, columns=["unit_code", "name", "kind", "parent_code", "report"])


def missing_reports(conn: db.Connection, period: Period, catalog: Catalog | None = None) -> pd.DataFrame:
    """Expected reports of ``period`` with no accepted file (a rejected last attempt counts as missing)."""
    catalog = catalog or Catalog(conn)
    expected = expected_reports(catalog, period)
    received = db.query_df(conn, "SELECT DISTINCT unit_code, kind AS report FROM current_submissions WHERE period = ?",
                           [period.code])
    merged = expected.merge(received.assign(received=True), on=["unit_code", "report"], how="left")
    return merged[merged["received"].isna()].drop(columns="received").reset_index(drop=True)
