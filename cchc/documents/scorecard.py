"""Phiếu kết quả CCHC: one A4 page of PDF per unit and period, which Sở Nội vụ hands each unit: its targets and
their status, its tasks, its quarterly reports (received when, on time or late, or missing) and its internal PAR
INDEX score and rank, under the unit's name, the period, the data's as-of date and, for sample data or a sample
plan, the sample label (:func:`cchc.look.sample_label`, as on the page and the deck).

The figures are the Units page's: the card is made from the same views (:func:`cchc.views.units.unit_report`, its
display tables and headline counts, with the page's own words from the catalog), and the reports of each quarter
from the submissions board (:func:`cchc.views.board.board`, judged on the as-of date as the board page judges
it). No query of its own.

One page, always: every cell holds one line (a longer text is cut with "…"), and when the lists are longer than
the page holds, the rows that need attention come first (targets behind or at risk, tasks overdue) and a line
says how many more there are and how they stand ("và 30 nhiệm vụ khác: 28 Hoàn thành, 2 Hoàn thành quá hạn").

Set in DejaVu Sans, regular and bold, from matplotlib's own files (nothing to install or download): it has every
Vietnamese letter and the status shapes ● ◆ ▲ ■ ○, and fpdf2 embeds the glyphs used, so the PDF prints and copies
as text anywhere. Text is written as typed (no markup is read) in its composed Unicode form.
"""
from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import matplotlib
import pandas as pd
from fpdf import FPDF

from cchc import look
from cchc.applicability import Catalog
from cchc.formatting import format_date, format_moment, format_number, format_period
from cchc.i18n import translate
from cchc.metrics import target_status, task_state
from cchc.missing import is_missing
from cchc.periods import Period
from cchc.store import db
from cchc.store.queries import is_sample_plan
from cchc.views import board as boards
from cchc.views import units as views
from cchc.vocabulary import REPORT_LABELS

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# What a card is written in: Vietnamese letters, punctuation, ≥ ≤, the status shapes ● ◆ ▲ ■ ○, ⚠ and ✓. DejaVu Sans
# cut down to these blocks loads in a third of the time; a card with a letter outside them is set in the whole font.
BLOCKS = ((0x20, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x215F),
          (0x2190, 0x22FF), (0x2500, 0x27BF))
FONT = "DejaVu"
LANG = "vi"                     # a card is in Vietnamese, whatever the interface language of who prints it
PAGE_HEIGHT, MARGIN = 297.0, 12.0
WIDTH = 210.0 - 2 * MARGIN      # mm between the margins
BOTTOM = PAGE_HEIGHT - 10.0     # the footer's baseline: nothing is drawn below
INK, ACCENT, HEAD_FILL, RULE = "#1F2933", "#0B4F8A", "#E8EEF5", "#C9CED4"
ROW, SIZE, PAD = 4.6, 7.6, 1.0  # a table row's height (mm), its type size (pt), a cell's inner margin (mm)
TITLE, LEAD, MORE, GAP = 6.0, 4.2, 4.4, 2.6     # heights (mm) of a table's title, lead line, "và N … khác", space after
INDEX_ROWS = 4                  # years of the PAR INDEX shown, newest first
INDEX = "PAR_INDEX_INTERNAL"


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    hue: str | None = None      # the status's hue (cchc.look) for the table's status cell


@dataclass(frozen=True)
class Table:
    """One part of the card: a title, a line under it, and the rows, those that need attention first."""

    title: str
    columns: tuple[str, ...]
    widths: tuple[float, ...]   # mm, adding up to WIDTH
    rows: tuple[Row, ...]
    noun: str                   # what a row is: "và 3 chỉ tiêu khác"
    empty: str                  # said instead of the table when there is no row
    lead: str = ""
    status: int | None = None   # the column of the status, coloured by the row's hue


@dataclass(frozen=True)
class ScoreCard:
    """What one unit's card says, finished: texts and rows, in Vietnamese."""

    code: str
    name: str
    facts: str                  # kind, district, code
    period: Period
    as_of: date
    plan: str                   # "Kế hoạch năm 2024", or "Kế hoạch mẫu năm 2026"
    sample: str | None          # the sample label (cchc.look), None for real data of a real plan
    metrics: tuple[tuple[str, str, str], ...]     # the page's four headline metrics: label, value, the line under it
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = ()

    @property
    def file_name(self) -> str:
        return card_file_name(self.code, self.period, self.sample is not None)


