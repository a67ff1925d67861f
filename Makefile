# hmfbook: one command to set up and run, one to set up and test.
#   make run    installs what is missing, builds, and runs the toy validation
#   make test   installs what is missing and runs the test suite
SWIFT ?= swift
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# OPENBLAS_CORETYPE is left as the environment has it: when it is unset, hmfbook and rhmf-bench measure
# the kernel families this CPU supports and use the fastest correct one (see `hmfbook kernels`).

APT_PACKAGES := pkg-config libopenblas-dev liblapacke-dev libhdf5-dev libcairo2-dev \
                fontconfig fonts-lmodern fonts-dejavu-core poppler-utils libopenmpi-dev openmpi-bin \
                libzmq3-dev chromium chromium-driver
# Jupyter's own clients, which the kernel's tests drive (chromium runs JupyterLab headless in one of them).
PIP_PACKAGES := numpy h5py jupyter_client nbclient jupytext jupyterlab selenium

.PHONY: deps build test check lint format run surface docs fuzz bench bench-notebook bench-survey bench-gaia paper paper-deps install clean
PREFIX ?= /usr/local

## deps: install system libraries (only those pkg-config cannot find) and the Python packages tests compare with
## and drive the Jupyter kernel with
deps:
	@missing=""; \
	command -v pkg-config >/dev/null || missing="pkg-config"; \
	for lib in openblas lapacke hdf5 cairo ompi-c libzmq; do \
	  pkg-config --exists $$lib 2>/dev/null || missing="$$missing $$lib"; \
	done; \
	fc-list 2>/dev/null | grep -qi "latin modern" || missing="$$missing fonts"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler"; \
	command -v mpirun >/dev/null || missing="$$missing mpirun"; \
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages (missing:$$missing)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	else echo "system libraries present: openblas lapacke hdf5 cairo ompi-c (Open MPI) libzmq chromium"; fi
	@if command -v $(PYTHON) >/dev/null; then \
	  $(PYTHON) -c "import numpy, h5py, jupyter_client, nbclient, jupytext, jupyterlab, selenium" 2>/dev/null \
	  || $(PYTHON) -m pip install -q $(PIP_PACKAGES) \
	  || echo "note: some of $(PIP_PACKAGES) unavailable; the tests that need them will be skipped"; \
	fi

## build: release build of the command-line tool and of the library notebooks link against
build: deps
	$(SWIFT) build -c release --product hmfbook
	$(SWIFT) build -c release --product NotebookKit

## test: the whole test suite (the notebook tests run their fits against the release NotebookKit, built first)
## (a suite that has not finished after TEST_TIME_LIMIT seconds is stopped: a hung test fails the run, it does
## not stall it; the tests that started and never passed or failed are the hung ones)
TEST_TIME_LIMIT ?= 2700
test: deps
	$(SWIFT) build -c release --product NotebookKit
	@timeout --signal=INT --kill-after=30 $(TEST_TIME_LIMIT) $(SWIFT) test; status=$$?; \
	if [ $$status -eq 124 ]; then echo "the test suite did not finish within $(TEST_TIME_LIMIT) s"; fi; exit $$status

## check: are the committed figure sets and the paper's files current? (reads freeze stamps, runs nothing)
check:
	$(SWIFT) build --product hmfbook
	.build/debug/hmfbook check

## paper: build paper/main.pdf with latexmk from the committed figures and values (run `make check` first)
paper:
	@command -v latexmk >/dev/null || { echo "latexmk not found: run \`make paper-deps\` (texlive-publishers, latexmk)"; exit 1; }
	cd paper && latexmk -pdf -interaction=nonstopmode -halt-on-error -file-line-error main.tex >/dev/null \
	  || { grep -nE "^[^ ]+:[0-9]+:|^! " paper/main.log | head -20; exit 1; }
	@grep -E "Overfull|undefined|Citation .* undefined|Reference .* undefined" paper/main.log || true
	@echo "wrote paper/main.pdf ($$(pdfinfo paper/main.pdf 2>/dev/null | grep Pages | tr -s ' '))"

