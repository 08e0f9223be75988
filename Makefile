# The two commands: `make run` serves the site, `make test` runs every quality gate.
# Needs only Python 3.11+ and make; PostgreSQL comes embedded from a pip wheel.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
export HOST PORT

.PHONY: run test lint suite setup messages browser lock clean worker fault-test

run: setup
	$(BIN)/python manage.py setup_site --host $(HOST) --port $(PORT)
	exec $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup browser lint suite

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py makemessages --check

# The slowest tests are listed at the end, so that a CI log shows where the fifteen minutes go.
suite: setup
	$(BIN)/python -m pytest --numprocesses=auto --maxprocesses=4 --durations=25 --durations-min=5 $(PYTEST_ARGS)

# The background task worker, as production runs it, for a site started with TASK_WORKER=true make run.
worker: setup
	TASK_WORKER=true exec $(BIN)/python manage.py db_worker

# Only the tests that break things under real processes: a PostgreSQL restart and a killed worker
# while e-mails are queued, Redis dying under the site, gunicorn workers sharing one rate limit.
fault-test: setup
	$(BIN)/python -m pytest --numprocesses=2 tests/faults $(PYTEST_ARGS)

setup: $(VENV)/.installed
	$(BIN)/python manage.py compile_catalogues --verbosity 0

# After changing interface text: bring locale/*/django.po up to date (needs GNU gettext), then translate.
messages: setup
	$(BIN)/python manage.py makemessages
	$(BIN)/python manage.py compile_catalogues

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) scripts/check_python.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

# Chromium, pdftotext and GNU gettext for the tests; installed when missing and we may (root with apt-get).
browser:
	@scripts/ensure_test_tools.sh

# Re-pin every dependency from pyproject.toml into requirements.lock in a throw-away environment.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check ".[dev,elasticsearch]"
	.lock-venv/bin/pip freeze --exclude-editable | grep -v '^innovatarium' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) staticfiles