def card_file_name(code: str, period: Period, sample: bool) -> str:
    """"phieu-cchc-2024-Q4-H436.pdf", with "MAU_" first for a sample (:func:`cchc.look.sample_file_name`)."""
    safe = re.sub(r"[^0-9A-Za-z_-]+", "_", code)
    return look.sample_file_name(f"phieu-cchc-{period.code}-{safe}.pdf", sample=sample)


# --- what the card says -----------------------------------------------------------------------------------------

def _text(value: object) -> str:
    return "" if is_missing(value) else str(value)


def _counts(labels: Iterable[str]) -> str:
    """"2 ● Đạt, 1 ◆ Đúng tiến độ": how many of each, in their first order."""
    return ", ".join(f"{format_number(n)} {label}" for label, n in Counter(labels).items())


def _targets(report: views.UnitReport, period: Period) -> Table:
    progress = report.targets
    table = views.targets_table(progress)
    rank = {status: n for n, status in enumerate(target_status.WORST_FIRST)}
    cells = zip(table["Mã"], table["Chỉ tiêu"], table["Kế hoạch"], table["Mới nhất"], table["Tử số/Mẫu số"],
                table["Trạng thái"])
    rows = [Row(tuple(_text(c) for c in row), target_status.COLOURS[status])
            for row, status in zip(cells, progress["status"])]
    # not achieved first: behind, at risk, no data, on track, achieved (in the page's order within each)
    statuses = list(progress["status"])
    rows = [rows[i] for i in sorted(range(len(rows)), key=lambda i: (rank[statuses[i]], i))]
    lead = f"Số liệu của chính đơn vị, lũy kế đến {format_period(period.code)}"
    if rows:
        lead += f": {format_number(len(rows))} chỉ tiêu, " + _counts(r.cells[-1] for r in rows) + "."
    return Table("1. Chỉ tiêu", ("Mã", "Chỉ tiêu", "Kế hoạch", "Mới nhất", "Tử số/Mẫu số", "Trạng thái"),
                 (20, 63, 24, 22, 22, 35), tuple(rows), "chỉ tiêu", "Đơn vị không báo cáo chỉ tiêu nào trong kỳ này.",
                 lead, status=5)


def _tasks(report: views.UnitReport, summary: dict, as_of: date) -> Table:
    tasks = report.tasks           # overdue first (cchc.views.units.unit_tasks)
    table = views.tasks_table(tasks)
    cells = zip(table["Mã"], table["Hoạt động"], table["Vai trò"], table["Hạn chót"], table["% hoàn thành"],
                table["Tình trạng"])
    rows = tuple(Row(tuple(_text(c) for c in row), task_state.COLOURS[state]) for row, state in zip(cells, tasks["state"]))
    lead = translate("units.tasks_caption", LANG, n=summary["tasks"], lead=summary["tasks_lead"],
                     partner=summary["tasks"] - summary["tasks_lead"], overdue=summary["tasks_overdue"],
                     date=format_date(as_of))
    return Table("2. Nhiệm vụ", ("Mã", "Hoạt động", "Vai trò", "Hạn chót", "% hoàn thành", "Tình trạng"),
                 (18, 79, 16, 18, 23, 32), rows, "nhiệm vụ", "Đơn vị không chủ trì hay phối hợp nhiệm vụ nào.",
                 lead, status=5)


