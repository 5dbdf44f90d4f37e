# The two set-up commands are `make run` and `make test`; each does its own set-up.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
WENBAO := $(VENV)/bin/wenbao
STAMP := $(VENV)/.installed-stamp
export WENBAO_DATA_DIR ?= $(CURDIR)/data

.PHONY: install run test lint typecheck pytest eval bench stress seed-index browser-deps screenshots clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip setuptools wheel
	# torch is pinned in the same pip command as sentence-transformers (CPU wheel on local disk).
	$(PY) -m pip install -q -e '.[dev]'
	# mypy cannot follow setuptools' editable import hook, so also expose the
	# package through a plain path entry: .venv/src/wenbao -> the repository root.
	mkdir -p $(VENV)/src && ln -sfn $(CURDIR) $(VENV)/src/wenbao
	# (the site folder is asked for here, in the recipe's shell: make expands a recipe before
	# its first line creates the venv)
	echo "$(CURDIR)/$(VENV)/src" > "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/wenbao-src.pth"
	test -x $(WENBAO)
	touch $(STAMP)

# Index seeds/ when the data dir has no index yet (an existing index is kept).
seed-index: install
	$(WENBAO) ingest --if-empty seeds/

run: install seed-index
	$(WENBAO) serve --host 127.0.0.1 --port 8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	cd $(VENV)/src && $(CURDIR)/$(VENV)/bin/mypy --config-file $(CURDIR)/pyproject.toml -p wenbao

# Chromium and CJK fonts for the widget's browser tests, when missing.
# chromium + CJK fonts for the browser tests, LibreOffice Calc (headless) for the CSV export's test.
browser-deps:
	@command -v chromium >/dev/null && command -v soffice >/dev/null && fc-list :lang=zh | grep -q . || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk \
	   libreoffice-calc-nogui >/dev/null)

pytest: install browser-deps
	$(VENV)/bin/pytest -q

test: lint typecheck pytest

# Refresh the README's screenshots under docs/ from the browser tests.
screenshots: install browser-deps
	WENBAO_UPDATE_SCREENSHOTS=1 $(VENV)/bin/pytest -q tests/test_widget_browser.py tests/test_admin_browser.py

# The independent question set is asked too when it sits beside the checkout (../shared: never in
# CI, so nothing else depends on it); its report is eval/report-independent.md.
QUESTIONS := ../shared/reports/questions
# Our development set (eval/questions-dev/README.md): every line is tuning material.
DEV := eval/questions-dev
# A second set by other hands (eval/questions-check/README.md): its single questions are read in aggregate only.
CHECK := eval/questions-check
# A third (eval/questions-check2/README.md): its tuning half is tuning material, its held-out half aggregate only.
CHECK2 := eval/questions-check2
# Sets helper sessions wrote from the reports alone, then tuned on (eval/questions-fresh/README.md): all tuning.
FRESH := eval/questions-fresh
# Round 6 (eval/questions-r6/README.md): written before reading the code, then tuned on.
R6 := eval/questions-r6
# Round 7 (eval/questions-r7/README.md): the same way, other voices.
R7 := eval/questions-r7
# Round 8 (eval/questions-r8/README.md): over eight real reports the rules were not fitted on
# (eval/corpus-r8); odd lines tuned on, even lines held out and printed in aggregate only.
R8 := eval/questions-r8
BUDGET := ../shared/reports/budget

eval: install
	$(WENBAO) eval
	@if [ -d "$(QUESTIONS)" ]; then \
	  echo "$(WENBAO) eval --questions $(QUESTIONS)"; $(WENBAO) eval --questions "$(QUESTIONS)"; \
	else echo "跳过独立问题集：找不到 $(QUESTIONS)（它在检出目录旁的 shared/ 中）。"; fi
	$(WENBAO) eval --questions $(DEV)/work --out $(DEV)/work
	$(WENBAO) eval --questions $(CHECK)/work --split tune
	$(WENBAO) eval --questions $(CHECK)/work --split heldout
	$(WENBAO) eval --questions $(CHECK2)/work --split tune
	$(WENBAO) eval --questions $(CHECK2)/work --split heldout
	$(WENBAO) eval --questions $(FRESH)/work --out $(FRESH)/work
	for s in lists facts words; do for d in work seeds; do \
	  $(WENBAO) eval --questions $(R6)/$$s/$$d --out $(R6)/$$s/$$d || exit 1; done; done
	for s in years words2 journo; do for d in work seeds; do \
	  $(WENBAO) eval --questions $(R7)/$$s/$$d --out $(R7)/$$s/$$d || exit 1; done; done
	for s in u-a u-b u-c u-d u-e u-f u-g u-h; do \
	  $(WENBAO) eval --questions $(R8)/$$s --reports seeds --reports eval/corpus --reports eval/corpus-r8 \
	    --out $(R8)/$$s || exit 1; done
	@if [ -d "$(BUDGET)" ]; then \
	  $(WENBAO) eval --questions $(DEV)/budget --reports seeds --reports eval/corpus --reports "$(BUDGET)" --out $(DEV)/budget; \
	  $(WENBAO) eval --questions $(FRESH)/budget --reports seeds --reports eval/corpus --reports "$(BUDGET)" --out $(FRESH)/budget; \
	  $(WENBAO) eval --questions $(R6)/budget --reports seeds --reports eval/corpus --reports "$(BUDGET)" --out $(R6)/budget; \
	else echo "跳过预算报告开发集：找不到 $(BUDGET)。"; fi

bench: install
	$(PY) -m wenbao.benchmarks.search_bench
	$(PY) -m wenbao.benchmarks.ask_bench
	$(PY) -m wenbao.benchmarks.ingest_bench
	$(PY) -m wenbao.benchmarks.querylog_bench
	$(PY) -m wenbao.benchmarks.ocr_bench

stress: install
	$(PY) -m wenbao.benchmarks.stress --fairness 30 --creep 10000

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
