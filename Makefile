# Newsroom: `make run` starts the demo, `make test` runs the checks. See README.md.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install lock messages test test-services test-browser bench lint clean

# Exactly the versions in requirements.lock (what CI runs), then the project itself.
$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit("Newsroom needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

# Renew requirements.lock: the newest versions pyproject.toml's ranges admit, for every extra.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e ".[dev,bench]"
	{ echo "# Exact versions of every package Newsroom installs (make install, CI). Renew: make lock."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

# The interface's translations: catalogues (locale/<code>/LC_MESSAGES/django.po) compiled with
# Babel, so that nothing beyond the Python packages is needed. `make messages` (GNU gettext)
# gathers new strings into them.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
locale/%.mo: locale/%.po $(VENV)/.installed
	$(VENV)/bin/pybabel --quiet compile --statistics -i $< -o $@

install: $(VENV)/.installed $(CATALOGUES:.po=.mo)

messages: install
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=var --ignore=tests --no-obsolete

# The embedded default: SQLite, files under var/, tasks run eagerly. DEBUG is on for the demo only.
run: export DEBUG ?= true
run: install
	$(PY) -m newsroom.local_env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(VENV)/bin/pytest

# The whole suite on PostgreSQL with the cache on Redis, plus the tests marked `services` (real
# Celery workers on Redis); then the photo and rendition suites again with their files on an S3
# server the tests start on loopback. Defaults are the local services; CI runs it after `make test`.
test-services: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/newsroom} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/1} \
	$(VENV)/bin/pytest -m "not browser" -p no:cacheprovider
	TEST_MEDIA_STORAGE=s3 $(VENV)/bin/pytest tests/media -m "not browser" -p no:cacheprovider

# The editor's flow in a real headless Chromium (Debian's package: apt-get install chromium).
test-browser: install
	$(VENV)/bin/pytest -m browser -p no:cacheprovider

# Every benchmark in tests/benchmarks, each against its baseline in the same run. BENCH_ARGS=--quick
# runs the small versions that CI uses.
bench: install
	$(PY) -m tests.benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
