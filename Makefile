# The README's commands. `make help` lists them.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
export PORT
# `make edge`: the site (gunicorn) listens here, behind Varnish on $(PORT).
EDGE_BACKEND_PORT ?= 8001
# Installs come from lock files (`make lock` writes them from pyproject.toml):
# every package pinned, every file checked against its hash. base.txt is
# production's (the Dockerfile); dev.txt adds the demo's packages to it, and
# test.txt adds the test tools to dev.txt, all at the same pins.
BASE_LOCK := requirements/base.txt
LOCK := requirements/dev.txt
TEST_LOCK := requirements/test.txt
LOCK_TOOL := requirements/lock-tool.txt
# A stamp per locked set, so a second `make run` installs nothing and a changed
# lock file installs again.
STAMP := $(VENV)/.installed-$(shell cat $(LOCK) 2>/dev/null | md5sum | cut -c1-12)
TEST_STAMP := $(VENV)/.test-installed-$(shell cat $(LOCK) $(TEST_LOCK) 2>/dev/null | md5sum | cut -c1-12)
# `make lock` runs uv from its own venv, so the site's venv never holds it.
LOCK_VENV := .venv-lock
UV := $(LOCK_VENV)/bin/uv
# One resolution for every platform and Python 3.12+ (Linux lines carry no
# marker); UPGRADE=1 moves every pin to the newest version pyproject allows.
UV_COMPILE := UV_CUSTOM_COMPILE_COMMAND="make lock" $(UV) pip compile --quiet \
	--python $(LOCK_VENV)/bin/python --universal --python-version 3.12 --generate-hashes \
	$(if $(UPGRADE),--upgrade)

.DEFAULT_GOAL := help
.PHONY: help install install-test lock run serve edge test test-fast lint format check demo bench bench-two bench-editor bench-evidence-plan bench-import backup restore

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	@PY_BIN=$$(scripts/find-python) && echo "Using $$PY_BIN" && $$PY_BIN -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(STAMP): $(VENV)/bin/python $(LOCK)
	$(VENV)/bin/pip install --quiet --require-hashes -r $(LOCK)
	@rm -f $(VENV)/.installed-* && touch $@

# test.txt holds the site's and the demo's packages too, at the same pins as dev.txt.
$(TEST_STAMP): $(VENV)/bin/python $(LOCK) $(TEST_LOCK)
	$(VENV)/bin/pip install --quiet --require-hashes -r $(TEST_LOCK)
	@rm -f $(VENV)/.test-installed-* $(VENV)/.installed-* && touch $@ $(STAMP)

$(UV): $(LOCK_TOOL)
	@test -x $(LOCK_VENV)/bin/python || (PY_BIN=$$(scripts/find-python) && $$PY_BIN -m venv $(LOCK_VENV))
	$(LOCK_VENV)/bin/pip install --quiet --require-hashes -r $(LOCK_TOOL)
	@touch $@

install: $(STAMP) ## Create .venv and install the site's and the demo's dependencies

install-test: $(TEST_STAMP) ## Install test dependencies, Debian's Chromium for browser tests and Varnish for the edge's
	@scripts/ensure-chromium
	@scripts/ensure-varnish

lock: $(UV) ## Write requirements/*.txt from pyproject.toml (UPGRADE=1: newest allowed)
	$(UV_COMPILE) pyproject.toml -o $(BASE_LOCK)
	$(UV_COMPILE) pyproject.toml --extra demo -c $(BASE_LOCK) -o $(LOCK)
	$(UV_COMPILE) pyproject.toml --extra demo --extra test -c $(LOCK) -o $(TEST_LOCK)
	$(UV_COMPILE) --group lock -o $(LOCK_TOOL)

demo: install ## Migrate the SQLite database and load the demo content
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_data
	$(MANAGE) ensure_demo_admin

run: demo ## Install, load the demo and serve it at http://127.0.0.1:$(PORT)
	@echo "Serving on http://127.0.0.1:$(PORT)/ (East Sussex: http://eastsussex.localhost:$(PORT)/, South Tees: http://southtees.localhost:$(PORT)/)"
	@# publish_scheduled makes go-live and expiry dates happen; once a minute.
	@# db_worker runs the background tasks (renditions, purges, emails, imports).
	@# Its output is shown: under development settings each email the site sends
	@# (an invitation's link, say) is printed here by the console mail backend.
	@# send_reminders (hourly here; daily in production) enqueues term and meeting
	@# reminders; it records what it sent, so running it again sends nothing twice.
	@# training_housekeeping (hourly): training reminders, lapsed offers, retention.
	@(n=0; while sleep 60; do $(MANAGE) publish_scheduled >/dev/null 2>&1; \
	  if [ $$((n % 60)) -eq 0 ]; then $(MANAGE) send_reminders --verbosity 0 >/dev/null 2>&1; \
	    $(MANAGE) training_housekeeping --verbosity 0 >/dev/null 2>&1; fi; \
	  n=$$((n + 1)); done) & LOOP=$$!; \
	  $(MANAGE) db_worker --no-reload & WORKER=$$!; \
	  trap "kill $$LOOP $$WORKER 2>/dev/null" EXIT; \
	  $(MANAGE) runserver --insecure 127.0.0.1:$(PORT)

