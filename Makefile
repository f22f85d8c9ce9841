# dbquirks: every task in one place. `make serve` and `make test` are the
# two commands a fresh clone needs. serve needs Go, and npm once to install
# PGlite (the live PostgreSQL lane, pinned by web/pglite/package-lock.json);
# test also needs Node and Chromium, which .ci/run installs when they are
# missing.

GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
RELEASE   := -trimpath -ldflags="-s -w -buildid="
# The browser build compiles SQLite translated to Go without bounds checks
# (internal/site's NoBoundsChecks; docs/benchmarks.md says why).
NOBOUNDS  := -gcflags=github.com/ncruces/go-sqlite3-wasm/v5=-B
# Fuzz budgets are execution counts, not durations: with a duration, Go 1.26's
# fuzz coordinator can fail a clean run with "context deadline exceeded" as
# the time runs out (go.dev/issue/75804, fixed in 1.27). Each count is about
# 10 s on a loaded two-core machine. FUZZTIME=2m overrides them all.
FUZZTIME  ?=
fuzzbudget = $(if $(FUZZTIME),$(FUZZTIME),$(1))

# PGLITE is the installed PGlite package the site bundles; `make pglite`
# installs it from the lockfile (npm ci: the exact versions and integrity
# hashes it pins) when it is missing or older than the lockfile.
PGLITE    := web/pglite/node_modules/@electric-sql/pglite/package.json

.PHONY: all build serve site browser test pglite test-servers test-django vet fmt imports layout unit scenarios wasm-test wasm-deps web-test fuzz bench clean

all: build

## build: the command line and the WebAssembly module
build:
	$(GO) build $(RELEASE) -o bin/dbquirks ./cmd/dbquirks
	GOOS=js GOARCH=wasm $(GO) build $(RELEASE) $(NOBOUNDS) -o bin/dbquirks.wasm ./wasm

## pglite: install PGlite from web/pglite's lockfile when it is missing
pglite: $(PGLITE)

$(PGLITE): web/pglite/package.json web/pglite/package-lock.json
	cd web/pglite && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

## serve: build the site and serve it on http://127.0.0.1:8080
serve: pglite
	$(GO) run ./cmd/dbquirks serve $(if $(ADDR),--addr $(ADDR))

## site: the static site in dist/ (BASE=/dbquirks/ for a sub-path)
site: pglite
	$(GO) run ./cmd/dbquirks build --out dist $(if $(BASE),--base $(BASE))

## browser: the browser tests alone (make unit runs them too, with go test ./...)
browser: pglite
	$(GO) test -count=1 -timeout=30m ./internal/browsertest

## test: everything CI runs
test: vet fmt imports layout wasm-deps unit scenarios wasm-test web-test fuzz

## test-servers: the recorded PostgreSQL and MariaDB lanes still match real servers.
## Installs the servers with apt when missing, runs throwaway instances on
## free 127.0.0.1 ports and removes them afterwards (internal/record/testdata/servers.sh).
test-servers:
	internal/record/testdata/servers.sh $(GO) run ./cmd/dbquirks record --check

## test-django: every scenario with django.models, run on real Django and the
## database its backend names (SQLite, or PostgreSQL and MariaDB, started as
## make test-servers does: internal/record/testdata/servers.sh), on each release
## its django.versions names: 5.2.18 (LTS) and 6.1.1 (the newest). The SQL
## Django sends, the exception it raises and the scenario's asserts must be the
## scenario's (internal/djangocheck/check.py). The first run
## creates a virtual environment per release under .django/ from Debian's pinned
## packages (install.sh says why not pip); Django 6.1 needs Python 3.12 or
## later, which python.sh finds or builds once from Debian's pinned source.
DJANGO_DIR := .django
DJANGO_RELEASES := 5.2.18 6.1.1
DJANGO_PYTHON_5.2.18 := python3
DJANGO_PYTHON_6.1.1 := $(abspath $(DJANGO_DIR)/python-3.13/bin/python3)
test-django: $(foreach r,$(DJANGO_RELEASES),$(DJANGO_DIR)/$(r)/installed)
	$(GO) build -o $(DJANGO_DIR)/dbquirks ./cmd/dbquirks
	$(DJANGO_DIR)/dbquirks django --out $(DJANGO_DIR)/cases.json scenarios
	internal/record/testdata/servers.sh internal/djangocheck/run.sh $(DJANGO_DIR) $(DJANGO_RELEASES)

$(DJANGO_DIR)/%/installed: internal/djangocheck/django-%.pins internal/djangocheck/install.sh internal/djangocheck/fetch.sh
	internal/djangocheck/install.sh $(DJANGO_DIR)/$* $< $(DJANGO_PYTHON_$*)
	@touch $@

$(DJANGO_DIR)/6.1.1/installed: $(DJANGO_DIR)/python-3.13/installed

$(DJANGO_DIR)/python-3.13/installed: internal/djangocheck/python-3.13.15.pins internal/djangocheck/python.sh internal/djangocheck/fetch.sh
	internal/djangocheck/python.sh $(DJANGO_DIR)/python-3.13 $<
	@touch $@

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet $$(GOOS=js GOARCH=wasm $(GO) list -deps ./wasm | grep '^github.com/dbquirks/')

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

