# The two commands of the quick start: `make run` and `make test`.
# Everything they need (virtualenv, packages, the embedded PostgreSQL, Chromium for
# the browser tests) is created here, so a fresh machine needs nothing installed by hand.

PYTHON ?= python3.11
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
# The stamp is newer than pyproject.toml once its pins are installed.
INSTALLED := $(VENV)/.installed

.PHONY: run test lint bench check clean chromium

run: $(INSTALLED) .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	exec $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(INSTALLED) chromium lint
	exec $(BIN)/python -m forum.embedded_postgres --throwaway -- $(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(INSTALLED)
	exec $(BIN)/python -m forum.embedded_postgres --throwaway -- $(BIN)/python -m benchmarks.run

check: $(INSTALLED)
	DEBUG=0 SECRET_KEY=check-only-$$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n') \
	ALLOWED_HOSTS=forum.example DATABASE_URL=postgres://unused/forum \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "venv needs Debian's python3-venv; installing it" && rm -rf $(VENV) && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && \
	  $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# A local settings file for development: a random secret key and DEBUG on.
# Production sets real environment variables instead (see README).
.env:
	printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" > $@

# Browser tests drive Debian's Chromium; Playwright cannot download its own here.
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

clean:
	rm -rf $(VENV) *.egg-info
