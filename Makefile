# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo's data folder; a real site names its own (docs/configuration.md).
DEMO_DATA_DIR ?= data

.PHONY: demo test install lint messages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Install, migrate the embedded SQLite database, load the demo content, serve on http://$(HOST):$(PORT)
## (with the background worker that publishes scheduled texts)
demo: export COMMUNIQUE_DATA_DIR ?= $(DEMO_DATA_DIR)
demo: $(STAMP)
	$(BIN)/communique migrate --no-input
	$(BIN)/communique demo
	$(BIN)/communique worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/communique serve --host $(HOST) --port $(PORT)

## Install and run the whole suite (DATABASE_URL=postgres://... runs it on PostgreSQL)
test: $(STAMP)
	COMMUNIQUE_DATA_DIR=$${COMMUNIQUE_DATA_DIR:-var/test} $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# Commands that need no site of their own read the settings with a scratch data folder.
DEV_ENV := COMMUNIQUE_DATA_DIR=$${COMMUNIQUE_DATA_DIR:-var/dev}

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/bandit -q -r src -c pyproject.toml
	$(DEV_ENV) $(BIN)/communique catalogs check

## Re-extract the interface's strings into the catalogs, then compile them (see docs/languages.md)
messages: $(STAMP)
	$(DEV_ENV) $(BIN)/communique catalogs update
	$(DEV_ENV) $(BIN)/communique catalogs compile

# Benchmarks build their own sites in a scratch data folder.
BENCH_ENV := COMMUNIQUE_DATA_DIR=$${COMMUNIQUE_DATA_DIR:-var/bench}

## Run the benchmarks; the last prints the speed table of docs/performance.md
## (BENCH_ARGS=--quick: 10,000 releases only, shorter loads)
bench: $(STAMP)
	$(BENCH_ENV) $(BIN)/python bench/bench_calendar.py
	$(BENCH_ENV) $(BIN)/python bench/bench_pages.py
	$(BENCH_ENV) $(BIN)/python bench/bench_search.py $(BENCH_SEARCH_ARGS)
	$(BENCH_ENV) $(BIN)/python bench/bench_distribution.py
	$(BENCH_ENV) $(BIN)/python bench/bench_api.py
	$(BENCH_ENV) $(BIN)/python bench/bench_import.py
	$(BENCH_ENV) $(BIN)/python bench/bench_webhooks.py
	$(BENCH_ENV) $(BIN)/python bench/bench_delivery.py
	$(BENCH_ENV) $(BIN)/python bench/bench_render.py
	$(BENCH_ENV) $(BIN)/python bench/bench_publishing.py
	$(BENCH_ENV) $(BIN)/python bench/bench_speed.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var data test-output