## imports: only wasm/ may talk to the browser
imports:
	@# Import lines only: internal/layout's test names syscall/js in a string.
	@bad=$$(grep -rlE --include='*.go' '^[[:space:]]*(import[[:space:]]+)?([[:alnum:]_.]+[[:space:]]+)?"syscall/js"[[:space:]]*$$' internal cmd scenarios 2>/dev/null); \
	if [ -n "$$bad" ]; then echo "syscall/js imported outside wasm/:"; echo "$$bad"; exit 1; fi
	@# Under GOOS=js the standard library itself (syscall, time) imports
	@# syscall/js, so look for non-standard packages that import it directly.
	@bad=$$(for os in linux js; do GOOS=$$os GOARCH=$$( [ $$os = js ] && echo wasm || $(GO) env GOARCH ) \
		$(GO) list -f '{{if not .Standard}}{{range .Imports}}{{if eq . "syscall/js"}}{{$$.ImportPath}} {{end}}{{end}}{{end}}' \
		-deps ./internal/... ./cmd/...; done); \
	if [ -n "$$bad" ]; then echo "imports syscall/js outside wasm/: $$bad"; exit 1; fi

## layout: docs/architecture.md's table of who may import whom matches the imports,
## and git tracks nothing at the top level the developers' guide does not name
layout:
	$(GO) test -count=1 -run 'TestImportTable|TestTopLevel' ./internal/layout

## wasm-deps: esbuild, net/http and the recorder's database drivers stay out of the browser build
wasm-deps:
	@bad=$$(GOOS=js GOARCH=wasm $(GO) list -deps ./wasm | grep -E '^(github.com/evanw/esbuild|net/http$$|github.com/chromedp|github.com/jackc/pgx|github.com/go-sql-driver/mysql)' ); \
	if [ -n "$$bad" ]; then echo "the wasm module must not depend on:"; echo "$$bad"; exit 1; fi

unit: pglite
	$(GO) test -count=1 -timeout=30m ./...

## scenarios: every expectation of every built-in scenario holds
scenarios:
	$(GO) run ./cmd/dbquirks check scenarios

## wasm-test: the engine's tests again, compiled to WebAssembly and run by Node
wasm-test:
	GOOS=js GOARCH=wasm $(GO) test -count=1 $(NOBOUNDS) -exec="$(WASM_EXEC)" ./internal/engine ./internal/memvfs ./internal/scenario ./internal/wire ./internal/permalink ./internal/export ./wasm

## web-test: the page's own logic (splicing edits into Markdown) under Node's test runner
web-test:
	node --test web/test/

## fuzz: a short run of every fuzz target
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(call fuzzbudget,60000x) -fuzzminimizetime=50x ./internal/scenario
	$(GO) test -run='^$$' -fuzz='^FuzzLiterals$$' -fuzztime=$(call fuzzbudget,150000x) -fuzzminimizetime=50x ./internal/scenario
	$(GO) test -run='^$$' -fuzz='^FuzzLaneRow$$' -fuzztime=$(call fuzzbudget,60000x) -fuzzminimizetime=50x ./internal/scenario
	$(GO) test -run='^$$' -fuzz='^FuzzCodePieces$$' -fuzztime=$(call fuzzbudget,30000x) -fuzzminimizetime=50x ./internal/scenario
	$(GO) test -run='^$$' -fuzz='^FuzzCutPoint$$' -fuzztime=$(call fuzzbudget,30000x) -fuzzminimizetime=50x ./internal/scenario
	$(GO) test -run='^$$' -fuzz='^FuzzSQLText$$' -fuzztime=$(call fuzzbudget,60000x) -fuzzminimizetime=50x ./internal/dialect
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeAnswer$$' -fuzztime=$(call fuzzbudget,60000x) -fuzzminimizetime=50x ./internal/dialect
	$(GO) test -run='^$$' -fuzz='^FuzzStatement$$' -fuzztime=$(call fuzzbudget,8000x) -fuzzminimizetime=50x ./internal/engine
	$(GO) test -run='^$$' -fuzz='^FuzzDecode$$' -fuzztime=$(call fuzzbudget,60000x) -fuzzminimizetime=50x ./internal/permalink
	$(GO) test -run='^$$' -fuzz='^FuzzInflate$$' -fuzztime=$(call fuzzbudget,60000x) -fuzzminimizetime=50x ./internal/permalink
	$(GO) test -run='^$$' -fuzz='^FuzzRoundTrip$$' -fuzztime=$(call fuzzbudget,60000x) -fuzzminimizetime=50x ./internal/permalink
	$(GO) test -run='^$$' -fuzz='^FuzzExportsUntrusted$$' -fuzztime=$(call fuzzbudget,2000x) -fuzzminimizetime=50x ./internal/export
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(call fuzzbudget,20000x) -fuzzminimizetime=50x ./internal/bench/modsize

## bench: our engine beside sql.js and the official sqlite-wasm in headless
## Chromium, and natively, and the live PostgreSQL lane (PGlite); writes
## docs/benchmarks.md (internal/bench). The
## two JavaScript engines come from npm, pinned by internal/bench/js's lockfile.
BENCH_REPS ?= 3
bench: pglite
	cd internal/bench/js && npm ci --no-audit --no-fund
	$(GO) run ./internal/bench -reps $(BENCH_REPS)

clean:
	rm -rf bin dist test-output
