"""The benchmarks of `make bench` still import after the code moves (they are run by hand, so nothing else would
notice a stale import); the bare Streamlit page they measure against at least compiles."""
import importlib

import pytest

from tests.conftest import PROJECT_ROOT


@pytest.mark.parametrize("name", ["browser", "deck", "ingest", "load", "pages", "startup"])
def test_a_benchmark_imports(name):
    assert callable(importlib.import_module(f"bench.{name}").main)


def test_the_bare_page_compiles():
    source = (PROJECT_ROOT / "bench" / "bare_page.py").read_text(encoding="utf-8")
    compile(source, "bare_page.py", "exec")
