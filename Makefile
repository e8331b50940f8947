# Làm theo Bác — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test browser venv install install-dev lint migrate demo clean bench

$(VENV)/bin/activate:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "Cần Python 3.11 trở lên (Python >= 3.11 required); đang có: $$($(PYTHON) --version 2>&1)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

venv: $(VENV)/bin/activate

install: venv
	$(PY) -m pip install --quiet -e .

install-dev: venv
	$(PY) -m pip install --quiet -e '.[dev]'

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(TESTENV) $(VENV)/bin/mypy

# Serve the demo on http://$(HOST):$(PORT) with a local SQLite database under var/, and one worker of the task
# queue beside it (its lines, the tasks' progress among them, are mixed with the server's); Ctrl-C stops both.
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo --if-empty
	DEBUG=1 $(PY) manage.py demo_logins
	@DEBUG=1 $(PY) manage.py worker --no-startup-delay & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Lint, then the whole suite: on SQLite, or on the database DATABASE_URL points at; then the browser journeys
# in a run of their own (they need the demo committed in their database). BROWSER=0 leaves the journeys out
# (CI runs them once, see .ci/run); PYTEST_ARGS and BROWSER_ARGS go to pytest. The suite runs in TEST_JOBS
# processes (pytest-xdist; auto = one per core, 0 = in this process), each module whole in one of them (the
# worlds and the demo copy a module shares are built once: tests/shared.py, tests/demo_db.py); the journeys
# too, each process with its own database, demo and live server.
BROWSER ?= 1
TEST_JOBS ?= auto
# LINT=0: the lint already ran (CI runs it once for both databases).
LINT ?= 1
TESTENV := DEBUG=0 SECRET_KEY=tests-only-secret TESTING=1
JOURNEYS := @echo "== Browser journeys (Chromium; skipped with the reason shown when no browser is found) =="
test: $(if $(filter 0,$(LINT)),install-dev,lint)
	$(TESTENV) $(PY) manage.py makemigrations --check --dry-run
	$(TESTENV) $(VENV)/bin/pytest --ignore=tests/browser -n $(TEST_JOBS) --dist loadscope $(PYTEST_ARGS)
ifeq ($(BROWSER),1)
	$(JOURNEYS)
	$(TESTENV) $(VENV)/bin/pytest tests/browser -rs -n $(TEST_JOBS) --dist loadscope $(BROWSER_ARGS)
else
	@echo "== Browser journeys: not in this run (BROWSER=$(BROWSER)) =="
endif

# The browser journeys alone.
browser: install-dev
	$(JOURNEYS)
	$(TESTENV) $(VENV)/bin/pytest tests/browser -rs -n $(TEST_JOBS) --dist loadscope $(BROWSER_ARGS)

clean:
	rm -rf $(VENV) var/static .pytest_cache .ruff_cache

# The benchmark suite: `make bench` (a few minutes, SQLite) or `make bench BENCH_ARGS=` (the full run on
# PostgreSQL with a province and the whole country); a table on screen, JSON under bench/results/.
BENCH_ARGS ?= --quick
bench: install-dev
	$(PY) bench/suite.py $(BENCH_ARGS)
