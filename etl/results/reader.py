"""Read a national table of one index's results (the publisher's Excel or CSV, as downloaded) into rows of
province, component, score and rank, or the list of its problems, each naming its sheet and cell.

Tables as publishers make them: a title above the header, a header of one row or two (a merged group such as
"Chỉ số nội dung" over the names of its columns), notes under the data, a rank written as "6/61", a province
with no data (its cells empty or "-"), names written in their usual variants ("TT Huế", "TP. HCM",
"Bà Rịa-Vũng Tàu", "Hoà Bình"), with or without diacritics (:mod:`etl.catalogs.provinces`).

What is read:
- the header row is the first whose cells name the province column ("Tỉnh", "Tỉnh/thành phố", "Địa phương",
  "Province"); the row under it is part of the header when its province cell is empty or repeats it;
- a column is the index's total when its header says "tổng", "tổng hợp", "total" or the index's name, a
  component when it names one of the index's components (its name, its code, or "D1"… / "Nội dung 1"… by its
  place), the rank when it says "hạng" or "rank"; any other column is left out, and said so;
- a data row is a row whose province cell names a province of the edition's set (63 before the 2025 merger, 34
  after); under the data, rows without a number are notes. A row with numbers and a name that is no province
  is a problem, as is a cell that is not a number, a score above the component's maximum, a province twice.
- ranks: the table's own when it has a rank column ("6" or "6/61"), otherwise computed by sorting the scores of
  the provinces with data and flagged ``computed``; a component's rank is computed the same way.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from etl.catalogs.provinces import ProvinceNames
from etl.reading.errors import FileRejected
from etl.reading.files import check_file
from etl.reading.refs import cell_ref
from etl.reading.values import ValueProblem, header_key, is_blank, parse_number
from etl.reading.workbook import Sheet, load_sheets

HEADER_SCAN = 20                      # rows searched for the header
PROVINCE_HEADERS = ("tinh", "tinh thanh pho", "tinh thanh", "dia phuong", "province", "ten tinh", "tinh tp",
                    "don vi")
TOTAL_HEADERS = ("tong", "tong hop", "tong diem", "diem tong hop", "total", "chi so tong hop", "diem")
RANK_HEADERS = ("hang", "xep hang", "thu hang", "rank", "thu tu xep hang")
NO_DATA = {"-", "–", "—", "x", "n/a", "na", "kcs", "khong co so lieu", "chua co so lieu", "..."}
_DECIMAL = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_RANK_OF = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_ORDINAL = re.compile(r"^(?:d|nd|noi dung|chi so noi dung|tieu chi|linh vuc|thanh phan)\s*(\d+)\b")


@dataclass(frozen=True)
class Component:
    """A component of the index as the catalog knows it: its code, its Vietnamese name, its place, its maximum."""

    code: str
    name: str
    place: int | None
    max_score: float | None


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the table: where (sheet, cell) and why, in Vietnamese."""

    sheet: str
    cell: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.sheet}{'!' + self.cell if self.cell else ''}: {self.message}"


@dataclass(frozen=True)
class Result:
    """One province's value of one component (TOTAL for the index itself)."""

    province_code: str
    component_code: str
    score: float | None
    rank: int | None
    rank_of: int | None
    flags: str | None


@dataclass
class Reading:
    """A table as read: its results, which column became what, what was left out, and its problems."""

    sheet: str = ""
    results: list[Result] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)        # column header -> component code or "rank"
    ignored_columns: list[str] = field(default_factory=list)
    without_data: list[str] = field(default_factory=list)        # provinces in the table with no value
    problems: list[Problem] = field(default_factory=list)

    @property
    def provinces(self) -> int:
        return len({r.province_code for r in self.results})


def _csv_sheet(data: bytes) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected("Tệp CSV không ở dạng mã hoá UTF-8: hãy mở bằng Excel rồi lưu lại dạng "
                           "\"CSV UTF-8\" hoặc gửi tệp Excel.") from None
    sample = "\n".join(text.splitlines()[:30])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return Sheet("CSV", [list(row) for row in csv.reader(io.StringIO(text), dialect)])


def _sheets(data: bytes, name: str) -> list[Sheet]:
    """The table's sheets: a workbook's visible ones, or the one grid of a CSV file."""
    if name.lower().endswith((".csv", ".txt")):
        if not data:
            raise FileRejected("Tệp rỗng (0 byte).")
        return [_csv_sheet(data)]
    kind = check_file(data)
    return [sheet for sheet in load_sheets(data, kind.format) if not sheet.hidden]