def _reports(rows: pd.DataFrame, period: Period) -> Table:
    """The unit's quarterly reports of the plan year up to the period, as the board judges them."""
    shown = []
    for row in rows.sort_values(["period", "report"], key=lambda c: c.map({"targets": 0, "tasks": 1})
                                if c.name == "report" else c).to_dict("records"):
        state, uploaded = row["state"], row["uploaded_at"]
        note = []
        if state == boards.LATE:
            note.append(f"Trễ {(pd.Timestamp(uploaded).date() - row['due_date']).days} ngày")
        if state == boards.REJECTED:
            note.append(f"{format_number(row['errors'])} lỗi")
        if row["attempts"] > 1:
            note.append(f"{format_number(row['attempts'])} lần gửi")
        shown.append(Row((format_period(row["period"]), REPORT_LABELS[row["report"]], format_date(row["due_date"]),
                          "" if is_missing(uploaded) else format_moment(pd.Timestamp(uploaded).to_pydatetime()),
                          boards.LABELS[state], ", ".join(note)),
                         look.REPORT_COLOURS[state]))
    lead = (f"Báo cáo quý đến {format_period(period.code)}, như trang Tình hình nộp báo cáo: ngày nhận là lần gửi "
            "được nhận đầu tiên (hoặc lần gửi bị từ chối sau cùng).")
    return Table("3. Báo cáo của đơn vị", ("Kỳ", "Báo cáo", "Hạn nộp", "Ngày nhận", "Tình trạng", "Ghi chú"),
                 (24, 36, 22, 30, 30, 44), tuple(shown), "báo cáo", "Đơn vị không phải gửi báo cáo quý nào.", lead,
                 status=4)


def _indices(report: views.UnitReport) -> Table:
    scores = report.index_scores[report.index_scores["index_code"] == INDEX]
    table = views.index_table(scores)
    rows = tuple(Row((_text(r["Năm"]), str(r["Điểm"]), str(r["Xếp hạng"]), _text(r["Nguồn"]), _text(r["Ghi chú"])))
                 for r in table.to_dict("records"))
    name = views.INDEX_NAMES[INDEX]
    return Table(f"4. {name}", ("Năm", "Điểm", "Xếp hạng", "Nguồn", "Ghi chú"), (18, 26, 26, 50, 66), rows,
                 "kết quả", f"Đơn vị chưa có kết quả {name}.")


def _metrics(report: views.UnitReport, summary: dict) -> tuple[tuple[str, str, str], ...]:
    """The Units page's four headline metrics, in its words."""
    def t(key: str, **values: object) -> str:
        return translate(key, LANG, **values)

    rank = views.latest_rank(report.index_scores)
    label = t("units.m_rank", year=rank["year"]) if rank else t("units.m_rank_none")
    # the page's "(dữ liệu mẫu)" after the label goes under the value, where a box of a quarter page has room
    return (
        (t("units.m_targets"), f"{summary['targets_met']}/{summary['targets']}", ""),
        (t("units.m_overdue"), f"{summary['tasks_overdue']}/{summary['tasks']}", ""),
        (t("units.m_submissions"), format_number(summary["submissions"]),
         f"{format_number(summary['late'])} trễ hạn, {format_number(summary['rejected'])} tệp bị từ chối"),
        (label, rank["text"] if rank else "–", "dữ liệu mẫu" if rank and rank["is_sample"] else ""),
    )


def _notes(report: views.UnitReport, plan_year: int) -> tuple[str, ...]:
    """Quarters shown with the former units' combined values (a unit formed during the plan year)."""
    notes = []
    for shown in report.combined:
        quarters = ", ".join(format_period(f"{plan_year}-Q{q}") for q in shown.quarters)
        notes.append(f"{quarters}: giá trị cộng gộp của {len(shown.sources)} đơn vị cũ ("
                     + ", ".join(name for _, name in shown.sources) + ").")
    return tuple(notes)


def build_card(report: views.UnitReport, board_rows: pd.DataFrame, period: Period, as_of: date,
               sample_plan: bool) -> ScoreCard:
    """The card of :func:`cchc.views.units.unit_report` and the unit's rows of the board (judged on ``as_of``)."""
    profile, summary = report.profile, report.summary()
    facts = [profile["kind_name"], *([profile["parent_name"]] if profile["parent_name"] else []),
             f"Mã đơn vị: {profile['code']}"]
    quarters = {Period(period.year, q).code for q in range(1, (period.quarter or 4) + 1)}
    mine = board_rows[board_rows["period"].isin(quarters)]
    sample = look.sample_label(plan=sample_plan, data=report.is_sample or bool(mine["is_sample"].any()))
    plan = f"Kế hoạch mẫu năm {period.year}" if sample_plan else f"Kế hoạch năm {period.year}"
    return ScoreCard(profile["code"], profile["name"], " · ".join(facts), period, as_of, plan, sample,
                     _metrics(report, summary),
                     (_targets(report, period), _tasks(report, summary, as_of), _reports(mine, period),
                      _indices(report)),
                     _notes(report, period.year))


