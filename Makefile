# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test lint format clean

$(BIN)/kg: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

run: $(BIN)/kg
	$(BIN)/kg build seeds --out output

$(VENV)/.test-deps: $(BIN)/kg pyproject.toml
	$(PIP) install -e '.[test]'
	touch $@

test: $(VENV)/.test-deps
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests
	$(BIN)/pytest -q

format: $(VENV)/.test-deps
	$(BIN)/ruff check --fix kg tests
	$(BIN)/ruff format kg tests

clean:
	rm -rf $(VENV) output/*.jsonl
