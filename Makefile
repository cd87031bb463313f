# armswatch — two commands on a fresh machine:
#   make demo   install into .venv, run the main job on the example articles (SQLite store demo.db) and serve
#               the web UI on it (http://127.0.0.1:8000; Ctrl-C stops it)
#   make test   install into .venv (with test tools) and run the linter and the test suite
# and: make bench (accuracy on ../shared corpora, articles/s), make lint

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test lint bench clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/armswatch ingest examples/articles.jsonl --db demo.db
	$(BIN)/armswatch deals --db demo.db
	$(BIN)/armswatch show PAK-AZE-JF17-2024 --db demo.db
	$(BIN)/armswatch serve --db demo.db

# the browser tests drive Debian's Chromium (no browser download): install it when it is missing
chromium:
	@command -v chromium >/dev/null 2>&1 || { echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	  echo "could not install chromium (not root?): the browser tests will be skipped"; }

test: $(VENV)/.installed chromium
	$(BIN)/ruff check src tests tools bench
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests tools bench

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py --shared $(SHARED)

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache .ruff_cache
