"""What the deployment relies on: pinned requirements, openpyxl parsing through defusedxml, offline settings."""
import re
import tomllib

from openpyxl.xml import DEFUSEDXML

from tests.conftest import PROJECT_ROOT


def test_every_requirement_is_pinned():
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (PROJECT_ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r "):
                assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][A-Za-z0-9.]*", line), line


def test_openpyxl_reads_through_defusedxml():
    assert DEFUSEDXML is True


def test_streamlit_makes_no_outside_calls():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["logger"]["hideWelcomeMessage"] is True  # the welcome message looks up the external IP
