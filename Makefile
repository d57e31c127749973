# The two commands of the README:
#   make site   import new sources, validate and build site/ (installs what it needs on the way)
#   make test   lint (ruff), type-check (mypy) and run the whole test suite (installs what it
#               needs on the way)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# Defined before the rules: make expands a rule's prerequisites when it reads the rule.
# Debian's Chromium drives the browser tests (playwright cannot download its own browser
# here); Java runs the Nu Html Checker (vnu.jar).
CHROMIUM   := /usr/bin/chromium
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test clean

site: $(STAMP) $(NODE_STAMP)
	$(BIN)/digest import -q
	$(BIN)/digest build

test: $(STAMP) $(NODE_STAMP) | $(CHROMIUM) check-java
	$(BIN)/ruff check
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The pinned npm packages of package-lock.json: lunr and lunr-languages (copied into the
# site by the build), vnu-jar and axe-core (tests). `npm ci` runs when node_modules is
# missing or older than the lockfile; --ignore-scripts because vnu-jar's postinstall would
# try to download a Java runtime (the system Java is used instead).
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Debian's Chromium, installed when missing.
$(CHROMIUM):
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
	test -x $@

.PHONY: check-java
check-java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "make test: 'java' not found; the Nu Html Checker (vnu.jar) needs Java 11 or later" >&2; \
	  echo "           (on Debian: apt-get install -y --no-install-recommends openjdk-17-jre-headless)" >&2; \
	  exit 1; }

# Pinned, reproducible install: requirements.lock holds the exact versions.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

clean:
	rm -rf $(VENV) site .cache