def _judged_board(conn: db.Connection, period: Period, as_of: date, catalog: Catalog,
                  unit_code: str | None = None) -> pd.DataFrame:
    frame = boards.board(conn, period.year, catalog, unit_code)
    return boards.judged_on(frame, as_of, boards.received_until(conn))


def unit_codes(conn: db.Connection, period: Period, catalog: Catalog | None = None) -> tuple[str, ...]:
    """The units of the period, as the Units page lists them: those existing on its last day."""
    options = views.unit_options(conn, period.end, catalog or Catalog(conn))
    return tuple(options.loc[options["listed"], "code"])


def score_card(conn: db.Connection, code: str, period: Period, as_of: date,
               catalog: Catalog | None = None) -> ScoreCard | None:
    """The card of one unit for a quarter and an as-of date; None for an unknown unit or one that does not exist
    on the period's last day (its page shows its history instead of figures)."""
    catalog = catalog or Catalog(conn)
    assert period.quarter is not None, "a score card is for a quarter"
    report = views.unit_report(conn, code, period.year, period.quarter, as_of, catalog)
    if report is None or report.presence != views.EXISTS:
        return None
    rows = _judged_board(conn, period, as_of, catalog, code)
    return build_card(report, rows, period, as_of, is_sample_plan(conn, period.year))


def score_cards(conn: db.Connection, period: Period, as_of: date, catalog: Catalog | None = None
                ) -> Iterator[ScoreCard]:
    """The card of every unit of the period, in the Units page's order (the board is read once for all)."""
    catalog = catalog or Catalog(conn)
    assert period.quarter is not None, "a score card is for a quarter"
    board = _judged_board(conn, period, as_of, catalog)
    by_unit = dict(tuple(board.groupby("unit_code", sort=False)))
    sample_plan = is_sample_plan(conn, period.year)
    empty = board.iloc[:0]
    for code in unit_codes(conn, period, catalog):
        report = views.unit_report(conn, code, period.year, period.quarter, as_of, catalog)
        if report is not None:
            yield build_card(report, by_unit.get(code, empty), period, as_of, sample_plan)


