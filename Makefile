# `make book` and `make test` each set up .venv themselves on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help venv test unit nbval lint book bench execute clean

help:
	@echo "make book     build the website into _build/html (strict: any warning fails)"
	@echo "make test     lint, unit tests and nbval over every chapter"
	@echo "make bench    chapter execution times and the RNN speed benchmark"
	@echo "make execute  re-execute every chapter in place (after changing seqlab)"

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -c constraints.txt -e ".[book,test]"
	touch $(STAMP)

venv: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

unit: $(STAMP)
	$(BIN)/pytest tests

nbval: $(STAMP)
	$(BIN)/pytest $(NBVAL) notebooks

test: $(STAMP) lint
	$(BIN)/pytest $(NBVAL) tests notebooks

book: $(STAMP)
	$(BIN)/jupyter-book build -W -n --keep-going .

bench: $(STAMP)
	$(BIN)/python benchmarks/chapter_times.py notebooks/*.ipynb
	$(BIN)/python benchmarks/rnn_speed.py

execute: $(STAMP)
	$(BIN)/python benchmarks/chapter_times.py --write notebooks/*.ipynb

clean:
	rm -rf _build .pytest_cache .ruff_cache
