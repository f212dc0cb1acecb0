"""The provinces of Vietnam and the published results of each that ship with the product.

- ``data/provinces/provinces.csv``: the 63 provinces of before 1/7/2025 and the 34 after the merger, with
  their region and the province each went into (see migration 011 for the codes).
- ``data/provinces/aliases.csv``: other ways of writing a province ("TT Huế", "TP. HCM"), each naming the codes
  it may stand for; a name is matched within one set of provinces (63 or 34), so "Hà Tĩnh" is 42 in a table of
  2024 and M42 in one of 2025. Every province's own name is an alias of itself.
- ``data/provinces/results.csv``: published results (origin ``shipped``), with ``source_url`` on every row.

Names are compared by :func:`province_key`: without diacritics, case or punctuation, and without "tỉnh",
"thành phố" or "TP" in front, so "Hoà Bình", "Hòa Bình" and "tỉnh Hoà Bình" meet.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cchc.store import db
from etl.catalogs import read_csv, replace_catalog, required
from etl.catalogs.unit_names import tokens

FLAGS = {"computed", "derived", "uncertain", "suspect"}
BASES = {63, 34}
RESULT_COLUMNS = ["index_code", "year", "province_code", "component_code", "score", "max_score", "rank", "rank_of",
                  "flags", "note", "source_url", "origin", "loaded_by"]
_TITLES = (("thanh", "pho"), ("tinh",), ("tp",))


def province_key(name: str) -> str:
    """A province's name as compared: "TP. Hồ Chí Minh" → "ho chi minh", "Tỉnh Hoà Bình" → "hoa binh"."""
    words = list(tokens(name))
    for title in _TITLES:
        if tuple(words[:len(title)]) == title and len(words) > len(title):
            words = words[len(title):]
            break
    return " ".join(words)


@dataclass(frozen=True)
class ProvinceNames:
    """Which province a written name stands for, within each set of provinces (63 or 34)."""

    codes: dict[tuple[int, str], str]        # (ranked_among, key) -> code
    names: dict[str, str]                    # code -> name

    def code(self, name: str, among: int) -> str | None:
        return self.codes.get((among, province_key(name)))


def build_provinces(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``provinces`` and ``province_aliases`` rows."""
    folder = data_dir / "provinces"
    provinces = pd.DataFrame([
        {**r, "ranked_among": int(required(r, "ranked_among"))} for r in read_csv(folder / "provinces.csv")])
    aliases = pd.DataFrame(read_csv(folder / "aliases.csv"), columns=["alias", "code"])
    return provinces, aliases


def names(provinces: pd.DataFrame, aliases: pd.DataFrame) -> ProvinceNames:
    """The matcher over the provinces' own names and their aliases (an alias naming an unknown code is
    refused by :func:`problems`)."""
    among = dict(zip(provinces["code"], provinces["ranked_among"]))
    codes: dict[tuple[int, str], str] = {}
    for name, code in [*zip(provinces["name"], provinces["code"]), *zip(aliases["alias"], aliases["code"])]:
        if code in among:
            codes[(int(among[code]), province_key(name))] = code
    return ProvinceNames(codes, dict(zip(provinces["code"], provinces["name"])))


def _problems(provinces: pd.DataFrame, aliases: pd.DataFrame) -> list[str]:
    problems = []
    codes = set(provinces["code"])
    for among in BASES:
        count = int((provinces["ranked_among"] == among).sum())
        if count != among:
            problems.append(f"provinces.csv: {count} tỉnh thuộc nhóm {among}, không phải {among}")
    for code, successor in zip(provinces["code"], provinces["successor"]):
        if pd.notna(successor) and successor not in codes:
            problems.append(f"provinces.csv: tỉnh {code} sáp nhập vào '{successor}', mã không có trong danh mục")
    for number, code in enumerate(aliases["code"], start=2):
        if code not in codes:
            problems.append(f"aliases.csv dòng {number}: mã tỉnh '{code}' không có trong danh mục")
    return problems


def _number(text: str | None, kind: type) -> float | int | None:
    return kind(text) if text else None


def build_results(data_dir: Path, provinces: pd.DataFrame, components: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The shipped results, and the problems found in them (unknown codes, flags, duplicates, missing sources)."""
    known_components = set(zip(components["index_code"], components["component_code"]))
    among = dict(zip(provinces["code"], provinces["ranked_among"]))
    rows, problems, seen = [], [], set()
    for number, r in enumerate(read_csv(data_dir / "provinces" / "results.csv"), start=2):
        where = f"results.csv dòng {number}"
        if (r["index_code"], r["component_code"]) not in known_components:
            problems.append(f"{where}: thành phần {r['index_code']}/{r['component_code']} không có trong danh mục")
        if r["province_code"] not in among:
            problems.append(f"{where}: mã tỉnh '{r['province_code']}' không có trong danh mục")
        elif r["rank_of"] and int(r["rank_of"]) > among[r["province_code"]]:
            problems.append(f"{where}: hạng trên {r['rank_of']} tỉnh cho một tỉnh thuộc nhóm {among[r['province_code']]}")
        flags = set((r["flags"] or "").split(";")) - {""}
        if flags - FLAGS:
            problems.append(f"{where}: cờ không hợp lệ {sorted(flags - FLAGS)}")
        if not r["source_url"]:
            problems.append(f"{where}: thiếu nguồn (source_url)")
        key = (r["index_code"], r["year"], r["province_code"], r["component_code"])
        if key in seen:
            problems.append(f"{where}: trùng với một dòng trước {key}")
        seen.add(key)
        rows.append({**r, "year": int(required(r, "year")), "score": _number(r["score"], float),
                     "max_score": _number(r["max_score"], float), "rank": _number(r["rank"], int),
                     "rank_of": _number(r["rank_of"], int), "origin": "shipped", "loaded_by": None})
    return pd.DataFrame(rows, columns=RESULT_COLUMNS), problems


def load(cur: db.Connection, data_dir: Path, components: pd.DataFrame, actor: str) -> tuple[dict[str, int], list[str]]:
    """Load the provinces, their aliases and the shipped results; returns row counts and problems."""
    provinces, aliases = build_provinces(data_dir)
    results, problems = build_results(data_dir, provinces, components)
    problems = _problems(provinces, aliases) + problems
    replace_catalog(cur, "provinces", "provinces", provinces, actor)
    replace_catalog(cur, "province_aliases", "province_aliases", aliases, actor)
    replace_catalog(cur, "province_results", "province_results", results, actor, "origin = 'shipped'")
    return {"provinces": len(provinces), "province_aliases": len(aliases), "province_results": len(results)}, problems
