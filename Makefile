# Every target sets up .venv from requirements.txt first (again whenever requirements.txt changes).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-requirements.txt

.PHONY: reports test lab bench clean

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
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements.txt
	cp requirements.txt $(STAMP)

clean:
	rm -rf reports .pytest_cache .ruff_cache
