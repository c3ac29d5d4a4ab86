# The README's commands. `make run` and `make test` work on a fresh clone with Python 3.11.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve migrate seed test lint format clean bench bench-restart

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $@

install: $(BIN)/.installed

migrate: install
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py import_indicators

run: seed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Like production on this machine: DEBUG off, collected and compressed static files,
# gunicorn (gunicorn.conf.py), plain HTTP. The key is a throwaway for this target only.
SERVE_ENV := DEBUG=false SECURE_SSL_REDIRECT=false \
	SECRET_KEY=local-serve-only-throwaway-key-not-for-any-real-deployment-0123456789
serve: seed
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(SERVE_ENV) HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The hostile-input tests with many more examples than the suite gives them.
FUZZ_EXAMPLES ?= 500
.PHONY: fuzz
fuzz: install
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_robustness.py $(PYTEST_ARGS)

# Headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) through Playwright,
# with axe-core accessibility checks; screenshots of failures go to artifacts/browser/.
.PHONY: test-browser
test-browser: install
	$(BIN)/python -m pytest -m browser tests/browser $(PYTEST_ARGS)

# The benchmark (docs/performance.md): its own PostgreSQL database portal_bench, the seed
# and then 10,000 synthetic clusters, gunicorn and wrk on 127.0.0.1. Not part of the tests.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The same, then a PostgreSQL restart under load. It restarts the whole database server:
# only when nobody else is using it.
bench-restart: install
	$(BIN)/python bench/run.py --restart $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Collect the interface's strings into locale/de/LC_MESSAGES/django.po, then compile it
# after translating. Needs GNU gettext; the compiled .mo is committed, so nothing else does.
MESSAGES_OPTIONS := -l de --ignore=.venv --ignore=staticfiles --ignore=artifacts \
	--ignore=bench
.PHONY: messages
messages: install
	$(BIN)/python manage.py makemessages $(MESSAGES_OPTIONS) --no-obsolete \
		--add-location=file
	$(BIN)/python manage.py compilemessages $(MESSAGES_OPTIONS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache build *.egg-info
