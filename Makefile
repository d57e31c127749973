# The two commands of the README:
#   make site   import new sources, validate and build site/ (installs what it needs on the way)
#   make test   run the whole test suite (installs what it needs on the way)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_TOOLS := node_modules/.installed

.PHONY: site test clean

site: $(STAMP)
	$(BIN)/digest import -q
	$(BIN)/digest build

test: $(STAMP) $(TEST_TOOLS)
	$(BIN)/python -m pytest -q

# Tools the browser and HTML tests need besides the venv: Debian's Chromium (playwright
# cannot download its own browser here), Java for the Nu Html Checker (vnu.jar), and the
# pinned npm packages of package-lock.json (vnu-jar, axe-core, lunr). `npm ci` runs when
# node_modules is missing or older than the lockfile; --ignore-scripts because vnu-jar's
# postinstall would try to download a Java runtime (the system Java is used instead).
CHROMIUM   := /usr/bin/chromium
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(TEST_TOOLS): package.json package-lock.json | $(CHROMIUM) check-java
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

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
