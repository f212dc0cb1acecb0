# The two commands of the README: `make run` and `make test`. Both set up what they need.
# Variables: PORT (default 8501), CCHC_DB (database file, default data/cchc.duckdb), PYTHON.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
export CCHC_DB ?= data/cchc.duckdb
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends

.PHONY: run test lint bench init venv system-test-deps clean

# --- environments ------------------------------------------------------------------------------
$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { $(SUDO) apt-get update -q && $(APT_INSTALL) python3-venv; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

# The app's environment alone, for a server (the README's systemd recipe): no sample data, no test tools.
venv: $(VENV)/.runtime

$(VENV)/.testing: requirements-test.txt $(VENV)/.runtime
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-test.txt
	touch $@

# Debian's Chromium drives the browser tests; Playwright never downloads a browser of its own. npm installs
# axe-core, below.
# poppler-utils gives pdftotext, with which the tests read the meeting deck's PDF. The tests start their own
# PostgreSQL server (Debian's package; initdb in a temporary folder) and nginx (the cluster test). systemd gives
# systemd-analyze, which checks the units of deploy/systemd (no service manager needs to run).
system-test-deps:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null && fc-list | grep -qi noto \
	  && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null \
	  && command -v npm >/dev/null && command -v systemd-analyze >/dev/null || \
	  { $(SUDO) apt-get update -q && $(APT_INSTALL) chromium fonts-noto-core fontconfig poppler-utils postgresql nginx npm systemd; }

# axe-core, the accessibility checker the browser tests run in every page: the version pinned in the lock file,
# installed again only when the lock file changes.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json | system-test-deps
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $@

# --- the two commands ----------------------------------------------------------------------------
# The app loads the sample data in the background (a banner says how far): the first page does not wait.
init: $(VENV)/.runtime
	$(PY) -m etl init --demo --background

run: init
	@echo "Ứng dụng / app: http://localhost:$(PORT)  (Ctrl+C để dừng / to stop)"
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

# The suite runs the code's own checks too (tests/test_code.py); `make lint` runs them alone, faster to read.
test: $(VENV)/.testing system-test-deps $(AXE)
	$(PY) -m pytest

lint: $(VENV)/.testing
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

bench: $(VENV)/.testing system-test-deps
	$(PY) bench/startup.py
	$(PY) bench/ingest.py
	$(PY) bench/pages.py
	$(PY) bench/deck.py
	$(PY) bench/periodic.py
	$(PY) bench/scorecards.py
	$(PY) bench/housekeeping.py
	$(PY) bench/load.py
	$(PY) bench/deadline.py
	$(PY) bench/years.py
	$(PY) bench/browser.py

clean:
	rm -rf $(VENV) .pytest_cache test-output tests/browser/node_modules
