# The book's commands. `make site` and `make test` first install the Debian packages they need
# (apt-get when run as root, otherwise they say exactly what to run).

SWIFT ?= swift
DEBIAN_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev libopenblas-dev libjs-katex libjs-highlight.js gettext nodejs
# The release build folder, asked of SwiftPM (never hard-coded); evaluated once per recipe line.
BIN = "$$($(SWIFT) build -c release --show-bin-path)"

.PHONY: site test update clean deps format format-check bench bench-frameworks words corpus watch export i18n i18n-status

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

## i18n: extract the chapters' messages to po/messages.pot and merge them into po/zh_CN.po with msgmerge
##        (an English edit makes its entry fuzzy); i18n-status: per chapter, translated / fuzzy / missing
i18n: deps
	$(SWIFT) build -c release --product book
	bin=$(BIN) && "$$bin/book" i18n
i18n-status:
	$(SWIFT) build -c release --product book
	bin=$(BIN) && "$$bin/book" i18n --status

## export: write one chapter as a Swift package of its own: make export CHAPTER=06 DIR=/tmp/gru
##         (DIR new, empty or an earlier export, outside the book; FORCE=1 writes into another folder)
export:
	@test -n "$(CHAPTER)" && test -n "$(DIR)" || { echo "usage: make export CHAPTER=06 DIR=/tmp/gru [FORCE=1]"; exit 2; }
	$(SWIFT) build -c release --product book
	bin=$(BIN) && "$$bin/book" export "$(CHAPTER)" --to "$(DIR)" $(if $(FORCE),--force)

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

## words: regenerate the word lists of the text chapter, Chapters/words/LANGUAGE.txt, from Debian's
##        word-list packages (installed like the other packages). The cut, per language: convert to
##        UTF-8 (the Swedish list is Latin-1), lower-case, keep words of 3 to 15 letters and nothing
##        else (no apostrophes, hyphens or digits), drop duplicates, then keep the WORDS_PER_LANGUAGE
##        words with the smallest seeded hash h = (h·48271 + byte) mod (2^31 − 1), h starting at
##        WORDS_SEED, over the word's UTF-8 bytes, then four more h = h·48271 mod (2^31 − 1) to mix
##        (a fixed pseudo-random sample that any awk
##        reproduces), written in byte order. Chapters/words/README.md says more.
WORD_LISTS := english:wamerican:american-english german:wngerman:ngerman french:wfrench:french \
  spanish:wspanish:spanish italian:witalian:italian portuguese:wportuguese:portuguese \
  dutch:wdutch:dutch polish:wpolish:polish swedish:wswedish:swedish
WORDS_PER_LANGUAGE := 3000
WORDS_SEED := 2026
words:
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="$(foreach w,$(WORD_LISTS),$(word 2,$(subst :, ,$(w))))"
	@mkdir -p Chapters/words
	@for entry in $(WORD_LISTS); do \
	  lang=$${entry%%:*}; rest=$${entry#*:}; pkg=$${rest%%:*}; file=/usr/share/dict/$${rest#*:}; \
	  { if iconv -f UTF-8 -t UTF-8 "$$file" >/dev/null 2>&1; then cat "$$file"; else iconv -f ISO-8859-1 -t UTF-8 "$$file"; fi; } \
	  | LC_ALL=C.UTF-8 sed 's/.*/\L&/' | LC_ALL=C.UTF-8 grep -Ex '[[:alpha:]]{3,15}' | LC_ALL=C sort -u \
	  | LC_ALL=C awk -v seed=$(WORDS_SEED) 'BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i } \
	      { h = seed; n = length($$0); for (i = 1; i <= n; i++) h = (h * 48271 + ord[substr($$0, i, 1)]) % 2147483647; \
	        for (i = 0; i < 4; i++) h = (h * 48271) % 2147483647; \
	        printf "%010d %s\n", h, $$0 }' \
	  | LC_ALL=C sort | head -n $(WORDS_PER_LANGUAGE) | cut -d' ' -f2 | LC_ALL=C sort > Chapters/words/$$lang.txt; \
	  echo "Chapters/words/$$lang.txt: $$(wc -l < Chapters/words/$$lang.txt) words from $$pkg $$(dpkg-query -W -f='$${Version}' $$pkg) ($$file)"; \
	done

## corpus: regenerate the running text of the language-model chapter, Chapters/corpus/fortunes.txt, from
##        Debian's fortunes-min package (installed like the other packages). The cut: the files fortunes,
##        literature and riddles in that order, split at the lines holding only %; in each quotation the
##        attribution lines (starting with --) are dropped and the other lines joined with a space;
##        lower-cased; every byte but a-z 0-9 space . , ; : ! ? ' ( ) - becomes a space; runs of spaces
##        become one; empty quotations are dropped; one quotation per line, in the package's order.
##        Chapters/corpus/README.md says more.
CORPUS_FILES := fortunes literature riddles
corpus:
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES=fortunes-min
	@mkdir -p Chapters/corpus
	@cd /usr/share/games/fortunes && cat $(CORPUS_FILES) | LC_ALL=C awk 'BEGIN { RS = "%\n" } \
	  { n = split($$0, lines, "\n"); text = ""; \
	    for (i = 1; i <= n; i++) if (lines[i] !~ /^[ \t]*--/) text = text " " lines[i]; \
	    text = tolower(text); gsub(/[^a-z0-9 .,;:!?'"'"'()-]/, " ", text); gsub(/ +/, " ", text); \
	    sub(/^ /, "", text); sub(/ $$/, "", text); if (length(text) > 0) print text }' \
	  > $(CURDIR)/Chapters/corpus/fortunes.txt
	@echo "Chapters/corpus/fortunes.txt: $$(wc -l < Chapters/corpus/fortunes.txt) quotations, $$(wc -c < Chapters/corpus/fortunes.txt) bytes from fortunes-min $$(dpkg-query -W -f='$${Version}' fortunes-min)"

## format: format the Swift sources in place; format-check: fail if any file is not formatted (CI runs it;
##        a generated file opts out with a first line `// swift-format-ignore-file`)
format:
	$(SWIFT) format format --in-place --recursive Package.swift Sources Tests
format-check:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

## clean: remove every build folder and the site
clean:
	rm -rf .build .build-* Site Site.staging Site.old
