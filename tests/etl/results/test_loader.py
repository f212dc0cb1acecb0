"""An edition's results written: imported whole (a re-import replaces it and says what changed), or one
province's values entered by hand; each audited, each seen by the pages at once, nothing written on a refusal."""
from __future__ import annotations

import json

import pytest

from cchc.store import db, queries
from etl.results.loader import ResultsRefused, components, enter_by_hand, import_edition, province_names
from etl.results.reader import Result, read_table
from tests.etl.results.tables import messy_papi_xlsx

SOURCE = "https://papi.org.vn/bao-cao/"


def _reading(conn, data: bytes):
    return read_table(data, "papi.xlsx", "PAPI", components(conn, "PAPI"), province_names(conn), 63)


def _ha_tinh(conn, year: int = 2024):
    return db.query_rows(conn, "SELECT score, rank, rank_of, flag, source_url FROM current_index_scores "
                               "WHERE unit_code = 'T42' AND index_code = 'PAPI' AND year = ? AND component_code = 'TOTAL'",
                         [year])


def test_an_import_replaces_the_edition_and_the_pages_see_it(conn):
    before = queries.data_version(conn)
    found = import_edition(conn, "PAPI", 2024, _reading(conn, messy_papi_xlsx()).results, SOURCE, "quantri",
                           "papi.xlsx", "abc")
    assert queries.data_version(conn) != before
    assert _ha_tinh(conn) == [(45.5531, 6, 61, None, SOURCE)]   # the table's own rank: no longer "computed"
    assert not found.added and not found.removed and found.changed
    entry = db.query_rows(conn, "SELECT actor, action, entity_id, detail FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert entry[:3] == ("quantri", "results_import", "PAPI 2024")
    assert json.loads(entry[3])["provinces"] == 61

    def change(rows):
        rows[27][10] = 46.0                 # Hà Tĩnh's total corrected

    again = import_edition(conn, "PAPI", 2024, _reading(conn, messy_papi_xlsx(change)).results, SOURCE, "quantri",
                           "papi-2.xlsx", "def")
    assert again.changed == ["Hà Tĩnh / TOTAL: 45,5531 (hạng 6/61) → 46 (hạng 6/61)"]
    assert _ha_tinh(conn)[0][0] == 46.0
    count = db.query_rows(conn, "SELECT count(*) FROM province_results WHERE origin = 'imported'")[0][0]
    assert count == 61 * 9                  # the earlier import replaced, not added to


def test_a_refused_import_writes_nothing(conn):
    results = _reading(conn, messy_papi_xlsx()).results
    before = db.query_rows(conn, "SELECT count(*), max(id) FROM audit_log")
    with pytest.raises(ResultsRefused, match="nguồn"):
        import_edition(conn, "PAPI", 2024, results, "papi.org.vn", "quantri", "papi.xlsx", "abc")
    assert db.query_rows(conn, "SELECT count(*) FROM province_results WHERE origin <> 'shipped'") == [(0,)]
    assert db.query_rows(conn, "SELECT count(*), max(id) FROM audit_log") == before


def test_a_new_edition_entered_by_hand_shows_as_the_newest(conn):
    found = enter_by_hand(conn, "PAPI", 2025, "M42", [Result("M42", "TOTAL", 46.2, 4, 34, None)],
                          "https://baohatinh.vn/papi-2025", "theo báo Hà Tĩnh", "quantri")
    assert found.added == ["Hà Tĩnh / TOTAL"]
    assert _ha_tinh(conn, 2025) == [(46.2, 4, 34, None, "https://baohatinh.vn/papi-2025")]
    latest = queries.headline_scores(conn)
    assert latest[latest["index_code"] == "PAPI"]["year"].max() == 2025
    with pytest.raises(ResultsRefused, match="một tỉnh"):
        enter_by_hand(conn, "PAPI", 2025, "M42", [Result("M40", "TOTAL", 44.0, 9, 34, None)],
                      "https://baohatinh.vn/papi-2025", None, "quantri")


def test_the_command_line_imports_a_messy_table_and_exports_the_results(db_path, tmp_path):
    """`etl results import` refuses a spoiled table naming the cell and changing nothing, loads the good one, and
    `etl export published-results` gives it back with the catalog's province names."""
    from openpyxl import load_workbook

    from tests.conftest import run_cli

    def spoil(rows):
        rows[5][3] = "n.a."                     # Lào Cai's transparency (row 10, column D)

    bad, good = tmp_path / "bad.xlsx", tmp_path / "papi.xlsx"
    bad.write_bytes(messy_papi_xlsx(spoil))
    good.write_bytes(messy_papi_xlsx())
    common = ["--index", "PAPI", "--year", "2024", "--source", SOURCE, "--db", str(db_path)]
    refused = run_cli("results", "import", bad, *common)
    assert refused.returncode == 1 and 'PAPI 2024!D10: "n.a." không phải là số.' in refused.stderr
    loaded = run_cli("results", "import", good, *common, "--as", "quantri")
    assert loaded.returncode == 0, loaded.stderr
    assert "61 tỉnh có số liệu trong 63 tỉnh" in loaded.stdout and "Không có số liệu: Vĩnh Phúc, Tiền Giang" in loaded.stdout
    out = tmp_path / "results.xlsx"
    assert run_cli("export", "published-results", "--format", "xlsx", "-o", out, "--db", str(db_path)).returncode == 0
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header == ("index", "year", "province", "component", "value", "rank", "rank_of", "flags", "source_url")
    ha_tinh = next(r for r in rows if r[:4] == ("PAPI", 2024, "Hà Tĩnh", "TOTAL"))
    assert ha_tinh[4:] == (45.5531, 6, 61, None, SOURCE)
    assert any(r[2] == "Thừa Thiên Huế" for r in rows)           # written "TT Huế" in the table
