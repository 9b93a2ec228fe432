# The two entry points of README.md. Each installs what it needs first, so a fresh clone on a
# fresh machine needs nothing else.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgresql,mysql]'

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgresql,mysql,test]'
	bash scripts/install-test-deps.sh

run: install
	$(BIN)/wpcompat serve

test: install-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check .
