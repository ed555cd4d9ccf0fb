# Two commands for a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup system demo test lint bench clean pot

setup: system $(STAMP)

system:
	@sh scripts/system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

demo: setup
	$(VENV)/bin/handout build --out out --clinic clinics/example/clinic.yaml

test: setup
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

bench: setup
	$(PY) bench/bench.py

clean:
	rm -rf out $(VENV) build src/*.egg-info

pot: setup
	$(VENV)/bin/handout i18n extract
