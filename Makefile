# lkdata: `make` alone lists the targets. On a fresh clone, `make report` and `make test` each set
# everything up first (a .venv with the package and its dev tools; a Times-metric font).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PERIODS ?= 2026-H1 2026

.DEFAULT_GOAL := help
.PHONY: help setup fonts pango browser git-filter lab report check test lint clean-data sample

help:  ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/lkdata: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

setup: $(BIN)/lkdata fonts pango git-filter  ## create .venv with lkdata and its dev tools; install fonts and Pango where possible; strip notebook outputs on commit

git-filter:  ## notebook outputs never reach git: nbstripout (from .venv) as this clone's filter for *.ipynb (.gitattributes)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '"$(abspath $(BIN))/python" -m nbstripout --keep-id' && \
	  git config filter.nbstripout.smudge cat && \
	  git config filter.nbstripout.required true && \
	  git config diff.ipynb.textconv '"$(abspath $(BIN))/python" -m nbstripout -t --keep-id'; \
	fi

fonts:  ## make sure a Times New Roman metric font with Vietnamese coverage is installed
	@if ls /usr/share/fonts/truetype/croscore/Tinos-Regular.ttf \
	       /usr/share/fonts/truetype/liberation*/LiberationSerif-Regular.ttf 2>/dev/null | grep -q . \
	   || (command -v fc-list >/dev/null 2>&1 && fc-list | grep -qiE 'Tinos|Liberation Serif|Times New Roman'); then \
	  echo "Font: đã có font Times New Roman / Tinos / Liberation Serif."; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Font: cài fonts-croscore (Tinos) ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-croscore fontconfig >/dev/null; \
	else \
	  echo "Font: chưa có font Times New Roman. Cài 'fonts-croscore' (Debian/Ubuntu: sudo apt-get install fonts-croscore)"; \
	  echo "      hoặc dùng Times New Roman có sẵn trên Windows."; \
	fi

pango:  ## make sure Pango (WeasyPrint's text layout) and HarfBuzz-Subset (its font subsetting: without it fontTools takes ~0.5 s more a PDF) are installed
	@if ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' && ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so.0'; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Pango: cài libpango và libharfbuzz-subset (WeasyPrint cần để in PDF) ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; \
	else \
	  echo "Pango: chưa có thư viện Pango hoặc HarfBuzz-Subset; cài theo https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"; \
	fi

browser:  ## make sure Debian's Chromium is installed (the JupyterLab browser test drives it with Playwright)
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Chromium: cài chromium (cho phép thử JupyterLab trên trình duyệt) ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "Chromium: chưa có; cài gói chromium (Debian/Ubuntu: sudo apt-get install chromium)"; \
	fi

lab: setup  ## start JupyterLab on the project's notebooks, from the project's environment
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

report: setup  ## the main job: the six-month and annual reports of 2026 (HTML, PDF, Word) from data/raw
	$(BIN)/lkdata report $(PERIODS)

check: setup  ## the quick loop (about two minutes): lint, then every test but the end-to-end ones
	$(BIN)/ruff check lkdata tests benchmarks notebooks
	$(BIN)/python -m pytest -q -m "not e2e"

test: setup browser  ## lint, then the whole test suite (including JupyterLab in headless Chromium)
	$(BIN)/ruff check lkdata tests benchmarks notebooks
	$(BIN)/python -m pytest -q

lint: setup  ## ruff: lint and format check
	$(BIN)/ruff check lkdata tests benchmarks notebooks
	$(BIN)/ruff format --check lkdata tests benchmarks notebooks

sample: setup  ## regenerate the committed synthetic sample under data/raw (seed 2026, 300 households)
	$(BIN)/lkdata sample --seed 2026 --scale 300 --out data/raw

clean-data:  ## delete processed data and rendered reports (raw data, and the history of undated values in data/processed/noi_bo/lich_su, are kept)
	find data/processed -mindepth 1 -depth ! -path data/processed/noi_bo ! -path 'data/processed/noi_bo/lich_su*' -delete
	rm -rf reports/*
	@touch data/processed/.gitkeep
