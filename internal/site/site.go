// Package site builds the static site: the gallery page, one pre-rendered
// page per scenario, the bundled page and worker scripts, and the engine
// compiled to WebAssembly, all under one output folder that any static file
// server can host. Serving that folder while rebuilding it on change is
// internal/devserver's work, not this package's.
//
// The layout of the output and the page template's fields are the contract
// between this package and the web shell (web/, index.html,
// internal/view):
//
//	index.html                  the gallery
//	s/<id>/index.html           one page per scenario
//	assets/<name>-<hash>.<ext>  scripts, styles, the wasm module, wasm_exec.js
//	assets/…<ext>.gz, .br       the same precompressed, with Options.Precompress
//	embed.js                    web/embed.js, at a stable URL docs sites paste
//
// Every URL in a page starts with the base path, so the site works under a
// sub-path such as /dbquirks/.
package site

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Options say what to build and where. The zero value builds the
// repository in the current directory into ./dist for the base path "/".
type Options struct {
	// Root is the repository: index.html, web/, wasm/ and go.mod.
	// Default ".".
	Root string
	// Scenarios is the folder of scenario files. Default Root/scenarios.
	Scenarios string
	// Out is the output folder. It is replaced as a whole, and only if it is
	// empty, missing or an earlier build's output. Default Root/dist.
	Out string
	// Base is the path the site is served under; it starts and ends with
	// "/". Default "/".
	Base string
	// Go is the go command that builds the wasm module. Default: the
	// toolchain this program was built with, else go on PATH.
	Go string
	// CacheDir keeps built wasm modules by the hash of their inputs.
	// Default: dbquirks under the user's cache folder. NoCache turns it off.
	CacheDir string
	NoCache  bool
	// Precompress writes a .gz and a .br beside every hashed script, style
	// and module, for hosts that serve them (`dbquirks build` does; a
	// development server compresses on the fly instead of waiting for
	// brotli's best quality).
	Precompress bool
	// Log receives one line per stage; nil is quiet.
	Log io.Writer
}

// Result describes a finished build.
type Result struct {
	Out       string   // the output folder
	Base      string   // the base path
	Scenarios []string // the ids of the pages built, in order
	Assets    Assets
	Elapsed   time.Duration
}

// Assets are the URLs of the built assets, each starting with the base path.
type Assets struct {
	AppJS     string `json:"appJs"`
	CSS       string `json:"css"`
	Worker    string `json:"worker"`
	Wasm      string `json:"wasm"`
	WasmBytes int64  `json:"wasmBytes"` // the module's size, for the download progress bar
	WasmExec  string `json:"wasmExec"`
	Embed     string `json:"embed,omitempty"` // "" when web/embed.js does not exist
	// PGlite is the live PostgreSQL lane's worker and files, fetched only
	// when a reader asks for the lane (pglite.go).
	PGlite PGliteAssets `json:"pglite"`
}

// marker is written into every output folder, so that a later build knows
// the folder is its own to replace.
const marker = ".dbquirks-build"

// Build builds the site. A scenario that does not parse, or whose
// expectations do not hold, fails the build with its diagnostics: the site
// must never show a claim its own engine contradicts.
func Build(opt Options) (*Result, error) {
	start := time.Now()
	opt, err := opt.WithDefaults()
	if err != nil {
		return nil, err
	}
	b := &builder{opt: opt, files: map[string][]byte{}}
	if err := b.build(); err != nil {
		return nil, err
	}
	if err := replaceDir(opt.Out, b.files); err != nil {
		return nil, err
	}
	b.res.Out, b.res.Base, b.res.Elapsed = opt.Out, opt.Base, time.Since(start)
	b.logf("built %s: %d scenarios in %s", opt.Out, len(b.res.Scenarios), b.res.Elapsed.Round(time.Millisecond))
	return &b.res, nil
}