def _text(value: object) -> str:
    return "" if is_blank(value) else str(value).strip()


def _find_header(sheet: Sheet) -> tuple[int, int] | None:
    """The header row and the province column."""
    for row in range(min(sheet.height, HEADER_SCAN)):
        for col, value in enumerate(sheet.rows[row]):
            if header_key(_text(value)) in PROVINCE_HEADERS:
                return row, col
    return None


def _header_texts(sheet: Sheet, row: int, province_col: int) -> tuple[list[tuple[str, ...]], int]:
    """Each column's header, its own text first (the lower row's, when the row under the header continues it:
    "Công khai, minh bạch" under a merged "Chỉ số nội dung"), and the first data row."""
    width = max(len(r) for r in sheet.rows[row:row + 2])
    top = [_text(sheet.value(row, col)) for col in range(width)]
    below = [_text(sheet.value(row + 1, col)) for col in range(width)]
    continues = below[province_col] in ("", top[province_col]) and any(below) and not _numbers(sheet, row + 1)
    if not continues:
        return [(text,) if text else () for text in top], row + 1
    return [tuple(dict.fromkeys(t for t in (b, f"{a} {b}".strip(), a) if t)) for a, b in zip(top, below)], row + 2


def _no_data(value: object) -> bool:
    """An empty cell, or one that says there is no value ("-", "–", "x", "KCS", "chưa có số liệu")."""
    text = _text(value)
    return not text or text.lower() in NO_DATA or header_key(text) in NO_DATA


def _numbers(sheet: Sheet, row: int) -> int:
    count = 0
    for value in sheet.rows[row] if row < sheet.height else []:
        try:
            parse_number(value)
            count += 1
        except ValueProblem:
            pass
    return count


def _column_meaning(header: str, index_code: str, components: Sequence[Component]) -> str | None:
    """What a column holds: a component's code, "TOTAL", "rank", or None (left out)."""
    key = header_key(header)
    if not key:
        return None
    words = key.split()
    if key in RANK_HEADERS or words[-1] in ("hang", "rank") or words[:2] in (["xep", "hang"], ["thu", "hang"]):
        return "rank"
    for component in components:
        name = header_key(component.name)
        if component.code == "TOTAL":
            continue
        # the name, the code, the name inside a longer header, or the name's beginning ("Công khai, minh bạch")
        if key in (name, header_key(component.code)) or name in key or (len(key) >= 8 and name.startswith(key)):
            return component.code
    ordinal = _ORDINAL.match(key)
    if ordinal:
        place = int(ordinal.group(1))
        return next((c.code for c in components if c.place == place and c.code != "TOTAL"), None)
    if key in TOTAL_HEADERS or words[0] == "tong" or "tong hop" in key or header_key(index_code) in key.replace(" ", ""):
        return "TOTAL"
    return None


def _score(value: object) -> float:
    """A score as written: 45.553, "45,553" or "45.553": one separator is a decimal one, since scores are never
    thousands (the general reader would take "45.553" for 45553); other texts as any number ("1.234,5")."""
    if isinstance(value, str) and _DECIMAL.match(value.strip()):
        return float(value.strip().replace(",", "."))
    return parse_number(value)


def _ranked(scores: dict[str, float]) -> dict[str, int]:
    """Ranks by score, highest first; equal scores share the better rank."""
    ordered = sorted(scores.values(), reverse=True)
    return {code: ordered.index(score) + 1 for code, score in scores.items()}


