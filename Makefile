# The book's commands. `make site` and `make test` first install the Debian packages they need
# (apt-get when run as root, otherwise they say exactly what to run).

SWIFT ?= swift
DEBIAN_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev libopenblas-dev libjs-katex libjs-highlight.js
# The release build folder, asked of SwiftPM (never hard-coded); evaluated once per recipe line.
BIN = "$$($(SWIFT) build -c release --show-bin-path)"

.PHONY: site test update clean deps format format-check bench bench-frameworks watch export

## site: build the library and the builder in release mode, run every changed chapter, write Site/
site: deps
	$(SWIFT) build -c release
	bin=$(BIN) && "$$bin/book" build --library-dir "$$bin"

## test: run the library, builder and chapter tests (swift test)
test: deps
	$(SWIFT) test

## update: rewrite the ```output blocks of the chapters with what their blocks print now
update: deps
	$(SWIFT) build -c release
	bin=$(BIN) && "$$bin/book" update --library-dir "$$bin"

## watch: build the site, then rebuild it on every save of a chapter, the theme or the library;
##        an open page reloads itself (from file://, no server)
watch: deps
	$(SWIFT) build -c release
	bin=$(BIN) && "$$bin/book" watch --library-dir "$$bin"

## export: write one chapter as a Swift package of its own: make export CHAPTER=05 DIR=/tmp/gru
export:
	@test -n "$(CHAPTER)" && test -n "$(DIR)" || { echo "usage: make export CHAPTER=05 DIR=/tmp/gru"; exit 2; }
	$(SWIFT) build -c release --product book
	bin=$(BIN) && "$$bin/book" export "$(CHAPTER)" --to "$(DIR)"

## bench: time one training step of the library's RNN, LSTM and GRU on the book's workloads
##        (ARGS=--quick for a rough figure, ARGS="--only W1-RNN,W3-LSTM" for some of them)
bench: deps
	$(SWIFT) build -c release --product bench
	bin=$(BIN) && "$$bin/bench" $(ARGS)

## bench-frameworks: time the same workloads in PyTorch and JAX (float64), installed from PyPI in a venv
##        under .build-bench-py (a large download the first time; TORCH_PIP_ARGS passes extra pip arguments);
##        `make bench` then shows them beside its own
TORCH_PIP_ARGS ?=
bench-frameworks:
	test -x .build-bench-py/bin/python || python3 -m venv .build-bench-py
	.build-bench-py/bin/pip install -q numpy jax
	.build-bench-py/bin/pip install -q torch $(TORCH_PIP_ARGS)
	.build-bench-py/bin/python Sources/bench/frameworks.py --out .build-bench-py/results.txt $(ARGS)

## deps: install missing Debian packages
deps:
	@missing=""; \
	for p in $(DEBIAN_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) || \
	      { echo "error: apt-get could not install:$$missing"; exit 1; }; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) || \
	      { echo "error: apt-get could not install:$$missing"; exit 1; }; \
	  else \
	    echo "error: missing Debian packages:$$missing"; \
	    echo "Install them with:  sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

## format: format the Swift sources in place; format-check: fail if any file is not formatted (CI runs it;
##        a generated file opts out with a first line `// swift-format-ignore-file`)
format:
	$(SWIFT) format format --in-place --recursive Package.swift Sources Tests
format-check:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

## clean: remove every build folder and the site
clean:
	rm -rf .build .build-* Site Site.staging Site.old
