"""The map of the 69 units of 1 July 2025: each unit's value of one commune-level target in a period, its status,
and the texts that go with the map (title, the note on values before July 2025, the boundaries' credit).

The shapes are the shipped GeoJSON (``data/units/ha_tinh_units_2025.geojson``), the units of
:data:`BOUNDARIES_DAY`; no boundaries of the former districts and communes exist, so a period that ends before
a unit existed shows its former units' combined value (:func:`cchc.views.lineage.values_through_lineage`),
and the map says so. The figure is drawn by :mod:`cchc.charts.map` (the app, the projector) and
:mod:`cchc.meeting.map_picture` (the deck). Built once per data version and shared (:mod:`web.cached`).
"""
from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

import pandas as pd

from cchc.applicability import Catalog
from cchc.config import DATA_DIR
from cchc.formatting import format_measure, format_number, format_period
from cchc.i18n import translate
from cchc.metrics import target_status
from cchc.metrics.projection import project
from cchc.metrics.target_status import status_text
from cchc.periods import Period, quarter_of
from cchc.store import db
from cchc.views.lineage import values_through_lineage

BOUNDARIES_FILE = DATA_DIR / "units" / "ha_tinh_units_2025.geojson"
BOUNDARIES_DAY = date(2025, 7, 1)       # the units the shapes are of
CODE_PREFIX = "X2025-"                  # the file's ids are bare statistics codes; the units of 1/7/2025 carry this
CREDIT = ("Ranh giới: vietnamese-provinces-database GIS add-on (MIT), theo Bản đồ hành chính "
          "sapnhap.bando.com.vn, NXB Tài nguyên - Môi trường và Bản đồ Việt Nam")
STATUS, VALUE = "status", "value"
MODES = (STATUS, VALUE)
COLUMNS = ["code", "name", "value", "text", "status", "status_text", "latest_period", "combined", "detail"]


@cache
def boundaries() -> dict:
    """The GeoJSON of the 69 units, each feature's ``id`` the unit's code (``X2025-18073``). Shared: read only."""
    shapes = json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))
    for feature in shapes["features"]:
        feature["id"] = CODE_PREFIX + str(feature["id"])
    return shapes


def _ring_centre(ring: list) -> tuple[float, float, float]:
    """Area and centroid (lon, lat) of a closed ring (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


@cache
def centres() -> dict[str, tuple[float, float]]:
    """Where each unit's status mark goes: the centroid of its largest part, (lon, lat) by unit code."""
    found = {}
    for feature in boundaries()["features"]:
        geometry = feature["geometry"]
        parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        _, lon, lat = max(_ring_centre(part[0]) for part in parts)
        found[feature["id"]] = (lon, lat)
    return found


@dataclass(frozen=True)
class UnitMap:
    """One target's map in one period: a row per unit (columns :data:`COLUMNS`) and its texts."""

    target_code: str
    title: str
    period_code: str
    units: pd.DataFrame
    note: str | None          # values before July 2025 are the former units' combined values
    credit: str
    value_suffix: str         # "%" for a percentage (the colour bar's ticks)
    is_sample: bool
    is_sample_plan: bool = False    # the plan year itself is a sample (plans.is_sample): "Kế hoạch mẫu"

    def counts(self) -> dict[str, int]:
        """Units per status, in the order of :data:`cchc.metrics.target_status.STATUSES`."""
        found = self.units["status"].value_counts()
        return {status: int(found.get(status, 0)) for status in target_status.STATUSES}


def _detail(row: Mapping, names: Mapping[str, str]) -> str:
    """Where a combined value comes from, for the hover ("" for a unit's own value)."""
    if not row["combined"]:
        return ""
    def name(code: str) -> str:
        return html.escape(names.get(code, code), quote=False)     # Plotly reads tags in hover text

    sources = [name(code) for code in row["sources"]]
    text = f"Cộng gộp {format_number(len(sources))} đơn vị cũ ({format_number(row['reported'])} đã báo cáo): " + \
        ", ".join(sources)
    if len(row["excluded"]):
        text += "<br>Không tính (bị chia tách): " + ", ".join(name(code) for code in row["excluded"])
    return text


