"""Write an edition's results: a national table read by :mod:`etl.results.reader` (origin ``imported``), or one
province's values entered by hand (origin ``manual``). One transaction each, audited with what changed; a
re-import of an edition replaces the previous import of it whole, and says what changed. The shipped results
stay in their table under the administrators' (``current_province_results`` prefers theirs).

Every write records itself in ``catalog_versions`` (as ``province_results:<index>:<year>``), which is what
tells the pages' shared caches that the data changed (:func:`cchc.store.queries.data_version`): the overview,
the projector and the deck show the new edition on their next run.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from cchc.store import db, journal
from etl.catalogs.provinces import ProvinceNames, names
from etl.results.reader import Component, Result

KEY = ("province_code", "component_code")
VALUES = ("score", "rank", "rank_of", "flags")


class ResultsRefused(ValueError):
    """Nothing was written; the message says why, in Vietnamese."""


@dataclass
class Changes:
    """What a write changes in the edition as people see it: (province, component) keys with their old and new
    values."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {"added": len(self.added), "changed": len(self.changed), "removed": len(self.removed)}


def components(conn: db.Connection, index_code: str) -> list[Component]:
    """The catalog's components of an index (TOTAL among them)."""
    rows = db.query_rows(conn, "SELECT component_code, name_vi, sort_order, max_score FROM index_components "
                               "WHERE index_code = ? ORDER BY sort_order NULLS LAST", [index_code])
    return [Component(code, name, place, top) for code, name, place, top in rows]


def province_names(conn: db.Connection) -> ProvinceNames:
    """The matcher of province names as loaded in the database."""
    provinces = db.query_df(conn, "SELECT code, name, ranked_among FROM provinces")
    aliases = db.query_df(conn, "SELECT alias, code FROM province_aliases")
    return names(provinces, aliases)


def ranked_among(year: int) -> int:
    """The set of provinces an edition ranks by default: 63 up to the editions of 2024, 34 after the merger."""
    return 63 if year <= 2024 else 34


def _current(cur: db.Connection, index_code: str, year: int) -> pd.DataFrame:
    """The edition as people see it now (a cursor: the caller's transaction)."""
    return cur.execute("SELECT province_code, component_code, score, rank, rank_of, flags "
                       "FROM current_province_results WHERE index_code = ? AND year = ?", [index_code, year]).df()


def _label(names_by_code: dict[str, str], key: tuple[str, str]) -> str:
    return f"{names_by_code.get(key[0], key[0])} / {key[1]}"


def changes(before: pd.DataFrame, after: list[Result], names_by_code: dict[str, str]) -> Changes:
    """What replacing ``before`` (rows of the edition as seen now) by ``after`` changes, key by key."""
    old = {tuple(r[k] for k in KEY): tuple(None if pd.isna(r[v]) else r[v] for v in VALUES)
           for r in before.to_dict("records")}
    new = {(r.province_code, r.component_code): (r.score, r.rank, r.rank_of, r.flags) for r in after}
    found = Changes()
    for key in sorted(new.keys() - old.keys()):
        found.added.append(_label(names_by_code, key))
    for key in sorted(old.keys() & new.keys()):
        if _differs(old[key], new[key]):
            found.changed.append(f"{_label(names_by_code, key)}: {_show(old[key])} → {_show(new[key])}")
    for key in sorted(old.keys() - new.keys()):
        found.removed.append(_label(names_by_code, key))
    return found


def _differs(a: tuple, b: tuple) -> bool:
    return any((x is None) != (y is None) or (x is not None and x != y and not (
        isinstance(x, float) and isinstance(y, float) and abs(x - y) < 1e-9)) for x, y in zip(a, b))


def _show(values: tuple) -> str:
    score, rank, rank_of, flags = values
    text = "–" if score is None else f"{score:.6f}".rstrip("0").rstrip(".").replace(".", ",")
    return text + (f" (hạng {rank}/{rank_of}{', ' + flags if flags else ''})" if rank else "")