# The demo as production serves it, on this machine: Varnish with
# deploy/varnish/default.vcl on $(PORT), gunicorn on $(EDGE_BACKEND_PORT)
# behind it, and the task worker, which purges a partnership's host from
# Varnish after a publish (FRONTEND_CACHE_BACKEND=http). The development
# settings, with pages shareable for PAGE_CACHE_SECONDS (300 unless set).
# `curl -sI -H 'Host: eastsussex.localhost' http://127.0.0.1:$(PORT)/` shows X-Cache.
edge: demo ## Serve the demo behind the edge cache (Varnish) at http://127.0.0.1:$(PORT), with gunicorn and the worker
	@scripts/ensure-varnish
	@export DJANGO_SETTINGS_MODULE=config.settings.dev PAGE_CACHE_SECONDS=$${PAGE_CACHE_SECONDS:-300} \
	  TRUSTED_PROXY_COUNT=1 FRONTEND_CACHE_BACKEND=http \
	  FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:$(PORT); \
	  EDGE=$$(mktemp -d) || exit 1; \
	  $(MANAGE) collectstatic --noinput -v0 || exit 1; \
	  EDGE_BACKEND_HOST=127.0.0.1 EDGE_BACKEND_PORT=$(EDGE_BACKEND_PORT) \
	    $(PY) deploy/varnish/render.py > $$EDGE/default.vcl || exit 1; \
	  $(PY) -m gunicorn config.wsgi:application --bind 127.0.0.1:$(EDGE_BACKEND_PORT) \
	    --workers 2 --log-level warning & WEB=$$!; \
	  $(MANAGE) db_worker --no-reload & WORKER=$$!; \
	  trap "kill $$WEB $$WORKER 2>/dev/null; wait; rm -rf $$EDGE" EXIT; \
	  echo "Edge on http://127.0.0.1:$(PORT)/ (East Sussex: http://eastsussex.localhost:$(PORT)/), site on :$(EDGE_BACKEND_PORT); Ctrl-C stops all three"; \
	  $$(command -v varnishd || echo /usr/sbin/varnishd) -F -j none -n $$EDGE/varnish -f $$EDGE/default.vcl \
	    -a 127.0.0.1:$(PORT) -s malloc,256m

test: install-test ## Install what tests need and run the whole suite
	$(VENV)/bin/pytest -n 2 --durations=15

lint: install-test ## ruff: lint and formatting
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test ## Fix lint and formatting where ruff can
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install ## Django's system checks and migration drift
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

backup: install ## Back up the database and media to backups/site-<date>.tar.gz
	$(MANAGE) backup_site

restore: install ## Restore ARCHIVE=backups/site-<date>.tar.gz into an empty database
	@test -n "$(ARCHIVE)" || (echo "Usage: make restore ARCHIVE=backups/site-<date>.tar.gz" && exit 2)
	$(MANAGE) restore_site "$(ARCHIVE)"

bench: install ## Benchmark on PostgreSQL and SQLite: CPU per page (BAKERYDEMO_DIR: against bakerydemo), the edge, after a publish
	@scripts/ensure-wrk
	@scripts/ensure-varnish
	$(PY) benchmarks/run.py

bench-editor: install ## Time to open the plan's edit form (68 indicators, 47 activities); target under 1.5 s
	$(PY) benchmarks/plan_edit_form.py

bench-evidence-plan: install ## The plan page with 68 indicators x 8 periods of evidence: gzip size and CPU
	$(PY) benchmarks/evidence_plan.py

bench-import: install ## Moving in: import 200 generated PDFs twice (the second all duplicates); time and peak memory
	$(PY) benchmarks/import_pdfs.py

bench-two: install ## Two gunicorn processes sharing PostgreSQL and Redis: no stale page, no error
	@scripts/ensure-wrk
	$(PY) benchmarks/two_processes.py
