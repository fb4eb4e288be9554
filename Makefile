# The two commands: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make serve HOST=0.0.0.0 PORT=9000` passes them on; otherwise the settings decide
# (STANCEGRAPH_HOST, STANCEGRAPH_PORT, defaults in server/stancegraph/core/settings.py).
SERVE_OPTIONS := $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

.PHONY: serve test build validate lint soak attack clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The editable install maps the three source roots (ontology/, mappings/, server/) onto the one
# ``stancegraph`` namespace; setuptools' note on editable finders is for flat layouts, not ours.
EDITABLE := PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet -e

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(EDITABLE) .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(EDITABLE) '.[test]'
	touch $@ $(VENV)/.installed

serve: $(VENV)/.installed
	$(BIN)/stancegraph serve $(SERVE_OPTIONS)

build: $(VENV)/.installed
	$(BIN)/stancegraph build

validate: $(VENV)/.installed
	$(BIN)/stancegraph validate

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Comunica, the JavaScript SPARQL client tests/test_comunica.py runs, at the versions that
# tests/clients/package-lock.json pins (npm ci: exactly those, or fail); needs node and npm.
CLIENTS := tests/clients
$(CLIENTS)/node_modules/.installed: $(CLIENTS)/package.json $(CLIENTS)/package-lock.json
	cd $(CLIENTS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: lint $(CLIENTS)/node_modules/.installed
	$(BIN)/stancegraph validate
	$(BIN)/pytest

# Five minutes of mixed load on a live server; fails on any error or 10 % worker RSS growth.
soak: $(VENV)/.installed
	PYTHON=$(BIN)/python bench/soak --duration 300

# The attacks of issue 16 on a live server for about four minutes, then a table of which held
# (not part of `make test`); `make attack ARGS=--write` also records it in SECURITY.md.
attack: $(VENV)/.installed
	PYTHON=$(BIN)/python bench/attack $(ARGS)

# Mutation testing of the core modules with mutmut, on a copy of the project (not part of `make
# test`; about 40 minutes on two cores). `make mutation MODULE=query_guard` (or MODULE=rdf,excerpts)
# runs some of them; the modules and their tests are listed in mutation/modules.toml. TESTING.md
# has the scores and every surviving mutant.
.PHONY: mutation
mutation: $(VENV)/.installed-mutation
	$(BIN)/python mutation/run.py $(if $(MODULE),--module $(MODULE))

$(VENV)/.installed-mutation: pyproject.toml | $(BIN)/python
	$(EDITABLE) '.[test,mutation]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

clean:
	rm -rf dist build *.egg-info .pytest_cache .mypy_cache .ruff_cache