def cards_zip(cards: Iterable[ScoreCard]) -> bytes:
    """Every card's PDF in one zip file, each under :attr:`ScoreCard.file_name`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for card in cards:
            archive.writestr(card.file_name, card_pdf(card))
    return buffer.getvalue()


# --- the page -----------------------------------------------------------------------------------------------------

def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _clean(text: str) -> str:
    """One line of composed Unicode: fpdf2 draws a letter and a combining accent as two glyphs."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """``text`` on one line of ``width`` mm in the current font, cut with "…" when longer."""
    text = _clean(text)
    if pdf.get_string_width(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:           # the longest start that fits with the ellipsis
        middle = (low + high + 1) // 2
        if pdf.get_string_width(text[:middle].rstrip() + "…") <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _line(pdf: FPDF, text: str, size: float, height: float, bold: bool = False, colour: str = INK,
          align: str = "L", width: float = WIDTH) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*_rgb(colour))
    pdf.cell(width, height, _fit(pdf, text, width), align=align, new_x="LMARGIN", new_y="NEXT")


def _table_height(table: Table, shown: int) -> float:
    body = ROW * (1 + shown) if table.rows else LEAD
    return TITLE + (LEAD if table.lead else 0) + body + (MORE if shown < len(table.rows) else 0) + GAP


def _more(table: Table, shown: int) -> str:
    rest = table.rows[shown:]
    text = f"và {format_number(len(rest))} {table.noun} khác"
    if table.status is not None:
        text += ": " + _counts(row.cells[table.status] for row in rest)
    return text + "."


def _draw_table(pdf: FPDF, table: Table, shown: int) -> None:
    _line(pdf, table.title, 10, TITLE, bold=True, colour=ACCENT)
    if table.lead:
        _line(pdf, table.lead, 7.2, LEAD, colour=look.QUIET_TEXT)
    if not table.rows:
        _line(pdf, table.empty, SIZE, LEAD, colour=look.QUIET_TEXT)
        pdf.ln(GAP)
        return
    pdf.set_draw_color(*_rgb(RULE))
    pdf.set_line_width(0.2)
    pdf.set_font(FONT, "B", SIZE)
    pdf.set_text_color(*_rgb(INK))
    pdf.set_fill_color(*_rgb(HEAD_FILL))
    for name, width in zip(table.columns, table.widths):
        pdf.cell(width, ROW, _fit(pdf, name, width - 2 * PAD), border=1, fill=True)
    pdf.ln(ROW)
    pdf.set_font(FONT, "", SIZE)
    for row in table.rows[:shown]:
        for n, (cell, width) in enumerate(zip(row.cells, table.widths)):
            coloured = n == table.status and row.hue is not None
            background, ink = look.FILLS[row.hue] if coloured and row.hue else ("#FFFFFF", INK)
            pdf.set_fill_color(*_rgb(background))
            pdf.set_text_color(*_rgb(ink))
            pdf.cell(width, ROW, _fit(pdf, cell, width - 2 * PAD), border=1, fill=True)
        pdf.ln(ROW)
    if shown < len(table.rows):
        pdf.set_font(FONT, "", 7.2)
        _line(pdf, _more(table, shown), 7.2, MORE, colour=look.QUIET_TEXT)
    pdf.ln(GAP)


def _header(pdf: FPDF, card: ScoreCard) -> None:
    if card.sample:
        pdf.set_fill_color(*_rgb(look.SAMPLE_COLOUR))
        pdf.set_text_color(255, 255, 255)
        pdf.set_font(FONT, "B", 9)
        pdf.cell(WIDTH, 6.5, _fit(pdf, card.sample, WIDTH - 2 * PAD), fill=True, align="C", new_x="LMARGIN",
                 new_y="NEXT")
        pdf.ln(2)
    _line(pdf, "Bảng điều khiển CCHC tỉnh Hà Tĩnh", 7.5, 4, colour=look.QUIET_TEXT)
    _line(pdf, "PHIẾU KẾT QUẢ CẢI CÁCH HÀNH CHÍNH", 15, 8, bold=True, colour=ACCENT)
    _line(pdf, card.name, 13, 7, bold=True)
    _line(pdf, card.facts, 8.5, 5, colour=look.QUIET_TEXT)
    _line(pdf, f"{format_period(card.period.code)} · {card.plan} · Số liệu đến ngày {format_date(card.as_of)}",
          9.5, 6, bold=True)
    pdf.ln(1.5)
    top, width = pdf.get_y(), WIDTH / len(card.metrics)
    pdf.set_draw_color(*_rgb(RULE))
    for n, (label, value, under) in enumerate(card.metrics):
        left = MARGIN + n * width
        pdf.set_fill_color(*_rgb("#F5F7FA"))
        pdf.rect(left + 0.5, top, width - 1, 16, style="DF")
        for text, size, bold, colour, y in ((label, 7.2, False, look.QUIET_TEXT, 1.2), (value, 13, True, INK, 5.2),
                                            (under, 6.6, False, look.QUIET_TEXT, 11.4)):
            pdf.set_xy(left + 1.5, top + y)
            pdf.set_font(FONT, "B" if bold else "", size)
            while size > 6 and pdf.get_string_width(_clean(text)) > width - 3:     # a long label: smaller type
                size -= 0.2
                pdf.set_font(FONT, "B" if bold else "", size)
            pdf.set_text_color(*_rgb(colour))
            pdf.cell(width - 3, 4 if size < 10 else 6, _fit(pdf, text, width - 3))
    pdf.set_xy(MARGIN, top + 16 + 3)
    for note in card.notes:
        _line(pdf, note, 7.2, LEAD, colour=look.QUIET_TEXT)


FOOTER = 9.0        # mm above BOTTOM kept for the legend and the footer line


def _footer(pdf: FPDF, card: ScoreCard) -> None:
    pdf.set_xy(MARGIN, BOTTOM - FOOTER)
    legend = "Trạng thái chỉ tiêu: " + " · ".join(target_status.status_text(s) for s in target_status.STATUSES) + \
        ". Có nguy cơ: dự báo cuối năm thiếu không quá 5%."
    _line(pdf, legend, 6.6, 3.8, colour=look.QUIET_TEXT)
    pdf.set_draw_color(*_rgb(RULE))
    pdf.line(MARGIN, BOTTOM - 4.6, MARGIN + WIDTH, BOTTOM - 4.6)
    pdf.set_xy(MARGIN, BOTTOM - 4.2)
    where = f"Phiếu kết quả CCHC · {card.name} · {format_period(card.period.code)} · " \
            f"Số liệu đến ngày {format_date(card.as_of)}"
    mark = look.SAMPLE_PLAN_MARK if card.sample == look.SAMPLE_PLAN_LABEL else \
        look.SAMPLE_DATA_MARK if card.sample else ""
    _line(pdf, where, 6.8, 4, colour=look.QUIET_TEXT, width=WIDTH - 30)
    if mark:
        pdf.set_xy(MARGIN + WIDTH - 30, BOTTOM - 4.2)
        _line(pdf, mark, 6.8, 4, bold=True, colour=look.SAMPLE_COLOUR, align="R", width=30)


def _shown(tables: tuple[Table, ...], room: float) -> list[int]:
    """How many rows of each table the page holds: all when they fit; else the targets and the tasks give up rows,
    the longer list first, one at a time (at least three of each stay; the reports and index results are short)."""
    shown = [len(t.rows) if n < 2 else min(len(t.rows), INDEX_ROWS if n == 3 else 12) for n, t in enumerate(tables)]
    while sum(_table_height(t, s) for t, s in zip(tables, shown)) > room:
        cuttable = [n for n in (1, 0) if shown[n] > 3]
        if not cuttable:
            break
        shown[max(cuttable, key=lambda n: shown[n])] -= 1
    return shown


def _within_blocks(card: ScoreCard) -> bool:
    texts = [card.name, card.facts, card.plan, card.sample or "", *card.notes,
             *(text for metric in card.metrics for text in metric)]
    for table in card.tables:
        texts += [table.title, table.lead, table.empty, *table.columns, *(c for row in table.rows for c in row.cells)]
    return all(any(low <= ord(c) <= high for low, high in BLOCKS) for c in set(_clean(" ".join(texts))))


@functools.cache
def _font_subset() -> Path | None:
    """A folder with DejaVu Sans cut down to :data:`BLOCKS` (both styles), made once per installation in the
    system's temporary folder (named after the fonts and the blocks, written whole then renamed into place, so that
    processes made at the same time do not see half a file); None when it cannot be made: the whole font then."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    sources = [FONT_DIR / name for name in FONT_FILES.values()]
    key = hashlib.sha256(repr((BLOCKS, [(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sources]))
                         .encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"cchc-fonts-{key}"
    try:
        folder.mkdir(exist_ok=True)
        for source in sources:
            target = folder / source.name
            if target.exists():
                continue
            font = TTFont(source, recalcTimestamp=False)
            options = subset.Options(notdef_outline=True, glyph_names=True, name_IDs=["*"], layout_features=["*"],
                                     legacy_kern=True)
            cutter = subset.Subsetter(options)
            cutter.populate(unicodes=[c for low, high in BLOCKS for c in range(low, high + 1)])
            cutter.subset(font)
            handle, part = tempfile.mkstemp(dir=folder, suffix=".part")
            with os.fdopen(handle, "wb") as written:
                font.save(written)
            os.replace(part, target)
    except OSError:
        return None
    return folder


def card_pdf(card: ScoreCard) -> bytes:
    """The card as one A4 page of PDF."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, 10, MARGIN)
    pdf.set_auto_page_break(False)
    folder = _font_subset()
    if folder is None or not _within_blocks(card):
        folder = FONT_DIR
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(folder / name))
    pdf.set_title(f"Phiếu kết quả CCHC – {card.name} – {format_period(card.period.code)}")
    pdf.set_author("Bảng điều khiển CCHC tỉnh Hà Tĩnh")
    pdf.set_lang("vi")
    pdf.add_page()
    _header(pdf, card)
    shown = _shown(card.tables, BOTTOM - FOOTER - pdf.get_y())
    for table, rows in zip(card.tables, shown):
        _draw_table(pdf, table, rows)
    _footer(pdf, card)
    return bytes(pdf.output())