// WithDefaults fills in every option left empty, as a build would, and
// checks that Root is the repository. A development server reads the
// folders a build reads and writes (Root, Scenarios, Out) from it.
func (o Options) WithDefaults() (Options, error) {
	if o.Root == "" {
		o.Root = "."
	}
	if o.Scenarios == "" {
		o.Scenarios = filepath.Join(o.Root, "scenarios")
	}
	if o.Out == "" {
		o.Out = filepath.Join(o.Root, "dist")
	}
	base, err := CleanBase(o.Base)
	if err != nil {
		return o, err
	}
	o.Base = base
	if o.CacheDir == "" && !o.NoCache {
		if dir, err := os.UserCacheDir(); err == nil {
			o.CacheDir = filepath.Join(dir, "dbquirks")
		}
	}
	if o.NoCache {
		o.CacheDir = ""
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	for _, need := range []string{"index.html", "web", "wasm", "go.mod"} {
		if _, err := os.Stat(filepath.Join(o.Root, need)); err != nil {
			return o, fmt.Errorf("%s is not the dbquirks repository (no %s): run the build from the repository's root", absOr(o.Root), need)
		}
	}
	return o, nil
}

// CleanBase checks a base path and gives it its leading and trailing
// slash: "" and "/" are "/", "dbquirks" is "/dbquirks/".
func CleanBase(base string) (string, error) {
	base = "/" + strings.Trim(base, "/")
	if base != "/" {
		base += "/"
	}
	for _, seg := range strings.Split(strings.Trim(base, "/"), "/") {
		if seg == "." || seg == ".." || (seg == "" && base != "/") {
			return "", fmt.Errorf("base path %q: empty, . and .. segments are not allowed", base)
		}
	}
	for _, r := range base {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/-._~", r)) {
			return "", fmt.Errorf("base path %q: only letters, digits and - . _ ~ / are allowed", base)
		}
	}
	return base, nil
}

func absOr(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// builder collects the output files in memory; nothing is written until
// everything succeeded, so a failed build leaves the previous one in place.
type builder struct {
	opt   Options
	files map[string][]byte // slash path under the output folder -> contents
	res   Result
}

func (b *builder) logf(format string, args ...any) {
	fmt.Fprintf(b.opt.Log, format+"\n", args...)
}

func (b *builder) build() error {
	runs := make(chan scenarioResult, 1)
	go func() { runs <- runScenarios(b.opt.Scenarios, b.opt.Base) }()

	if err := b.assets(); err != nil {
		<-runs
		return err
	}
	if b.opt.Precompress {
		b.logf("precompressing the hashed assets (brotli's best quality: minutes for a new module)")
		if err := b.precompress(); err != nil {
			<-runs
			return err
		}
	}
	sr := <-runs
	if sr.err != nil {
		return sr.err
	}
	return b.pages(sr.pages)
}

// assets bundles web/, builds the wasm module and copies its glue.
func (b *builder) assets() error {
	// Said before esbuild, whose own message ("Could not resolve
	// @electric-sql/pglite") does not say what to do.
	if _, err := os.Stat(filepath.Join(b.opt.Root, filepath.FromSlash(pgliteDir))); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("PGlite is not installed (%s is missing): run `make pglite` (npm ci in web/pglite)", pgliteDir)
	}
	bun, err := bundleWeb(b.opt.Root, b.opt.Base)
	if err != nil {
		return err
	}
	for name, data := range bun.files {
		b.files[name] = data
	}
	a := &b.res.Assets
	a.AppJS = b.opt.Base + bun.entries["web/app.js"]
	a.CSS = b.opt.Base + bun.entries["web/app.css"]
	a.Worker = b.opt.Base + bun.entries["web/worker.js"]
	a.PGlite.Worker = b.opt.Base + bun.entries[pgliteWorkerEntry]
	if err := b.pgliteFiles(&a.PGlite); err != nil {
		return err
	}

	tc, err := newToolchain(b.opt.Go)
	if err != nil {
		return err
	}
	b.logf("building the wasm module with %s (on an empty Go cache this compiles SQLite translated to Go: a few minutes the first time, seconds after)", tc.version)
	module, err := tc.buildWasm(b.opt.Root, b.opt.CacheDir)
	if err != nil {
		return err
	}
	a.Wasm = b.opt.Base + b.hashed("assets/dbquirks", ".wasm", module)
	a.WasmBytes = int64(len(module))
	glue, err := tc.wasmExec()
	if err != nil {
		return err
	}
	a.WasmExec = b.opt.Base + b.hashed("assets/wasm_exec", ".js", glue)

	// Without an icon of its own, every page asks the host for
	// /favicon.ico and logs a 404; the brand's diamond is drawn inline.
	b.files["favicon.svg"] = []byte(favicon)

	embed, err := os.ReadFile(filepath.Join(b.opt.Root, "web", "embed.js"))
	switch {
	case err == nil:
		b.files["embed.js"] = embed
		a.Embed = b.opt.Base + "embed.js"
	case !errors.Is(err, os.ErrNotExist):
		return err
	}
	return nil
}

// hashed adds data under a content-hashed name and returns that name.
func (b *builder) hashed(prefix, ext string, data []byte) string {
	name := prefix + "-" + contentHash(data) + ext
	b.files[name] = data
	return name
}

// favicon is the site's icon: the header's diamond on the accent colour.
const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M8 0.5 15.5 8 8 15.5 0.5 8z" fill="#1f55c4"/></svg>
`
