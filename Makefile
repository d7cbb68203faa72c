# Two commands from a fresh clone: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench bench-roster bench-matching bench-analytics bench-notifications bench-pages

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# `make run PORT=8080` serves on another port; links in emails and calendar files follow it
# (SITE_URL, unless you set it yourself). Beside the server, the reminder scans and the outbox
# run once a minute in-process (what beat and a worker do in production); they stop with it.
PORT ?= 8000

run: install
	@export DEBUG="$${DEBUG:-0}" SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 \
	  SECRET_KEY="$${SECRET_KEY:-$$(cat .venv/.secret_key 2>/dev/null || python3 -c 'import secrets; print(secrets.token_urlsafe(50))' | tee .venv/.secret_key)}" \
	  SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"; \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py seed_demo && \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0 && \
	echo "Serving $$SITE_URL; reminders and emails are sent from this console every minute." && \
	{ $(BIN)/python manage.py send_due_notifications --every 60 & sweeper=$$!; \
	  trap 'kill $$sweeper 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT); }

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

# The issue-14 benchmarks (bench/README.md): each size in its own process on a throwaway database
# (SQLite, or PostgreSQL when DATABASE_URL names one), one key=value line per size. The analytics
# and notifications benchmarks take longer and stay separate: make bench-analytics, make
# bench-notifications.
bench: install
	$(BIN)/python bench/roster.py --rows 10000 --mode fresh
	$(BIN)/python bench/roster.py --rows 10000 --mode update
	$(BIN)/python bench/roster.py --rows 100000 --mode fresh
	$(BIN)/python bench/roster.py --rows 100000 --mode update
	$(BIN)/python bench/matching.py --mentees 2000 --mentors 800
	$(BIN)/python bench/matching.py --mentees 10000 --mentors 4000
	@echo "Also: make bench-analytics, make bench-notifications."

bench-roster: install
	$(BIN)/python bench/roster.py

bench-matching: install
	$(BIN)/python bench/matching.py

bench-analytics: install
	$(BIN)/python bench/analytics.py

bench-notifications: install
	$(BIN)/python bench/notifications.py

# Issue 17's page budget: 2,000 pairs with a year of activity served by gunicorn (3 workers) on
# PostgreSQL (DATABASE_URL must name a server), p50/p95 of the daily pages next to /healthz.
bench-pages: install
	$(BIN)/python bench/pages.py
