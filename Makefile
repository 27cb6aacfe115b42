# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test system-deps vendor format clean

$(BIN)/kg: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

run: $(BIN)/kg vendor
	$(BIN)/kg build seeds --out output

# network.html inlines sigma.js and graphology (browser bundles and licences), fetched from the
# npm registry here, at install time, into the git-ignored kg/vendor/: the page requests nothing.
NPM_PACKAGES := sigma@3.0.2 graphology@0.26.0
VENDOR := kg/vendor

vendor: $(VENDOR)/.stamp

$(VENDOR)/.stamp: Makefile
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js with npm"; exit 1; }
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/tarballs
	cd $(VENDOR)/tarballs && npm pack --silent $(NPM_PACKAGES) >/dev/null
	for pkg in $(NPM_PACKAGES); do \
	  name=$${pkg%@*}; mkdir -p $(VENDOR)/$$name; \
	  tar -xzf $(VENDOR)/tarballs/$$name-$${pkg#*@}.tgz -C $(VENDOR)/$$name --strip-components=1; \
	done
	rm -rf $(VENDOR)/tarballs
	touch $@

# Debian packages the tests use: raptor's rapper checks the Turtle; Chromium is the browser
# Playwright drives (its own browser download does not work offline); Virtuoso is the second real
# triplestore kg load and kg query are tested against (tests/test_triplestore.py starts its own instance).
# npm comes with the machine's Node.js (not Debian's npm package, which would fight it).
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

test: $(VENV)/.test-deps system-deps vendor
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests
	$(BIN)/pytest -q

format: $(VENV)/.test-deps
	$(BIN)/ruff check --fix kg tests
	$(BIN)/ruff format kg tests

clean:
	rm -rf $(VENV) output/*.jsonl
