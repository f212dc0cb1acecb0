"""While a file's arrival makes the shared views be rebuilt, viewers keep the last finished version; nobody goes
back in time, and whoever sent data, or opens the app, sees the latest at once."""
import pytest

from cchc.page_models import overview as overview_page
from cchc.store import queries
from etl.reports.ingest import ingest_bytes
from etl.sample.reports import DEMO_GAP
from tests.etl.reports.test_ingest import targets_file
from tests.pages.conftest import count_calls, signed_in_app
from tests.waiting import until
from web import versions
from web.database import database

SLOT = versions.Slot("db", "viewer")
V0, V1, V2 = (queries.DataVersion((n, n), "-") for n in (10, 11, 12))
MISSING = "Số đơn vị chưa gửi đủ báo cáo"


class Sessions:
    """Stand-ins for browser sessions: which one runs is whose session state the module reads."""

    def __init__(self, monkeypatch) -> None:
        self.states: dict[str, dict] = {}
        self.current = ""
        monkeypatch.setattr(versions, "st", self)

    @property
    def session_state(self) -> dict:
        return self.states.setdefault(self.current, {})

    def shown(self, name: str, latest: queries.DataVersion) -> queries.DataVersion:
        self.current = name
        return versions.shown(SLOT, latest, lambda version: version)


@pytest.fixture
def sessions(monkeypatch):
    monkeypatch.setattr(versions, "_process", versions._Process())
    started = []
    monkeypatch.setattr(versions, "_start_rebuild", lambda slot, version, make_key: started.append(version))
    found = Sessions(monkeypatch)
    found.rebuilds = started
    return found


def finish(version: queries.DataVersion) -> None:
    """What the rebuild thread does at its end."""
    versions._process.finished[SLOT] = version
    versions._process.building.pop(SLOT, None)


def test_the_rules(sessions):
    assert sessions.shown("a", V0) == V0 and sessions.shown("b", V0) == V0
    assert sessions.rebuilds == []
    # a file arrives: the first run to see it starts the rebuild and shows it; the others keep V0 meanwhile
    assert sessions.shown("a", V1) == V1 and sessions.rebuilds == [V1]
    assert sessions.shown("b", V1) == V0
    assert sessions.shown("new", V1) == V1                  # a new session has nothing to keep
    # another file: a keeps what it showed (never back to V0), b still V0; one rebuild at a time
    assert sessions.shown("a", V2) == V1 and sessions.shown("b", V2) == V0 and sessions.rebuilds == [V1]
    finish(V1)
    assert sessions.shown("b", V2) == V2 and sessions.rebuilds == [V1, V2]     # b starts the next one
    assert sessions.shown("a", V2) == V1                    # V1 is finished: a keeps it
    versions.st.current = "a"
    versions.wrote_data()                                   # a sends a file: sees the latest at once
    assert sessions.shown("a", V2) == V2
    finish(V2)
    assert {sessions.shown(name, V2) for name in ("a", "b", "new")} == {V2}


def test_a_long_rebuild_is_joined_rather_than_waited_for(sessions, monkeypatch):
    assert sessions.shown("a", V0) == V0 and sessions.shown("b", V0) == V0
    assert sessions.shown("a", V1) == V1 and sessions.shown("b", V1) == V0
    monkeypatch.setattr(versions, "STALE_SECONDS", 0.0)     # the rebuild has taken longer than a viewer may wait
    assert sessions.shown("b", V2) == V1 and sessions.rebuilds == [V1]     # the version being built, not V2


def test_the_working_set_is_rebuilt_once_for_every_viewer(demo_path, tmp_path, monkeypatch):
    built = count_calls(monkeypatch, overview_page, "plan_summary")
    first, second = signed_in_app(demo_path), signed_in_app(demo_path)     # two leaders on the overview
    before = int({m.label: m.value for m in second.metric}[MISSING])
    assert len(built) == 1
    kind, period, unit = DEMO_GAP
    ingest_bytes(database(str(demo_path)), targets_file([{"target_code": "TTHC-3.1", "numerator": 45,
                                                          "denominator": 50}], unit=unit, period=period,
                                                         name="Xã Yên Hồ"), "quy4.xlsx", "test", tmp_path)
    first.run()         # the first to see the file: starts the rebuild, and shows the new figures
    assert int({m.label: m.value for m in first.metric}[MISSING]) == before - 1
    until(lambda: not versions._process.building, 60, "the rebuild ended")
    second.run()        # the finished version: the new figures, with nothing built again
    assert int({m.label: m.value for m in second.metric}[MISSING]) == before - 1
    assert len(built) == 2


def test_how_long_a_page_may_keep_the_last_version_is_a_setting(monkeypatch):
    from cchc import config

    monkeypatch.delenv(config.STALE_ENV_VAR, raising=False)
    assert config.stale_seconds() == config.STALE_SECONDS
    for given, found in (("3", 3.0), ("0", 0.0), ("-2", 0.0), ("tám", config.STALE_SECONDS)):
        monkeypatch.setenv(config.STALE_ENV_VAR, given)
        assert config.stale_seconds() == found
