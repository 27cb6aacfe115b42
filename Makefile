# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test system-deps format clean

$(BIN)/kg: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

run: $(BIN)/kg
	$(BIN)/kg build seeds --out output

# Debian packages the tests use: raptor's rapper checks the Turtle; Chromium is the browser
# Playwright drives (its own browser download does not work offline); Virtuoso is the second real
# triplestore kg load and kg query are tested against (tests/test_triplestore.py starts its own instance).
DEBIAN_PACKAGES := raptor2-utils chromium virtuoso-opensource

$(VENV)/.test-deps: $(BIN)/kg pyproject.toml
	$(PIP) install -e '.[test]'
	touch $@

system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

test: $(VENV)/.test-deps system-deps
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests
	$(BIN)/pytest -q

format: $(VENV)/.test-deps
	$(BIN)/ruff check --fix kg tests
	$(BIN)/ruff format kg tests

clean:
	rm -rf $(VENV) output/*.jsonl
