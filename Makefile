# `make book` and `make test` each set up .venv themselves on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# Another x86 CPU simulated on this one: torch's, MKL's and oneDNN's kernels capped to
# the baseline instruction set. Stored outputs must not depend on the CPU's ISA.
CPU_CAPS := ATEN_CPU_CAPABILITY=default MKL_CBWR=COMPATIBLE ONEDNN_MAX_CPU_ISA=SSE41
# Colab's stack (.ci/colab-stack.txt) on pyenv's Python 3.13, for `make colab-check`.
COLAB_VENV   := .venv-colab
COLAB_STAMP  := $(COLAB_VENV)/.installed-stamp
PYTHON_COLAB ?= $(shell PYENV_VERSION=3.13.0 pyenv which python3.13 2>/dev/null || command -v python3.13)
# The npm packages the built pages load from jsDelivr (pinned in _config.yml). The
# browser tests (tests/test_site.py) serve these local copies, so they run offline.
SITE_ASSETS := .cache/site-assets
NPM_ASSETS  := mathjax@3.2.2 requirejs@2.3.4 @jupyter-widgets/html-manager@1.0.6

.PHONY: help venv test unit nbval nbval-capped colab-check lint book pdf serve site-assets bench execute clean

help:
	@echo "make book     build the website into _build/html (strict: any warning fails)"
	@echo "make test     lint, build the site, unit tests, browser tests of the site, nbval"
	@echo "make pdf      build the book as a PDF into _build/latex (needs TeX Live's xelatex)"
	@echo "make serve    serve _build/html on http://127.0.0.1:8000"
	@echo "make site-assets  fetch the CDN files the browser tests serve offline (npm)"
	@echo "make colab-check  nbval over every chapter on Colab's stack (Python 3.13, torch 2.11)"
	@echo "make bench    chapter execution times and the RNN speed benchmark"
	@echo "make execute  re-execute every chapter in place (after changing seqlab)"

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -c constraints.txt -e ".[book,test,scale]"
	touch $(STAMP)

venv: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools

unit: $(STAMP)
	$(BIN)/pytest tests

nbval: $(STAMP)
	$(BIN)/pytest $(NBVAL) notebooks book

nbval-capped: $(STAMP)
	$(CPU_CAPS) $(BIN)/pytest $(NBVAL) -p no:cacheprovider notebooks book

# The browser tests in tests/ check the site that `book` has just built; then every
# chapter once more with the CPU kernels capped (another CPU, simulated).
test: $(STAMP) lint site-assets book
	$(BIN)/pytest $(NBVAL) tests notebooks book
	$(MAKE) nbval-capped

# seqlab is installed as the Colab cell installs it (not editable) and reinstalled on
# every run, so the check sees the working tree's package.
$(COLAB_STAMP): .ci/colab-stack.txt
	@test -n "$(PYTHON_COLAB)" || { echo "colab-check: no Python 3.13 (pyenv install 3.13.0)"; exit 1; }
	test -x $(COLAB_VENV)/bin/python || $(PYTHON_COLAB) -m venv $(COLAB_VENV)
	$(COLAB_VENV)/bin/python -m pip install --quiet -r .ci/colab-stack.txt
	touch $(COLAB_STAMP)

colab-check: $(COLAB_STAMP)
	$(COLAB_VENV)/bin/python -m pip install --quiet --no-deps --force-reinstall .
	$(COLAB_VENV)/bin/python -c "import sys, torch, ipywidgets, matplotlib, numpy; print('Colab stack: Python', sys.version.split()[0], 'torch', torch.__version__, 'ipywidgets', ipywidgets.__version__, 'matplotlib', matplotlib.__version__, 'numpy', numpy.__version__)"
	$(COLAB_VENV)/bin/pytest $(NBVAL) -p no:cacheprovider notebooks book

book: $(STAMP)
	$(BIN)/jupyter-book build -W -n --keep-going .

# The book as one PDF, _build/latex/modeling-sequence-data.pdf: Jupyter Book's pdflatex
# builder with xelatex (TeX Live: texlive-xetex latexmk texlive-latex-extra ...). A built
# site gets a copy, which the landing page links to.
pdf: $(STAMP)
	$(BIN)/jupyter-book build -W -n --keep-going --builder pdflatex .
	if [ -d _build/html ]; then cp _build/latex/modeling-sequence-data.pdf _build/html/; fi

serve:
	$(BIN)/python -m http.server --directory _build/html --bind 127.0.0.1 8000

# npm pack each package once into .cache/site-assets/<name>@<version>/ (skipped if present).
site-assets:
	@command -v npm >/dev/null || { echo "site-assets: npm not found (install Node.js)"; exit 1; }
	@mkdir -p $(SITE_ASSETS)
	@set -e; for spec in $(NPM_ASSETS); do \
	  dest=$(SITE_ASSETS)/$$spec; \
	  if [ -d "$$dest" ]; then echo "site-assets: $$spec present"; continue; fi; \
	  tmp=$$(mktemp -d $(SITE_ASSETS)/.tmp.XXXXXX); \
	  npm pack --silent --pack-destination "$$tmp" "$$spec" >/dev/null; \
	  mkdir "$$tmp/package"; \
	  tar -xzf "$$tmp"/*.tgz -C "$$tmp/package" --strip-components=1; \
	  mkdir -p "$$(dirname "$$dest")"; \
	  mv "$$tmp/package" "$$dest"; \
	  rm -rf "$$tmp"; \
	  echo "site-assets: $$spec unpacked into $$dest"; \
	done

bench: $(STAMP)
	$(BIN)/python benchmarks/chapter_times.py book/*.ipynb notebooks/*.ipynb
	$(BIN)/python benchmarks/rnn_speed.py
	$(BIN)/python benchmarks/scale_throughput.py
	$(BIN)/python benchmarks/site_size.py

execute: $(STAMP)
	$(BIN)/python benchmarks/chapter_times.py --write book/*.ipynb notebooks/*.ipynb

clean:
	rm -rf _build .pytest_cache .ruff_cache build