## paper-deps: TeX for the paper (AASTeX from texlive-publishers, latexmk)
paper-deps:
	$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	  texlive-latex-recommended texlive-latex-extra texlive-publishers texlive-fonts-recommended \
	  texlive-science latexmk >/dev/null

## run: the toy validation notebook (35 fits, inference, baselines, the paper's toy figure set in figures/toy)
run: build
	.build/release/hmfbook run Notebooks/toy.md

## docs: the DocC documentation of NotebookKit (the notebook author's API, with a getting-started article) and RHMF
## (the engine), into build/docs; a broken symbol link or an undocumented parameter fails the build
docs:
	@mkdir -p build/docs
	$(SWIFT) package --allow-writing-to-directory build/docs generate-documentation --target NotebookKit --target RHMF \
	  --warnings-as-errors --transform-for-static-hosting --output-path build/docs
	@echo "wrote build/docs/NotebookKit.doccarchive and build/docs/RHMF.doccarchive (serve either folder as static files)"

## lint: the style of every Swift file (.swift-format: 100 columns, 4 spaces), as CI checks it
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Plugins Package.swift

## format: rewrite every Swift file in that style
format:
	$(SWIFT) format format --in-place --recursive --parallel Sources Tests Plugins Package.swift

## surface: the public declarations of each module, counted from the symbol graphs (what a user of the library sees)
surface:
	$(SWIFT) package dump-symbol-graph --minimum-access-level public >/dev/null
	$(PYTHON) scripts/public-surface.py .build/$$(uname -m)-unknown-linux-gnu/symbolgraph

## bench: engine benchmark (time per cycle against compute and memory floors measured in the same run)
bench: deps
	$(SWIFT) build -c release --product rhmf-bench
	.build/release/rhmf-bench

## fuzz: FUZZ_COUNT generated inputs for every parser (notebook, parameter values, .npy, .npz, HDF5, model
## files, CSV) and as many requests to a running preview; exits 1 when one got a wrong result, crashed or hung
FUZZ_COUNT ?= 10000
fuzz: build
	$(SWIFT) build -c release --product hmfbook-fuzz
	scripts/fuzz.sh $(FUZZ_COUNT)

## bench-notebook: the toy notebook's edit loop: a cold run, then edits through hmfbook preview and hmfbook run
## (a plotting cell, an analysis cell, the grid's tolerance), each timed from save to updated output
bench-notebook: build
	$(SWIFT) build -c release --product notebook-bench
	.build/release/notebook-bench

## bench-survey: the 200k x 2321 fit, peak memory of float32 fit + inference, and a 500k-row fit from disk
bench-survey: deps
	$(SWIFT) build -c release --product rhmf-bench
	.build/release/rhmf-bench --survey 200000
	.build/release/rhmf-bench --memory 100000
	.build/release/rhmf-bench --from-disk 500000

## bench-gaia: wall time and peak memory of writing the synthetic Gaia survey (GAIA_SCALE: 0.1 by default; 1.0 is
## the paper's size, about 9.5 GB in GAIA_OUT)
GAIA_SCALE ?= 0.1
GAIA_OUT ?= build/bench-gaia
bench-gaia: deps
	$(SWIFT) build -c release --product hmfbook
	rm -rf $(GAIA_OUT)
	/usr/bin/time -f "gaia-data --scale $(GAIA_SCALE): %e s wall, %U s user, peak RSS %M KB" \
	  .build/release/hmfbook gaia-data --scale $(GAIA_SCALE) --seed 1 --out $(GAIA_OUT)

## install: hmfbook to $(PREFIX)/bin and its notebook runtime to $(PREFIX)/lib/hmfbook
install: build
	install -d $(PREFIX)/bin
	install -m 755 .build/release/hmfbook $(PREFIX)/bin/hmfbook
	.build/release/hmfbook install-kit $(PREFIX)

clean:
	rm -rf .build build
