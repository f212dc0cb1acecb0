"""The systemd units of deploy/systemd/, which the README's recipe installs.

- `systemd-analyze verify` accepts every unit: each setting is one systemd knows and can parse, and each command
  exists. The units name the install folder /srv/cchc; the copies checked here name this checkout and this
  Python instead (verify looks for the programs), nothing else changed.
- What a reviewer looks for: an app process per port that restarts on failure, as the unprivileged account, with
  the shared settings file and the hardening; daily, persistent timers for one-shot jobs; the folders the units
  may write are the ones the settings file names.
- Each unit's command line runs as systemd would run it (specifiers, ``$$`` and the environment of the unit and
  of its settings file, nothing of the caller's, the working folder), against a PostgreSQL database: the app
  answers and stops cleanly on SIGTERM; the backup writes a complete backup that the Sao lưu page lists; the check
  passes, then fails on a damaged archive; the reminders go out through the mail server of the settings file,
  signed in with the password of its file.
  systemd itself does not run them here (no service manager in the test machine): the account, the sandboxing and
  the restarts are not exercised, only declared and verified.
"""
from __future__ import annotations

import re
import shlex
import shutil
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cchc.store import db
from deploy.cluster import free_port, wait_until_up
from etl.operations.backup import list_backups, verify_backup
from etl.reports.ingest import ingest_bytes
from tests.conftest import PROJECT_ROOT, postgres_copy, run_cli
from tests.etl.reports.test_ingest import TODAY, targets_file
from tests.mail import smtp_server

UNITS = PROJECT_ROOT / "deploy" / "systemd"
INSTALL = "/srv/cchc"                      # where the units expect the checkout, and its .venv
ENV_FILE = "/etc/cchc/cchc.env"
README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
APP, TIMERS = "cchc-app@.service", ("cchc-backup.timer", "cchc-check.timer", "cchc-remind.timer")
JOBS = tuple(timer.replace(".timer", ".service") for timer in TIMERS)
# systemd's environment for a system service, before the unit's own (systemd.exec(5), "Environment variables in
# spawned processes"; HOME is the account's, StateDirectory=cchc)
MANAGER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"


def parse_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A unit file as systemd reads it: section → key → every value given, in order (no line continuations)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        assert current is not None and "=" in line and not line.endswith("\\"), (path.name, line)
        key, value = line.split("=", 1)
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def one(unit: dict, section: str, key: str) -> str:
    values = unit[section].get(key, [])
    assert len(values) == 1, (section, key, values)
    return values[0]


def words(unit: dict, section: str, key: str) -> set[str]:
    return {word for value in unit[section].get(key, []) for word in value.split()}