def read_table(data: bytes, name: str, index_code: str, components: Sequence[Component], names: ProvinceNames,
               among: int) -> Reading:
    """Read the file ``name`` as the national table of ``index_code`` for a set of ``among`` provinces."""
    reading = Reading()
    try:
        sheets = _sheets(data, name)
    except FileRejected as rejected:
        reading.problems.append(Problem(name, None, str(rejected)))
        return reading
    found = next(((sheet, header) for sheet in sheets if (header := _find_header(sheet))), None)
    if found is None:
        reading.problems.append(Problem(sheets[0].name if sheets else name, None,
                                        "Không tìm thấy dòng tiêu đề có cột tỉnh (\"Tỉnh\", \"Tỉnh/thành phố\", "
                                        f"\"Địa phương\") trong {HEADER_SCAN} dòng đầu của trang tính nào."))
        return reading
    sheet, (header_row, province_col) = found
    reading.sheet = sheet.name
    headers, first = _header_texts(sheet, header_row, province_col)
    meanings: dict[int, str] = {}
    for col, texts in enumerate(headers):
        if col == province_col or not texts:
            continue
        meaning = next((m for text in texts if (m := _column_meaning(text, index_code, components))), None)
        if meaning is None or meaning in meanings.values():
            reading.ignored_columns.append(texts[0])
            continue
        meanings[col] = meaning
        reading.columns[texts[0]] = meaning
    if "TOTAL" not in meanings.values() and not any(m not in ("rank",) for m in meanings.values()):
        reading.problems.append(Problem(sheet.name, cell_ref(header_row, province_col),
                                        "Không nhận ra cột điểm nào (tổng hợp hoặc chỉ số thành phần) trong tiêu đề."))
        return reading
    maxima = {c.code: c.max_score for c in components}
    values: dict[str, dict[str, float]] = {}
    table_ranks: dict[str, tuple[int, int | None]] = {}
    rows_of: dict[str, str] = {}
    for row in range(first, sheet.height):
        written = _text(sheet.value(row, province_col))
        cells = {col: sheet.value(row, col) for col in meanings}
        filled = {col: v for col, v in cells.items() if not _no_data(v)}
        if not written:
            continue
        code = names.code(written, among)
        if code is None:
            if filled and _numbers(sheet, row):
                reading.problems.append(Problem(sheet.name, cell_ref(row, province_col),
                                                f"Không nhận ra tỉnh \"{written}\" trong danh mục {among} tỉnh."))
            continue               # a title, a note or a group's heading
        if code in rows_of:
            reading.problems.append(Problem(sheet.name, cell_ref(row, province_col),
                                            f"Tỉnh {names.names[code]} có hai dòng (dòng trước: ô {rows_of[code]})."))
            continue
        rows_of[code] = cell_ref(row, province_col)
        if not filled:
            reading.without_data.append(names.names[code])
            continue
        for col, value in filled.items():
            where = cell_ref(row, col)
            if meanings[col] == "rank":
                match = _RANK_OF.match(_text(value))
                try:
                    rank = (int(match.group(1)), int(match.group(2))) if match else (int(parse_number(value)), None)
                except ValueProblem:
                    reading.problems.append(Problem(sheet.name, where, f"Hạng \"{_text(value)}\" không phải là số "
                                                                       "(viết 6 hoặc 6/61)."))
                    continue
                if rank[0] < 1 or rank[0] > among or (rank[1] is not None and not rank[0] <= rank[1] <= among):
                    reading.problems.append(Problem(sheet.name, where, f"Hạng \"{_text(value)}\" không hợp lệ trong "
                                                                       f"{among} tỉnh."))
                    continue
                table_ranks[code] = rank
                continue
            try:
                score = _score(value)
            except ValueProblem:
                reading.problems.append(Problem(sheet.name, where, f"\"{_text(value)}\" không phải là số."))
                continue
            top = maxima.get(meanings[col])
            if score < 0 or (top is not None and score > top):
                reading.problems.append(Problem(sheet.name, where, f"Điểm {_text(value)} nằm ngoài thang điểm "
                                                                   f"0–{top:g}." if top else f"Điểm {_text(value)} âm."))
                continue
            values.setdefault(meanings[col], {})[code] = score
    if not rows_of:
        reading.problems.append(Problem(sheet.name, None, "Bảng không có dòng nào của một tỉnh trong danh mục."))
    if reading.problems:
        return reading
    reading.results = _results(values, table_ranks)
    return reading


def _results(values: dict[str, dict[str, float]], table_ranks: dict[str, tuple[int, int | None]]) -> list[Result]:
    """Every province's values, with the table's ranks for the total, or ranks computed by sorting (flagged)."""
    results = []
    total = values.get("TOTAL", {})
    ranked = set(total) | set(table_ranks)
    for component, scores in [("TOTAL", total), *[(c, s) for c, s in values.items() if c != "TOTAL"]]:
        computed = _ranked(scores)
        for code in sorted(ranked if component == "TOTAL" else scores):
            if component == "TOTAL" and code in table_ranks:
                rank, rank_of = table_ranks[code]
                results.append(Result(code, component, scores.get(code), rank, rank_of or len(ranked), None))
            else:
                results.append(Result(code, component, scores.get(code), computed.get(code),
                                      len(scores) if code in computed else None, "computed" if code in computed else None))
    return results

