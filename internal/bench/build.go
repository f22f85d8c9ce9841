package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dbquirks/dbquirks/internal/catalog"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/site"
)

// artifacts is everything the run built.
type artifacts struct {
	site      *site.Result
	pages     string // the bench pages, served under /bench/
	native    string // sqlbench, built for this machine
	sizes     []SizeRow
	shipped   []ShippedFile // the module's .br and .gz as the site build wrote them
	scenarios ScenarioPick
}

// ShippedFile is a precompressed file of the site.
type ShippedFile struct {
	Name  string
	Bytes int64
}

// ScenarioPick names the catalogue scenarios Run is timed on.
type ScenarioPick struct {
	Median, Largest           string
	MedianSteps, LargestSteps int
	Count                     int
}

func buildAll(root, tmp string) (*artifacts, error) {
	a := &artifacts{pages: filepath.Join(tmp, "pages"), native: filepath.Join(tmp, "sqlbench")}
	res, err := site.Build(site.Options{Root: root, Out: filepath.Join(tmp, "site"), Precompress: true, Log: os.Stderr})
	if err != nil {
		return nil, fmt.Errorf("building the site: %w", err)
	}
	a.site = res
	if err := writePages(a.pages, res); err != nil {
		return nil, err
	}
	goroot, err := goOut(root, nil, "env", "GOROOT")
	if err != nil {
		return nil, err
	}
	wasmExec := filepath.Join(strings.TrimSpace(goroot), "lib", "wasm", "wasm_exec.js")
	if err := copyFile(wasmExec, filepath.Join(a.pages, "wasm_exec.js")); err != nil {
		return nil, err
	}
	wasmEnv := []string{"GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0"}
	release := []string{"-trimpath", "-ldflags=-s -w -buildid="}
	builds := []struct {
		env  []string
		args []string
		out  string
		pkg  string
	}{
		{nil, nil, a.native, "./internal/bench/sqlbench"},
		{wasmEnv, release, filepath.Join(a.pages, "sqlbench.wasm"), "./internal/bench/sqlbench"},
		{wasmEnv, append(slices.Clone(release), site.NoBoundsChecks), filepath.Join(a.pages, "sqlbench-B.wasm"), "./internal/bench/sqlbench"},
		{wasmEnv, release, filepath.Join(tmp, "module.wasm"), "./wasm"},
		{wasmEnv, append(slices.Clone(release), site.NoBoundsChecks), filepath.Join(tmp, "module-B.wasm"), "./wasm"},
	}
	for _, b := range builds {
		args := append(append([]string{"build"}, b.args...), "-o", b.out, b.pkg)
		if _, err := goOut(root, b.env, args...); err != nil {
			return nil, err
		}
	}
	if a.sizes, err = sizeRows(root, tmp, res, wasmExec); err != nil {
		return nil, err
	}
	module := filepath.Join(res.Out, strings.TrimPrefix(res.Assets.Wasm, res.Base))
	for _, enc := range []string{".br", ".gz"} {
		fi, err := os.Stat(module + enc)
		if err != nil {
			return nil, fmt.Errorf("the site's precompressed module: %w", err)
		}
		a.shipped = append(a.shipped, ShippedFile{Name: filepath.Base(module) + enc, Bytes: fi.Size()})
	}
	if a.scenarios, err = pickScenarios(filepath.Join(root, "scenarios")); err != nil {
		return nil, err
	}
	return a, nil
}

// SizeRow is one line of the size table.
type SizeRow struct {
	What  string
	Sizes Sizes
}

func sizeRows(root, tmp string, res *site.Result, wasmExec string) ([]SizeRow, error) {
	inSite := func(url string) string { return filepath.Join(res.Out, strings.TrimPrefix(url, res.Base)) }
	npm := func(p string) string { return filepath.Join(root, "internal", "bench", "js", "node_modules", p) }
	rows := []struct {
		what  string
		files []string
	}{
		{"our module as the site ships it", []string{inSite(res.Assets.Wasm)}},
		{"our module, built without -B", []string{filepath.Join(tmp, "module.wasm")}},
		{"our module, built with -B", []string{filepath.Join(tmp, "module-B.wasm")}},
		{"our engine's JS (worker.js, wasm_exec.js)", []string{inSite(res.Assets.Worker), wasmExec}},
		{"our page's JS and CSS (app.js, app.css)", []string{inSite(res.Assets.AppJS), inSite(res.Assets.CSS)}},
		{"sql.js (sql-wasm.wasm, sql-wasm.js)", []string{npm("sql.js/dist/sql-wasm.wasm"), npm("sql.js/dist/sql-wasm.js")}},
		{"sqlite-wasm (sqlite3.wasm, index.mjs)", []string{npm("@sqlite.org/sqlite-wasm/dist/sqlite3.wasm"), npm("@sqlite.org/sqlite-wasm/dist/index.mjs")}},
		{"PGlite, the live PostgreSQL lane (worker, wasm, initdb, data), only when asked", []string{
			inSite(res.Assets.PGlite.Worker), inSite(res.Assets.PGlite.Wasm), inSite(res.Assets.PGlite.Initdb), inSite(res.Assets.PGlite.Data)}},
	}
	var out []SizeRow
	for _, r := range rows {
		logf("measuring %s", r.what)
		s, err := measureFiles(r.files...)
		if err != nil {
			return nil, err
		}
		out = append(out, SizeRow{r.what, s})
	}
	return out, nil
}

// pickScenarios finds the catalogue's median and largest scenario by number
// of steps.
func pickScenarios(dir string) (ScenarioPick, error) {
	all, err := catalog.Load(dir)
	if err != nil {
		return ScenarioPick{}, err
	}
	if len(all) == 0 {
		return ScenarioPick{}, fmt.Errorf("%s has no scenarios", dir)
	}
	slices.SortStableFunc(all, func(a, b *scenario.Scenario) int { return len(a.Steps) - len(b.Steps) })
	med, big := all[len(all)/2], all[len(all)-1]
	return ScenarioPick{Median: med.ID, MedianSteps: len(med.Steps), Largest: big.ID, LargestSteps: len(big.Steps), Count: len(all)}, nil
}

// writePages writes the bench pages and a host page with one embed.
func writePages(dir string, res *site.Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, data := range map[string][]byte{
		"engine.html":   enginePage,
		"engines.js":    enginesJS,
		"workload.json": workloadJSON,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	if res.Assets.Embed == "" || len(res.Scenarios) == 0 {
		return fmt.Errorf("the site has no embed.js or no scenario to embed")
	}
	host := fmt.Sprintf(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A page with an embed</title>
<script src="%s" defer></script></head>
<body><h1>Someone's docs</h1><p>An embed the reader never runs:</p>
<div data-dbquirks="%s">A dbquirks scenario.</div></body></html>
`, res.Assets.Embed, res.Scenarios[0])
	return os.WriteFile(filepath.Join(dir, "embed-host.html"), []byte(host), 0o644)
}

func goOut(dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return string(out), nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}
