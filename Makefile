# carereview: two commands from a fresh clone — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SMTP_PORT ?= 1025

.PHONY: install run test lint bench assets migrate demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs the locked dependencies, the project itself (the `carereview` command) and the
# front-end assets (GOV.UK Frontend from the npm registry, compiled with Arial).
$(VENV)/.installed: $(BIN)/python requirements/dev.lock pyproject.toml package.json package-lock.json
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(MAKE) assets
	touch $@

install: $(VENV)/.installed

assets:
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

migrate: install
	$(BIN)/carereview migrate --no-input

demo: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/carereview loaddemo

# The development server, and beside it the worker that sends email (`db_worker`), the outbox's
# safety net every 5 minutes (`sendpending`), the reminder run every hour, and (unless EMAIL_HOST
# is set) a local mail server that prints what it gets. Ctrl-C stops them all.
run: demo
	@export DJANGO_DEBUG=$${DJANGO_DEBUG:-1}; \
	if [ -z "$$EMAIL_HOST" ]; then \
	  export EMAIL_HOST=127.0.0.1 EMAIL_PORT=$(SMTP_PORT); \
	  $(BIN)/python -m aiosmtpd -n -l 127.0.0.1:$(SMTP_PORT) & mail=$$!; \
	fi; \
	$(BIN)/carereview db_worker --no-reload & worker=$$!; \
	$(BIN)/carereview sendpending --loop 300 & pending=$$!; \
	$(BIN)/carereview reminders --loop 3600 & reminders=$$!; \
	trap 'kill $$worker $$pending $$reminders $$mail 2>/dev/null' EXIT INT TERM; \
	$(BIN)/carereview runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check carereview tests bench
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check carereview tests bench
	$(BIN)/ruff format --check carereview tests bench

bench: install
	$(BIN)/python -m bench.timescales
	$(BIN)/python -m bench.ssda903_import

clean:
	rm -rf $(VENV) node_modules carereview/static/dist staticfiles
