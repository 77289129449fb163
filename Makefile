# ODOP Market. `make run` sets up from nothing and serves http://127.0.0.1:8000;
# `make test` runs the whole suite against PostgreSQL and Redis, browser journeys included;
# `make e2e` runs only those (tests/e2e: Debian's Chromium, screenshots in tests/e2e/artifacts).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests and benchmarks: override with DATABASE_URL / REDIS_URL in the environment.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/odop_market
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1

.PHONY: run setup test e2e bench lint format messages clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(BIN)/.installed

run: setup
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py load_districts
	DEBUG=true $(PY) manage.py seed_demo
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/pytest

e2e: setup
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/pytest tests/e2e

bench: setup
	$(PY) bench/run.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: setup
	DEBUG=true $(PY) manage.py makemessages -l hi --no-obsolete --ignore=.venv --ignore=tests --ignore=bench
	DEBUG=true $(PY) manage.py compilemessages -l hi --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
