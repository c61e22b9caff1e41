# The two commands of the quick start: `make run` and `make test`.
# Everything they need (virtualenv, packages, the embedded PostgreSQL, Chromium for
# the browser tests) is created here, so a fresh machine needs nothing installed by hand.

PYTHON ?= python3.11
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
# The stamp is newer than pyproject.toml once its pins are installed.
INSTALLED := $(VENV)/.installed
MUTATION_INSTALLED := $(VENV)/.installed-mutation
# axe-core for the accessibility tests (its rule is below).
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js
# One install at a time: a second `make test` started meanwhile waits, then finds it done.
INSTALL_LOCK := mkdir -p .tmp && flock .tmp/install.lock

.PHONY: run test lint bench check clean chromium mutate backup restore screenshots

# The site and a job worker (emails are sent by the worker and printed in this terminal);
# one Ctrl-C stops both, and the embedded database with them.
run: $(INSTALLED) .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	exec $(BIN)/python manage.py runsite 127.0.0.1:$(PORT)

test: $(INSTALLED) chromium $(AXE) lint
	exec $(BIN)/python -m forum.embedded_postgres --throwaway -- $(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(INSTALLED)
	exec $(BIN)/python -m forum.embedded_postgres --throwaway -- $(BIN)/python -m benchmarks.run

# docs/screenshots/: the first pages a newcomer sees, 360 and 1280 px, light and dark, from the
# demo data on a throwaway database (tools/screenshots.py).
screenshots: $(INSTALLED) chromium
	exec $(BIN)/python -m forum.embedded_postgres --throwaway -- $(BIN)/python tools/screenshots.py

# The database (pg_dump) and the uploaded files into backups/<UTC time>/; `make restore` puts
# back the latest (or BACKUP=backups/<folder>), replacing what is there, after asking.
BACKUP ?=
backup: $(INSTALLED)
	$(BIN)/python manage.py backup

restore: $(INSTALLED)
	$(BIN)/python manage.py restore $(BACKUP)

check: $(INSTALLED)
	DEBUG=0 SECRET_KEY=check-only-$$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n') \
	ALLOWED_HOSTS=forum.example DATABASE_URL=postgres://unused/forum \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

ifndef INSTALL_LOCK_HELD
# Take the lock, then ask again: the run we waited for may have installed everything.
$(INSTALLED): pyproject.toml
	$(INSTALL_LOCK) $(MAKE) --no-print-directory INSTALL_LOCK_HELD=1 $@
else
$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "venv needs Debian's python3-venv; installing it" && rm -rf $(VENV) && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && \
	  $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@
endif

$(MUTATION_INSTALLED): $(INSTALLED)
	$(INSTALL_LOCK) $(BIN)/pip install --quiet -e '.[test,mutation]'
	touch $@

# A local settings file for development: a random secret key and DEBUG on.
# Production sets real environment variables instead (see README).
.env:
	printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" > $@

# axe-core for the accessibility tests (tests/browser/test_accessibility.py), pinned in its
# package-lock.json; Node.js and npm come with Debian (installed here where missing).
$(AXE): tests/browser/axe/package-lock.json
	command -v npm >/dev/null || $(INSTALL_LOCK) sh -c 'command -v npm >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }'
	npm ci --prefix tests/browser/axe --no-audit --no-fund --ignore-scripts
	touch $@

# Browser tests drive Debian's Chromium; Playwright cannot download its own here.
chromium:
	@command -v chromium >/dev/null || $(INSTALL_LOCK) sh -c 'command -v chromium >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }'

# Mutation testing of the domain modules ([tool.mutmut] in pyproject.toml), written up in
# docs/MUTATION.md; not part of `make test`. A run over all of them takes longer than the
# 20-minute budget on 2 cores (forum/markup alone does), so the unit is a module:
#   make mutate MODULE=forum/comments/services.py      (or a folder, or several, space-separated)
# MUTATE_MINUTES bounds a run; what is left then shows as "not checked" in the report.
# mutmut works on a copy in mutants/, never on the work tree; the copy is made afresh each run,
# as mutmut keeps stale copies of files already there. Mutants run one at a time
# (--max-children 1): they share one test database.
MODULE ?=
MUTATE_MINUTES ?= 20
MUTANT_NAMES = $(foreach module,$(MODULE),"$(subst /,.,$(basename $(patsubst %/,%,$(module)))).*")

mutate: $(MUTATION_INSTALLED)
	rm -rf mutants
	started=$$(date +%s); source=$$(git rev-parse --short HEAD); \
	git diff --quiet HEAD -- $(or $(MODULE),forum accounts) || source="$$source with uncommitted changes"; \
	CONN_MAX_AGE=0 $(BIN)/python -m forum.embedded_postgres --throwaway -- \
	  timeout --signal=INT --kill-after=60 $(MUTATE_MINUTES)m $(BIN)/mutmut run --max-children 1 $(MUTANT_NAMES); \
	status=$$?; [ $$status -eq 0 ] || [ $$status -eq 124 ] || exit $$status; \
	$(BIN)/python tools/mutation_report.py --source "$$source" --budget-minutes $(MUTATE_MINUTES) \
	  --seconds $$(( $$(date +%s) - started )) $(MODULE)

clean:
	rm -rf $(VENV) *.egg-info .tmp mutants
