# `make reports` sets up .venv from requirements.txt (what building the reports needs); `make test`,
# `make lab` and `make bench` from requirements-dev.txt (that, plus tests, lint and JupyterLab).
# Each lock is installed again whenever it changes, every package checked against its hash. uv
# installs them: the uv on PATH, or else one that pip puts in .venv/.uv (requirements-uv.txt, also
# hash-checked). Where uv cannot be had, pip installs the same locks. Then the project itself goes
# in, editable (the explainer and the build, pyproject.toml), from the setuptools in the lock, so
# that nothing unchecked is fetched.
# Python writes each module's bytecode when it first imports it, as it does by default, even where
# PYTHONDONTWRITEBYTECODE is set: otherwise every process compiles every module again (a build and
# the tests take a third longer).
unexport PYTHONDONTWRITEBYTECODE
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUILD_STAMP := $(VENV)/.installed-requirements.txt
DEV_STAMP := $(VENV)/.installed-requirements-dev.txt
# Prints the uv to use, or nothing when there is none and PyPI cannot give one.
FIND_UV := command -v uv || { { test -x $(VENV)/.uv/bin/uv || $(PYTHON) -m pip install \
	--quiet --disable-pip-version-check --no-deps --no-compile --require-hashes --target \
	$(VENV)/.uv -r requirements-uv.txt >/dev/null 2>&1; } && echo $(VENV)/.uv/bin/uv; } || true
# JupyterLab refuses to start as root unless told it may (this project's machines run as root).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: reports test lab bench booklet lock clean

reports: $(BUILD_STAMP)
	$(VENV)/bin/build-reports $(ARGS)

test: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest $(ARGS)

lab: $(DEV_STAMP)
	cd notebooks && JUPYTER_CONFIG_PATH="$$PWD/.jupyter" ../$(VENV)/bin/jupyter lab $(ALLOW_ROOT) \
		00_overview.ipynb

bench: $(DEV_STAMP)
	$(PY) scripts/benchmark.py $(ARGS)

# One PDF of the home page, the grading page and every claim page, with a contents page.
booklet: reports $(DEV_STAMP)
	$(PY) -m reportbuild.booklet

# Installs a lock into .venv (made first if need be, with pip in it): $(call install,LOCK).
define install
	@uv=$$($(FIND_UV)); set -e; \
	if [ -n "$$uv" ]; then \
		set -x; \
		test -x $(PY) || $$uv venv --quiet --seed --allow-existing --python $(PYTHON) $(VENV); \
		$$uv pip install --quiet --require-hashes --python $(PY) -r $(1); \
		$$uv pip install --quiet --no-deps --no-build-isolation --python $(PY) -e .; \
	else \
		echo "uv could not be had: pip installs $(1) instead" >&2; \
		set -x; \
		test -x $(PY) || $(PYTHON) -m venv $(VENV); \
		$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(1); \
		$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation \
			-e .; \
	fi
	cp $(1) $(VENV)/.installed-$(1)
endef

$(BUILD_STAMP): requirements.txt pyproject.toml
	$(call install,requirements.txt)

$(DEV_STAMP): requirements-dev.txt pyproject.toml
	$(call install,requirements-dev.txt)

# Re-compiles requirements.in and requirements-dev.in into their locks, keeping the pins that still
# fit (the dev lock at the build lock's pins); `make lock ARGS=--upgrade` moves every pin to the
# newest release.
lock:
	@uv=$$($(FIND_UV)); test -n "$$uv" || { echo "make lock needs uv" >&2; exit 1; }; set -x; \
	for lock in requirements requirements-dev; do \
		$$uv pip compile --quiet --universal --python-version 3.11.5 --generate-hashes \
			--custom-compile-command "make lock" $(ARGS) $$lock.in -o $$lock.txt || exit 1; \
	done

# A clean slate: the reports, the build's cache of executed notebooks, the test and lint caches.
clean:
	rm -rf reports .reports-cache .pytest_cache .ruff_cache
