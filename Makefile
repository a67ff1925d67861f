# hmfbook: one command to set up and run, one to set up and test.
#   make run    installs what is missing, builds, and runs the toy validation
#   make test   installs what is missing and runs the test suite
SWIFT ?= swift
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# OpenBLAS picks its kernels from CPUID; on virtual machines that hide the CPU model it falls back to an
# SSE3 kernel several times slower. Use the Haswell (AVX2) kernels when the CPU has AVX2, unless set already.
OPENBLAS_CORETYPE ?= $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && echo Haswell)
export OPENBLAS_CORETYPE

APT_PACKAGES := pkg-config libopenblas-dev liblapacke-dev libhdf5-dev libcairo2-dev \
                fontconfig fonts-lmodern fonts-dejavu-core poppler-utils

.PHONY: deps build test run bench clean

## deps: install system libraries (only those pkg-config cannot find) and the Python packages tests compare with
deps:
	@missing=""; \
	command -v pkg-config >/dev/null || missing="pkg-config"; \
	for lib in openblas lapacke hdf5 cairo; do \
	  pkg-config --exists $$lib 2>/dev/null || missing="$$missing $$lib"; \
	done; \
	fc-list 2>/dev/null | grep -qi "latin modern" || missing="$$missing fonts"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages (missing:$$missing)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	else echo "system libraries present: openblas lapacke hdf5 cairo"; fi
	@if command -v $(PYTHON) >/dev/null; then \
	  $(PYTHON) -c "import numpy, h5py" 2>/dev/null || $(PYTHON) -m pip install -q numpy h5py || \
	  echo "note: numpy/h5py unavailable; interoperability tests will be skipped"; \
	fi

## build: release build of the command-line tool and of the library notebooks link against
build: deps
	$(SWIFT) build -c release --product hmfbook
	$(SWIFT) build -c release --product NotebookKit

## test: the whole test suite
test: deps
	$(SWIFT) test

## run: the toy validation notebook (35 fits, inference, baselines, the paper's toy figure set in figures/toy)
run: build
	.build/release/hmfbook run Notebooks/toy.md

## bench: engine benchmark (ratios against BLAS measured in the same run)
bench: deps
	$(SWIFT) build -c release --product rhmf-bench
	.build/release/rhmf-bench

clean:
	rm -rf .build build