def parse_env_file(path: Path) -> dict[str, str]:
    """An EnvironmentFile= as systemd reads it: NAME=value lines, # and ; comments, a value's quotes removed."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        name, value = line.split("=", 1)
        assert re.fullmatch(r"[A-Z_][A-Z0-9_]*", name), line
        values[name] = shlex.split(value)[0] if value.strip() else ""
    return values


def _here(text: str) -> str:
    """A unit's text with the install folder and its Python replaced by this checkout's."""
    return text.replace(f"{INSTALL}/.venv/bin/python", sys.executable).replace(INSTALL, str(PROJECT_ROOT))


def test_systemd_analyze_verify_accepts_every_unit(tmp_path):
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: `make system-test-deps` installs Debian's systemd package"
    for unit in UNITS.glob("cchc*"):
        if unit.suffix in (".service", ".timer", ".target"):
            (tmp_path / unit.name).write_text(_here(unit.read_text(encoding="utf-8")), encoding="utf-8")
    (tmp_path / "cchc-app@8601.service").symlink_to(APP)          # a template is checked through an instance
    names = sorted(p.name for p in tmp_path.iterdir() if p.name != APP)
    assert names == ["cchc-app@8601.service", *sorted(JOBS + TIMERS), "cchc.target"]
    done = subprocess.run([analyze, "verify", "--man=no", "--recursive-errors=no", *names], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    # verify also exits 0 on a key it ignores ("Unknown key…, ignoring"): anything it says of these units fails
    said = [line for line in (done.stdout + done.stderr).splitlines() if "cchc" in line]
    assert done.returncode == 0 and said == [], done.stdout + done.stderr


def test_each_app_process_restarts_on_failure_unprivileged_with_the_shared_settings():
    unit = parse_unit(UNITS / APP)
    service = unit["Service"]
    assert one(unit, "Service", "Restart") == "on-failure" and one(unit, "Service", "RestartSec")
    assert one(unit, "Service", "User") == "cchc" and one(unit, "Service", "Group") == "cchc"
    assert service["EnvironmentFile"] == [ENV_FILE] and one(unit, "Service", "WorkingDirectory") == INSTALL
    argv = shlex.split(one(unit, "Service", "ExecStart"))
    assert argv[:5] == [f"{INSTALL}/.venv/bin/python", "-m", "streamlit", "run", "dashboard.py"]
    options = dict(zip(argv[5::2], argv[6::2]))
    assert options == {"--server.port": "%i", "--server.address": "127.0.0.1", "--server.headless": "true"}
    assert {"postgresql.service"} <= words(unit, "Unit", "Wants") & words(unit, "Unit", "After")
    assert one(unit, "Unit", "PartOf") == "cchc.target" and one(unit, "Install", "WantedBy") == "cchc.target"
    assert "STREAMLIT_SERVER_COOKIE_SECRET" in one(unit, "Service", "ExecStartPre")    # refused when empty
    target = parse_unit(UNITS / "cchc.target")
    assert one(target, "Install", "WantedBy") == "multi-user.target"


HARDENING = {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes",
             "PrivateDevices": "yes", "CapabilityBoundingSet": "", "RestrictSUIDSGID": "yes"}
RUNNING = {"Type", "ExecStartPre", "ExecStart", "Restart", "RestartSec", "TimeoutStopSec", "Environment",
           "EnvironmentFile", "WorkingDirectory"}      # how a service runs; the rest of its settings are its sandbox


@pytest.mark.parametrize("name", [APP, *JOBS])
def test_every_service_is_sandboxed_and_may_write_only_the_folders_of_the_settings(name):
    unit = parse_unit(UNITS / name)
    for key, value in HARDENING.items():
        assert one(unit, "Service", key) == value, key
    assert one(unit, "Service", "User") == "cchc" and unit["Service"]["EnvironmentFile"] == [ENV_FILE]
    settings = parse_env_file(UNITS / "cchc.env.example")
    assert words(unit, "Service", "ReadWritePaths") == {settings["CCHC_ARCHIVE"], settings["CCHC_BACKUP_DIR"]}
    # the rest of the sandbox is the app's: what the app may do, each job may do (pg_dump, the mail server)
    app = {key: values for key, values in parse_unit(UNITS / APP)["Service"].items() if key not in RUNNING}
    assert {key: unit["Service"].get(key) for key in app} == app


@pytest.mark.parametrize("timer", TIMERS)
def test_the_timers_are_daily_persistent_and_start_one_shot_jobs(timer):
    unit = parse_unit(UNITS / timer)
    assert one(unit, "Timer", "Persistent") == "true" and one(unit, "Install", "WantedBy") == "timers.target"
    job = parse_unit(UNITS / unit["Timer"].get("Unit", [timer.replace(".timer", ".service")])[0])
    assert one(job, "Service", "Type") == "oneshot"
    assert "Restart" not in job["Service"]             # a failed job stays failed: `systemctl --failed` shows it
    calendar = one(unit, "Timer", "OnCalendar")
    shown = subprocess.run(["systemd-analyze", "calendar", "--iterations=4", calendar], capture_output=True,
                           text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    times = [datetime.strptime(m, "%Y-%m-%d %H:%M:%S") for m in re.findall(
        r"(?:Next elapse|Iter\S* #\d+): \w+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", shown.stdout)]
    assert len(times) == 4 and all(b.date() - a.date() == timedelta(days=1) and a.time() == b.time()
                                   for a, b in zip(times, times[1:])), shown.stdout


def test_the_settings_file_names_what_the_code_reads():
    settings = parse_env_file(UNITS / "cchc.env.example")
    read = set()
    for module in ("cchc/config.py", "etl/operations/backup.py", "etl/operations/reminders.py", "web/session.py"):
        read |= set(re.findall(r"\"(CCHC_[A-Z_]+)\"", (PROJECT_ROOT / module).read_text(encoding="utf-8")))
    example = (UNITS / "cchc.env.example").read_text(encoding="utf-8")
    assert read and not [name for name in read if not re.search(rf"^#?{name}=", example, re.M)]
    assert settings["CCHC_DB"].startswith("postgresql://")
    # the cookie secret is not in the example (the recipe appends a new one), and the app refuses to start without
    assert "STREAMLIT_SERVER_COOKIE_SECRET" not in settings and "STREAMLIT_SERVER_COOKIE_SECRET" in example


def test_the_readme_recipe_installs_and_enables_the_shipped_units():
    """In each language: the recipe enables units that exist, every timer among them, and as many app processes
    as the shipped nginx site lists, on its ports."""
    ports = re.findall(r"server 127\.0\.0\.1:(\d+);", (PROJECT_ROOT / "deploy" / "nginx-cchc.conf").read_text())
    for text in README.split("\n# Hà Tĩnh administrative-reform"):
        enabled = re.findall(r"systemctl enable --now ([^`\n]+)", text)
        assert enabled, "each language's recipe enables the units"
        names = enabled[0].split()
        for name in names:
            shipped = re.sub(r"@\d+$", "@.service", name)
            assert (UNITS / (shipped if "." in shipped else shipped + ".service")).exists(), name
        assert set(TIMERS) <= set(names) and "cchc.target" in names
        assert sorted(re.findall(r"cchc-app@(\d+)", enabled[0])) == sorted(ports)
        assert "deploy/systemd/" in text and "cchc.env.example" in text and "journalctl -u cchc-app@" in text


# --- the command lines, run as systemd runs them -------------------------------------------------------------

def _expand(value: str, instance: str) -> list[str]:
    """An Exec line's arguments as systemd gives them: specifiers (only %i and %% are used), then the words, then
    ``$$`` (no unit names a variable for systemd to put in; no line has a prefix such as "-")."""
    assert not re.search(r"%[^i%]", value.replace("%%", "")), value
    expanded = value.replace("%i", instance).replace("%%", "%")
    argv = shlex.split(expanded)
    assert argv[0].startswith("/") and not re.search(r"\$(?!\$)", expanded.replace("$$", "")), value
    return [word.replace("$$", "$") for word in argv]


class Unit:
    """A unit of deploy/systemd, for this checkout (as in the verify test), with the settings file ``settings``."""

    def __init__(self, name: str, settings: Path, home: Path, instance: str = "") -> None:
        self.unit = parse_unit(UNITS / name)
        self.service = {key: [_here(v) for v in values] for key, values in self.unit["Service"].items()}
        self.instance = instance
        env = {"PATH": MANAGER_PATH, "LANG": "C.UTF-8", "HOME": str(home), "USER": "cchc", "LOGNAME": "cchc"}
        for value in self.service.get("Environment", []):
            env.update(word.split("=", 1) for word in shlex.split(value))
        assert self.unit["Service"]["EnvironmentFile"] == [ENV_FILE]
        env.update(parse_env_file(settings))
        self.env = env
        self.cwd = self.service["WorkingDirectory"][0]

    def argv(self, key: str) -> list[list[str]]:
        return [_expand(value, self.instance) for value in self.service.get(key, [])]

    def run(self, key: str = "ExecStart", *more: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """Each command line of ``key`` in turn, until one fails; ``more``: arguments added to the last."""
        done = None
        lines = self.argv(key)
        for n, argv in enumerate(lines, 1):
            argv = argv + list(more) if n == len(lines) else argv
            done = subprocess.run(argv, cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=timeout)
            if done.returncode:
                return done
        assert done is not None, key
        return done


@pytest.fixture
def deployment(tmp_path, postgres, postgres_catalog_template):
    """The recipe's settings file, for a private PostgreSQL database, archive and backups folder; the database
    holds one received file."""
    url = postgres_copy(postgres, postgres_catalog_template)
    archive, backups = tmp_path / "archive", tmp_path / "backups"
    conn = db.connect(url)
    try:
        received = ingest_bytes(conn, targets_file([{"target_code": "TTHC-3.1", "numerator": 450, "denominator": 500}]),
                                "h436.xlsx", "tester", archive, today=TODAY)
    finally:
        conn.close()
    assert received.status == "accepted"
    backups.mkdir()
    (tmp_path / "home").mkdir()
    values = {"CCHC_DB": url, "CCHC_ARCHIVE": str(archive), "CCHC_BACKUP_DIR": str(backups)}
    text = (UNITS / "cchc.env.example").read_text(encoding="utf-8")
    for name, value in values.items():
        text, n = re.subn(rf"^{name}=.*$", f"{name}={value}", text, flags=re.M)
        assert n == 1, name
    settings = tmp_path / "cchc.env"
    settings.write_text(text, encoding="utf-8")
    return settings, archive, backups


def _appended(settings: Path, **values: str) -> Path:
    with settings.open("a", encoding="utf-8") as out:
        out.writelines(f"{name}={value}\n" for name, value in values.items())
    return settings


def test_the_app_unit_serves_its_port_and_stops_cleanly(deployment, tmp_path):
    settings, _, _ = deployment
    port = str(free_port())
    without_secret = Unit(APP, settings, tmp_path / "home", instance=port)
    refused = without_secret.run("ExecStartPre")
    assert refused.returncode != 0 and "STREAMLIT_SERVER_COOKIE_SECRET" in refused.stderr

    unit = Unit(APP, _appended(settings, STREAMLIT_SERVER_COOKIE_SECRET="ab" * 32), tmp_path / "home", instance=port)
    assert unit.run("ExecStartPre").returncode == 0
    [argv] = unit.argv("ExecStart")
    assert argv[argv.index("--server.port") + 1] == port
    log = (tmp_path / "app.log").open("w")
    process = subprocess.Popen(argv, cwd=unit.cwd, env=unit.env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/_stcore/health", [process], timeout=120)
    finally:
        process.send_signal(signal.SIGTERM)                  # `systemctl stop`
        status = process.wait(timeout=30)
        log.close()
    # a stop is no failure (exit 0, or the SIGTERM itself): Restart=on-failure does not start it again
    assert status in (0, -signal.SIGTERM), (tmp_path / "app.log").read_text()


def test_the_backup_unit_writes_a_backup_the_page_lists(deployment, tmp_path):
    settings, _, backups = deployment
    done = Unit("cchc-backup.service", settings, tmp_path / "home").run()
    assert done.returncode == 0, done.stdout + done.stderr
    [made] = list(backups.iterdir())
    assert re.fullmatch(r"cchc-backup-\d{8}-\d{6}", made.name), made.name
    manifest = verify_backup(made)
    assert manifest["database"] == "postgresql" and manifest["submissions"] == 1 and manifest["problems"] == []
    assert [b.folder for b in list_backups(backups)] == [made]


def test_the_check_unit_passes_then_fails_on_a_damaged_archive(deployment, tmp_path):
    settings, archive, _ = deployment
    unit = Unit("cchc-check.service", settings, tmp_path / "home")
    passed = unit.run()
    assert passed.returncode == 0 and "nhất quán" in passed.stdout, passed.stdout + passed.stderr
    stray = archive / "ab" / ("ab" * 32 + ".xlsx")          # a file in the archive that nobody sent
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"not sent")
    failed = unit.run()
    assert failed.returncode == 1 and "không có bản nộp nào tương ứng" in failed.stdout


def test_the_remind_unit_sends_through_the_mail_server_of_the_settings(deployment, tmp_path):
    settings, _, _ = deployment
    contacts = tmp_path / "lien-he.csv"
    contacts.write_text("unit_code,email\nSNV,snv@hatinh.gov.vn\nSTP,stp@hatinh.gov.vn\n", encoding="utf-8")
    assert run_cli("contacts", "import", contacts, "--db", parse_env_file(settings)["CCHC_DB"]).returncode == 0
    password = tmp_path / "smtp-password"
    password.write_text("Mk-SMTP-2026\n", encoding="utf-8")
    with smtp_server("Mk-SMTP-2026") as (inbox, port):
        text = settings.read_text(encoding="utf-8")
        for name, value in {"CCHC_SMTP_HOST": "127.0.0.1", "CCHC_SMTP_PORT": str(port), "CCHC_SMTP_SECURITY": "none",
                            "CCHC_SMTP_PASSWORD_FILE": str(password)}.items():
            text, n = re.subn(rf"^{name}=.*$", f"{name}={value}", text, flags=re.M)
            assert n == 1, name
        settings.write_text(text, encoding="utf-8")
        # the day pinned (the sample catalogs plan 2024 only): five days after the fourth quarter's deadline
        done = Unit("cchc-remind.service", settings, tmp_path / "home").run("ExecStart", "--period", "2024-Q4",
                                                                            "--today", "2025-01-20")
    assert done.returncode == 0 and "Đã gửi 2 thư, lỗi 0." in done.stdout, done.stdout + done.stderr
    assert inbox.logins == ["cchc"] and len(inbox.messages) == 2              # the user and password of the settings
    assert all("https://cchc.hatinh.gov.vn/nop-bao-cao" in m.get_content() for m in inbox.messages)