def _wrapped(text: str, width: int = 70) -> str:
    """Long hover lines cut into lines of about ``width`` characters at commas."""
    lines = []
    for given in text.split("<br>"):
        line = ""
        for part in given.split(", "):
            if line and len(line) + len(part) > width:
                lines.append(line + ",")
                line = part
            else:
                line = f"{line}, {part}" if line else part
        lines.append(line)
    return "<br>".join(lines)


def map_from_values(target: Mapping, names: Mapping[str, str], by_quarter: Mapping[int, pd.DataFrame],
                    period: Period, lang: str = "vi", sample_plan: bool = False) -> UnitMap:
    """The map from the frames of :func:`values_through_lineage` for each quarter up to ``period``'s
    (``sample_plan``: the plan year is a sample plan).

    ``target`` is the target's catalog row, ``names`` unit names by code (old units included). A unit's status
    follows the app's rules on its latest value up to the period and the year-end projection of its quarters.
    """
    quarter = quarter_of(period)
    last = by_quarter[quarter]
    rows = []
    # each quarter's first row of each unit, by code, read once (not one selection per unit and quarter)
    first_rows = {q: {row["code"]: row for row in reversed(frame.to_dict("records"))} for q, frame in by_quarter.items()}
    for code in last["code"]:
        quarters = {q: found[code] for q, found in first_rows.items() if code in found}
        reported = {q: float(r["value"]) for q, r in quarters.items() if pd.notna(r["value"])}
        latest_quarter = max(reported) if reported else None
        latest = reported[latest_quarter] if latest_quarter is not None else None
        projection = project(reported, target["target_value"], target["measure"])
        status = target_status.status_of(latest, projection.year_end, target["target_value"], target["direction"])
        shown = quarters[latest_quarter] if latest_quarter else quarters[quarter]
        rows.append({
            "code": code, "name": names.get(code, code), "value": latest,
            "text": format_measure(latest, target["measure"], target["unit_of_measure"]),
            "status": status, "status_text": status_text(status),
            "latest_period": format_period(Period(period.year, latest_quarter).code) if latest_quarter else "",
            "combined": bool(shown["combined"]), "detail": _wrapped(_detail(shown, names)),
        })
    units = pd.DataFrame(rows, columns=COLUMNS)
    sample = any(bool(frame["is_sample"].any()) for frame in by_quarter.values())
    note = translate("map.lineage_note", lang) if units["combined"].any() else None
    title = translate("map.title", lang, code=target["code"], indicator=target["indicator"],
                      period=format_period(period.code))
    suffix = "%" if target["measure"] == "percent" or target["unit_of_measure"] == "%" else ""
    return UnitMap(target["code"], title, period.code, units, note, CREDIT, suffix, sample, sample_plan)


def unit_map(conn: db.Connection, plan_year: int, period: Period, target_code: str, catalog: Catalog | None = None,
             lang: str = "vi") -> UnitMap:
    """The map of ``target_code`` in ``period`` of ``plan_year``: a target every commune reports
    (:func:`cchc.views.units.commune_target_choices`)."""
    catalog = catalog or Catalog(conn)
    targets = catalog.targets
    target = targets[(targets["plan_year"] == plan_year) & (targets["code"] == target_code)
                     & targets["level"].isin(("commune", "all"))].iloc[0]
    by_quarter = {q: values_through_lineage(conn, plan_year, Period(plan_year, q).code, target_code, BOUNDARIES_DAY)
                  for q in range(1, quarter_of(period) + 1)}
    names = dict(zip(catalog.units["code"], catalog.units["name"]))
    return map_from_values(target, names, by_quarter, period, lang, plan_year in catalog.sample_plan_years)
