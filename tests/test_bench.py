"""The benchmarks of `make bench` still import after the code moves (they are run by hand, so nothing else would
notice a stale import); the bare Streamlit page they measure against at least compiles."""
import importlib
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT


@pytest.mark.parametrize("name", ["browser", "deck", "housekeeping", "ingest", "load", "pages", "periodic", "scorecards",
                                  "startup"])
def test_a_benchmark_imports(name):
    assert callable(importlib.import_module(f"bench.{name}").main)


def test_the_bare_page_compiles():
    source = (PROJECT_ROOT / "bench" / "bare_page.py").read_text(encoding="utf-8")
    compile(source, "bare_page.py", "exec")


@pytest.mark.browser
def test_the_browser_bench_measures_a_page_beside_the_bare_one(demo_db_template):
    """bench/browser.py's quick run: one page, one visit, its times and its ratio to the bare page printed. The
    page is the accounts page, the lightest (a page's weight is not what this checks; its chart column reads "–")."""
    done = subprocess.run([sys.executable, "bench/browser.py", "--db", str(demo_db_template), "--pages", "tai-khoan",
                           "--runs", "1"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {line.split()[0]: line.split() for line in done.stdout.splitlines() if line.startswith("  ")}
    assert "tai-khoan" in rows and "trang" in rows
    assert rows["tai-khoan"][3] != "–" and rows["tai-khoan"][5].endswith("×")    # still, as a ratio to the bare page
