# The README's commands. Everything runs inside .venv, made by scripts/bootstrap.sh; what the
# machine lacks (Debian packages, Python, npm assets) comes through scripts/system-deps.sh, whose
# purpose each target below sets (test and bench need more than the demo).
PORT ?= 8000
DEPS_FOR = setup
PY := .venv/bin/python
MANAGE := $(PY) manage.py
DEMO_ENV := DEBUG=1

.PHONY: demo test test-fast lint format typecheck bench setup assets messages serve clean

setup:
	./scripts/system-deps.sh $(DEPS_FOR)
	DEBUG=1 $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

demo: setup
	$(PY) -m config.devenv
	$(DEMO_ENV) $(MANAGE) migrate --no-input -v 0
	$(DEMO_ENV) $(MANAGE) createcachetable
	$(DEMO_ENV) $(MANAGE) import_sample_data
	$(DEMO_ENV) $(MANAGE) load_demo
	$(PY) scripts/demo.py

test: DEPS_FOR = test
test: setup
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=1 $(PY) -m mypy .

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

messages: setup
	DEBUG=1 $(MANAGE) makemessages -l nb -l nn -l en --ignore=.venv --ignore=node_modules --ignore=.tools --no-obsolete
	DEBUG=1 $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

bench: DEPS_FOR = bench
bench: setup
	$(PY) -m bench

clean:
	rm -rf .venv .tools node_modules kaaring/static/vendor staticfiles var
