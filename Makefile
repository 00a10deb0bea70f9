# Two entry points (see README): `make book` builds the web book, `make test`
# runs every test. Both set up everything they need on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: book test bench exercises notebooks chromium vendor clean

# nbgrader, installed for the tests of its course workflow (which drive its
# commands), would add its menus and sidebar to the learners' JupyterLab.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[test,docs,lab]"
	$(BIN)/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader
	touch $@

# Debian's Chromium for the browser tests (nothing downloads a browser build).
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && $$SUDO apt-get install -y chromium; }

# MathJax, served by the site itself (the widgets are the book's own script).
vendor: $(STAMP)
	bash scripts/vendor_js.sh

book: $(STAMP) vendor
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "The book is built: open file://$(CURDIR)/_build/html/index.html"

# Re-execute the chapters after a change to src/ (then review the diff).
notebooks: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py book/*.ipynb

exercises: $(STAMP)
	$(BIN)/python scripts/make_exercises.py

# Unit, grader and browser tests, plus nbval over every chapter (two workers;
# loadscope keeps each notebook's cells in order on one worker). One BLAS
# thread per worker: two workers with two spinning BLAS threads each on two
# cores made the chapters up to ten times slower.
test: $(STAMP) chromium book
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -n 2 --dist loadscope --nbval tests book --nbval-kernel-startup-timeout 180 \
	  --ignore-glob='tests/**/*.ipynb'

bench: $(STAMP)
	$(BIN)/python -m pip install -e ".[bench]"
	$(BIN)/python benchmarks/run.py

# The figures the last chapter shows: layers, MLP, peaks, digits (not the workflow).
# Run it on a quiet machine (check `uptime`); then re-execute the chapter:
# $(BIN)/python scripts/execute_notebooks.py book/10_making_it_fast.ipynb
.PHONY: bench-save
bench-save: $(STAMP)
	$(BIN)/python -m pip install -e ".[bench]"
	$(BIN)/python benchmarks/run.py --quick --save book/data/benchmark.json

# The live widgets' redraw and training speed in Chromium, on the built book.
.PHONY: bench-widgets
bench-widgets: book chromium
	$(BIN)/python benchmarks/bench_widgets.py

clean:
	rm -rf _build book/_vendor

# The learner's own copy of the exercises, in workspace/ (git ignores it); run it again after
# `git pull` to bring in the book's changes. `make progress` grades it and prints a table.
.PHONY: workspace progress
workspace: $(STAMP)
	$(BIN)/scratchnet-workspace

progress: $(STAMP)
	$(BIN)/scratchnet-progress
