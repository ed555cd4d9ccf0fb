# Two commands for a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup system demo test lint bench clean pot docs

setup: system $(STAMP)

system:
	@sh scripts/system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,dask]'
	@touch $(STAMP)

demo: setup
	$(VENV)/bin/handout build --out out --clinic clinics/example/clinic.yaml --length all

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

# The field reference in docs/content-model.md, written from the content model.
docs: setup
	$(PY) -c "import re, pathlib; from handout.content.reference import START, END, field_reference as f; p = pathlib.Path('docs/content-model.md'); t = p.read_text(encoding='utf-8'); p.write_text(t[:t.index(START)] + f() + t[t.index(END) + len(END) + 1:] if START in t else t.rstrip() + '\n\n' + f(), encoding='utf-8')"
