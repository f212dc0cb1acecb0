"""The pages' views are computed once and shared by every session, and follow the data at the next run."""
from cchc.page_models import targets as targets_page
from cchc.store import queries
from etl.reports.ingest import ingest_bytes
from etl.sample.reports import DEMO_GAP
from tests.etl.reports.test_ingest import targets_file
from tests.pages.conftest import count_calls, open_alone, signed_in_app
from web.database import database

MISSING = "Số đơn vị chưa gửi đủ báo cáo"


def test_sessions_share_one_view(demo_path, monkeypatch):
    built = count_calls(monkeypatch, targets_page, "targets_page")
    first, second = open_alone("targets.py"), open_alone("targets.py")     # two browser sessions
    assert len(built) == 1
    assert first.dataframe[0].value.equals(second.dataframe[0].value)


def test_a_new_report_is_on_the_overview_at_the_next_run(demo_path, tmp_path):
    kind, period, unit = DEMO_GAP
    at = signed_in_app(demo_path)
    before = int({m.label: m.value for m in at.metric}[MISSING])
    conn = database(str(demo_path))              # the app's own connection, as the upload page writes
    version = queries.data_version(conn)
    result = ingest_bytes(conn, targets_file([{"target_code": "TTHC-3.1", "numerator": 45, "denominator": 50}],
                                             unit=unit, period=period, name="Xã Yên Hồ"), "quy4.xlsx", "test", tmp_path)
    assert result.status == "accepted" and queries.data_version(conn) != version
    at.run()
    assert int({m.label: m.value for m in at.metric}[MISSING]) == before - 1


def test_a_view_made_from_targets_alone_follows_a_new_targets_report(demo_path, tmp_path):
    """The targets page's views are keyed by the targets' part of the version (a loader calling another)."""
    at = open_alone("targets.py")
    before = at.dataframe[0].value.copy()
    kind, period, unit = DEMO_GAP
    ingest_bytes(database(str(demo_path)), targets_file([{"target_code": "TTHC-3.1", "numerator": 1,
                                                          "denominator": 50}], unit=unit, period=period,
                                                         name="Xã Yên Hồ"), "quy4.xlsx", "test", tmp_path)
    at.run()
    assert not at.exception
    assert not at.dataframe[0].value.equals(before)
