# Every target but lock first sets up .venv from the lock, requirements.txt, checking every hash
# (again whenever requirements.txt changes). uv does it: the uv on PATH, or else one that pip puts in
# .venv/.uv on first use. Where uv cannot be had, pip installs the same lock, as it stands (--no-deps:
# the lock holds every package, less what pyproject.toml's [tool.uv] leaves out on purpose).
# Python writes each module's bytecode when it first imports it, as it does by default, even where
# PYTHONDONTWRITEBYTECODE is set: otherwise every process compiles every module again (a build and
# the tests take a third longer). Compiling all 6,800 modules at install instead took 9 s.
unexport PYTHONDONTWRITEBYTECODE
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-requirements.txt
UV_VERSION := 0.13.9
# Prints the uv to use, or nothing when there is none and PyPI cannot give one.
FIND_UV := command -v uv || { { test -x $(VENV)/.uv/bin/uv || $(PYTHON) -m pip install \
	--quiet --disable-pip-version-check --no-deps --no-compile --target $(VENV)/.uv \
	uv==$(UV_VERSION) >/dev/null 2>&1; } \
	&& echo $(VENV)/.uv/bin/uv; } || true

.PHONY: reports test lab bench lock clean

reports: $(STAMP)
	$(PY) scripts/build_reports.py $(ARGS)

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest $(ARGS)

lab: $(STAMP)
	cd notebooks && JUPYTER_CONFIG_PATH="$$PWD/.jupyter" ../$(VENV)/bin/jupyter lab 00_overview.ipynb

bench: $(STAMP)
	$(PY) scripts/benchmark.py $(ARGS)

$(STAMP): requirements.txt
	@uv=$$($(FIND_UV)); set -e; \
	if [ -n "$$uv" ]; then \
		set -x; \
		test -x $(PY) || $$uv venv --quiet --allow-existing --python $(PYTHON) $(VENV); \
		$$uv pip sync --quiet --require-hashes --python $(PY) requirements.txt; \
	else \
		echo "uv could not be had: pip installs the lock instead" >&2; \
		set -x; \
		$(PYTHON) -m venv $(VENV); \
		$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
			-r requirements.txt; \
	fi
	cp requirements.txt $(STAMP)

# Re-compiles requirements.in (the direct dependencies) into requirements.txt, keeping its pins
# where they still fit; `make lock ARGS=--upgrade` moves every pin to the newest release.
lock:
	@uv=$$($(FIND_UV)); test -n "$$uv" || { echo "make lock needs uv" >&2; exit 1; }; set -x; \
	$$uv pip compile --quiet --universal --python-version 3.11.5 --generate-hashes \
		--custom-compile-command "make lock" $(ARGS) requirements.in -o requirements.txt

clean:
	rm -rf reports .pytest_cache .ruff_cache
