"""The running app holds its DuckDB file: the command line says so instead of writing under it. (The overview's
texts, formats and map at desk and projector sizes are checked with the other pages in test_pages.py.)"""
import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.browser


def test_cli_refuses_while_the_running_app_holds_the_database(server, browser):
    page = browser.new_page()
    try:
        page.goto(server.url + "/")
        page.get_by_text("Tên đăng nhập").wait_for(timeout=60_000)  # the app has opened its connection
    finally:
        page.close()
    result = run_cli("init", "--db", server.db_file, timeout=30)
    assert result.returncode == 3
    assert "đang được một tiến trình khác sử dụng" in result.stderr and "Traceback" not in result.stderr
