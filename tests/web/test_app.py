"""The guard around every page: a full archive disk and a database server that went away are each said in one
Vietnamese sentence, never a traceback; a wrong statement stays a general error."""
from cchc.i18n import translate


def _guarded_failures():
    from pathlib import Path

    import psycopg_pool
    from psycopg import errors

    from etl.reports.archive import ArchiveFull
    from web.app import guarded

    def fail(error: Exception):
        def page():
            raise error
        return page

    guarded(fail(ArchiveFull(Path("/srv/cchc/archive"), "a.xlsx")))
    guarded(fail(psycopg_pool.PoolTimeout("couldn't get a connection after 30.00 sec")))    # the server is down
    guarded(fail(errors.LockNotAvailable("canceling statement due to lock timeout")))         # not a lost server


def test_a_full_disk_and_a_lost_database_are_said_in_vietnamese():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_guarded_failures, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [translate("app.disk_full", "vi"), translate("app.error", "vi")]
    assert [w.value for w in at.warning] == [translate("app.db_unavailable", "vi")]
