"""Which targets and tasks of a plan year concern a unit: what its reports list and what it may report.

A target applies to a unit when every unit of its level reports it (``reported_by = each_unit``:
departments, districts and communes, the level matching or the target set for all levels) or when
the unit leads it for the province (``reported_by = lead_unit``). A task concerns a unit that leads
it or partners in it, by name or through a group that covers it ("UBND cấp huyện").

:class:`Catalog` holds the catalogs in memory so that batch work (a template for every unit,
hundreds of files ingested) reads them once.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from cchc.store import db, queries
from cchc.vocabulary import SELF_REPORTING_KINDS, UNIT_KIND_ORDER, UNIT_KINDS


class Catalog:
    """A read-only snapshot of units, groups, targets, tasks and index components."""

    def __init__(self, conn: db.Connection) -> None:
        rows = queries.catalog_rows(conn)
        self.units = rows.units
        plain = self.units.astype(object).where(self.units.notna(), None)   # missing text as None, not NaN
        self._units = {row["code"]: row for row in plain.to_dict("records")}
        self._groups = [(g["code"], set(g["covers_kinds"]), set(g["members"])) for g in rows.groups]
        self.targets = rows.targets
        self.tasks = rows.tasks
        self.plan_years = rows.plan_years
        self.sample_plan_years = rows.sample_plan_years
        self.components = rows.components
        self._memo: dict[tuple, pd.DataFrame] = {}   # a snapshot never changes: answers can be kept

    def unit(self, code: str) -> dict | None:
        """The unit's catalog row, or None for an unknown code."""
        return self._units.get(code)

    def group_cover(self, code: str) -> tuple[set[str], set[str]]:
        """The kinds and the named units a group covers (both empty for an unknown code)."""
        for group, kinds, members in self._groups:
            if group == code:
                return kinds, members
        return set(), set()

    def groups_of(self, code: str) -> list[str]:
        """Codes of the groups that cover the unit (by its kind or by name)."""
        unit = self._units.get(code)
        if unit is None:
            return []
        return sorted(g for g, kinds, members in self._groups if unit["kind"] in kinds or code in members)

    def targets_for_unit(self, code: str, plan_year: int) -> pd.DataFrame:
        """The targets the unit reports on, one row per target code, in plan order."""
        key = ("targets", code, plan_year)
        if key not in self._memo:
            self._memo[key] = self._targets_for_unit(code, plan_year)
        return self._memo[key]

    def tasks_for_unit(self, code: str, plan_year: int) -> pd.DataFrame:
        """The tasks the unit leads or partners in, with a ``role`` column (lead, partner), in plan order."""
        key = ("tasks", code, plan_year)
        if key not in self._memo:
            self._memo[key] = self._tasks_for_unit(code, plan_year)
        return self._memo[key]

    def _targets_for_unit(self, code: str, plan_year: int) -> pd.DataFrame:
        unit = self._units.get(code)
        if unit is None:
            return self.targets.iloc[0:0]
        t = self.targets
        each_unit = (t["reported_by"] == "each_unit") & (unit["kind"] in SELF_REPORTING_KINDS) & t["level"].isin(
            (unit["level"], "all"))
        leads = (t["reported_by"] == "lead_unit") & (t["lead_unit_code"] == code)
        return t[(t["plan_year"] == plan_year) & (each_unit | leads)].reset_index(drop=True)

    def _tasks_for_unit(self, code: str, plan_year: int) -> pd.DataFrame:
        names = {code, *self.groups_of(code)}
        tasks = self.tasks[self.tasks["plan_year"] == plan_year]
        leads = tasks["lead_unit_codes"].map(lambda codes: bool(names.intersection(codes)))
        partners = tasks["partner_unit_codes"].map(lambda codes: bool(names.intersection(codes)))
        chosen = tasks[leads | partners].copy()
        chosen["role"] = leads[leads | partners].map({True: "lead", False: "partner"})
        return chosen.reset_index(drop=True)

    def units_reporting(self, kind: str, plan_year: int) -> frozenset[str]:
        """Codes of the units with something to report of ``kind`` (targets, tasks) in the plan year: those for
        whom :meth:`targets_for_unit` or :meth:`tasks_for_unit` is not empty, found for all units at once."""
        key = ("reporting", kind, plan_year)
        if key not in self._memo:
            self._memo[key] = self._targets_reporters(plan_year) if kind == "targets" else self._tasks_reporters(plan_year)
        return self._memo[key]

    def _targets_reporters(self, plan_year: int) -> frozenset[str]:
        t = self.targets[self.targets["plan_year"] == plan_year]
        levels = set(t.loc[t["reported_by"] == "each_unit", "level"])
        units = self.units[self.units["kind"].isin(SELF_REPORTING_KINDS)]
        each_unit = units[units["level"].isin(levels) | ("all" in levels)]["code"]
        leads = t.loc[t["reported_by"] == "lead_unit", "lead_unit_code"]
        return frozenset(each_unit) | frozenset(code for code in leads if code in self._units)

    def _tasks_reporters(self, plan_year: int) -> frozenset[str]:
        tasks = self.tasks[self.tasks["plan_year"] == plan_year]
        named = {code for codes in (*tasks["lead_unit_codes"], *tasks["partner_unit_codes"]) for code in codes}
        found = {code for code in named if code in self._units}
        for group, kinds, members in self._groups:
            if group in named:
                found |= set(self.units.loc[self.units["kind"].isin(kinds), "code"]) | (members & self._units.keys())
        return frozenset(found)

    def reporting_units(self, on: date | str | None = None) -> pd.DataFrame:
        """Units that send reports and exist on the date ``on`` (default: any time). Shared: do not change it."""
        key = ("units", str(on))
        if key not in self._memo:
            self._memo[key] = self._reporting_units(on)
        return self._memo[key]

    def _reporting_units(self, on: date | str | None) -> pd.DataFrame:
        units = self.units[self.units["kind"].isin(UNIT_KINDS)]
        if on is not None:
            day = pd.Timestamp(on)
            units = units[(units["valid_from"].isna() | (units["valid_from"] <= day))
                          & (units["valid_to"].isna() | (units["valid_to"] > day))]
        order = units["kind"].map(UNIT_KIND_ORDER)
        return units.assign(_order=order).sort_values(["_order", "code"]).drop(columns="_order").reset_index(drop=True)