def _write(cur: db.Connection, index_code: str, year: int, results: list[Result], source_url: str, note: str | None,
           origin: str, actor: str) -> None:
    frame = pd.DataFrame([{"index_code": index_code, "year": year, "province_code": r.province_code,
                           "component_code": r.component_code, "score": r.score, "rank": r.rank,
                           "rank_of": r.rank_of, "flags": r.flags, "note": note, "source_url": source_url,
                           "origin": origin, "loaded_by": actor} for r in results])
    if len(frame):
        db.insert_frame(cur, "province_results", frame)
    cur.execute("INSERT INTO catalog_versions (name, sha256, row_count, loaded_at) VALUES (?, ?, ?, current_timestamp) "
                "ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, row_count = excluded.row_count, "
                "loaded_at = excluded.loaded_at",
                [f"province_results:{index_code}:{year}", hashlib.sha256(frame.to_csv().encode()).hexdigest(),
                 len(frame)])


def _check_source(source_url: str) -> str:
    source = (source_url or "").strip()
    if not source.startswith(("http://", "https://")):
        raise ResultsRefused("Cần địa chỉ nguồn công bố (bắt đầu bằng http:// hoặc https://): mỗi kết quả phải "
                             "dẫn được về nơi công bố nó.")
    return source


def preview(conn: db.Connection, index_code: str, year: int, results: list[Result]) -> Changes:
    """What importing ``results`` as the edition would change in what people see; writes nothing."""
    names_by_code = dict(db.query_rows(conn, "SELECT code, name FROM provinces"))
    with db.cursor(conn) as cur:
        return changes(_current(cur, index_code, year), results, names_by_code)


def import_edition(conn: db.Connection, index_code: str, year: int, results: list[Result], source_url: str,
                   actor: str, file_name: str, file_sha256: str) -> Changes:
    """Replace the edition's imported results by ``results`` (a national table), in one transaction, audited."""
    source = _check_source(source_url)
    if not results:
        raise ResultsRefused("Bảng không có kết quả nào để nạp.")
    names_by_code = dict(db.query_rows(conn, "SELECT code, name FROM provinces"))
    with db.transaction(conn, lock="province_results") as cur:
        found = changes(_current(cur, index_code, year), results, names_by_code)
        cur.execute("DELETE FROM province_results WHERE index_code = ? AND year = ? AND origin IN ('imported', 'manual')",
                    [index_code, year])
        _write(cur, index_code, year, results, source, None, "imported", actor)
        journal.record(cur, actor, "results_import", "province_results", f"{index_code} {year}", {
            "file": file_name, "sha256": file_sha256, "source_url": source, "rows": len(results),
            "provinces": len({r.province_code for r in results}), **found.summary(),
            "changed": found.changed[:200]})
    return found


def enter_by_hand(conn: db.Connection, index_code: str, year: int, province_code: str, results: list[Result],
                  source_url: str, note: str | None, actor: str) -> Changes:
    """Set one province's values of an edition by hand (origin ``manual``), replacing what was entered for it
    before; audited with what changed."""
    source = _check_source(source_url)
    if any(r.province_code != province_code for r in results) or not results:
        raise ResultsRefused("Chỉ nhập được giá trị của một tỉnh mỗi lần.")
    names_by_code = dict(db.query_rows(conn, "SELECT code, name FROM provinces"))
    if province_code not in names_by_code:
        raise ResultsRefused(f"Mã tỉnh '{province_code}' không có trong danh mục.")
    with db.transaction(conn, lock="province_results") as cur:
        before = _current(cur, index_code, year)
        before = before[before["province_code"] == province_code]
        found = changes(before, results, names_by_code)
        found.removed = []          # what is not entered again stays as it was
        cur.execute("DELETE FROM province_results WHERE index_code = ? AND year = ? AND province_code = ? "
                    "AND origin = 'manual' AND component_code = ANY(?)",
                    [index_code, year, province_code, [r.component_code for r in results]])
        _write(cur, index_code, year, results, source, note, "manual", actor)
        journal.record(cur, actor, "results_manual", "province_results", f"{index_code} {year} {province_code}", {
            "source_url": source, **found.summary(), "changed": found.changed, "added": found.added})
    return found

