# The two commands of the README:
#   make site   build the site from content/ (installs what it needs on the way)
#   make test   run the whole test suite (installs what it needs on the way)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test clean

site: $(STAMP)
	$(BIN)/digest import -q
	$(BIN)/digest check

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Pinned, reproducible install: requirements.lock holds the exact versions.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

clean:
	rm -rf $(VENV) site .cache
