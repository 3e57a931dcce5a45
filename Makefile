# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= portfolio.settings.dev

.PHONY: run test bench install setup demo worker beat web check clean-db

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Migrate, load reference data and the demo programme (idempotent: existing data is kept).
setup: install
	mkdir -p var/celery-broker/processed var/celery-broker/control
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_reference_data
	$(PY) manage.py seed_demo

# Web, Celery worker and beat with the embedded broker: no Redis or PostgreSQL needed.
run: setup
	@echo "Starting the Celery worker with embedded beat (filesystem broker in var/celery-broker)..."
	@trap 'kill 0' EXIT INT TERM; \
	$(VENV)/bin/celery -A portfolio worker -B --loglevel=INFO --concurrency=2 --pidfile= \
		--logfile=var/celery.log & \
	echo "Celery log: var/celery.log"; \
	echo "Serving on http://$(HOST):$(PORT)/  (back office: http://$(HOST):$(PORT)/admin/)"; \
	$(PY) manage.py runserver $(HOST):$(PORT)

web: install
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(VENV)/bin/celery -A portfolio worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A portfolio beat --loglevel=INFO

# The whole suite. DATABASE_URL / CELERY_BROKER_URL / REDIS_URL select real services when set.
# Always the test settings (eager Celery, in-memory mail, fast hashing), whatever the shell exports.
test: export DJANGO_SETTINGS_MODULE := portfolio.settings.test
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

check: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

# Benchmarks (not tests): figures go to docs/benchmarks.md by hand after a run.
bench: install
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e '.[test,bench]'
	$(PY) -m tests.benchmarks.run $(BENCH_ARGS)

clean-db:
	rm -f var/db.sqlite3 var/db.sqlite3-wal var/db.sqlite3-shm
