package site

import (
	"bytes"
	"compress/gzip"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/dbquirks/dbquirks/internal/catalog"
	"github.com/dbquirks/dbquirks/internal/engine"
)

// BenchmarkWasmSize reports the size of the module as built for the site,
// raw and gzipped the way `dbquirks serve` sends it (internal/devserver);
// ns/op is the gzip time.
func BenchmarkWasmSize(b *testing.B) {
	tc, err := newToolchain("")
	if err != nil {
		b.Fatal(err)
	}
	module, err := tc.buildWasm("../..", b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	var gz bytes.Buffer
	for b.Loop() {
		gz.Reset()
		zw := gzip.NewWriter(&gz)
		zw.Write(module)
		zw.Close()
	}
	b.ReportMetric(float64(len(module))/1e6, "MB-raw")
	b.ReportMetric(float64(gz.Len())/1e6, "MB-gzip")
}

// BenchmarkFirstRun plays every built-in scenario natively, each from a
// fresh database as the site build does; it reports the slowest scenario's
// first run (the build pre-renders each once) and the whole catalogue.
func BenchmarkFirstRun(b *testing.B) {
	scenarios, err := catalog.Load(filepath.Join("..", "..", "scenarios"))
	if err != nil {
		b.Fatal(err)
	}
	first := time.Duration(0)
	for i, sc := range scenarios {
		start := time.Now()
		engine.Run(context.Background(), sc, engine.Options{})
		if d := time.Since(start); d > first || i == 0 {
			first = d
		}
	}
	for b.Loop() {
		for _, sc := range scenarios {
			engine.Run(context.Background(), sc, engine.Options{})
		}
	}
	b.ReportMetric(float64(first.Microseconds())/1000, "ms-slowest-first-run")
	b.ReportMetric(float64(len(scenarios)), "scenarios")
}

// BenchmarkBuild is a rebuild of the whole site with the module cached:
// what `dbquirks serve` does after an edit to web/ or a scenario.
func BenchmarkBuild(b *testing.B) {
	out := filepath.Join(b.TempDir(), "dist")
	cache := b.TempDir()
	opt := Options{Root: "../..", Out: out, CacheDir: cache}
	if _, err := Build(opt); err != nil { // fills the cache
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Build(opt); err != nil {
			b.Fatal(err)
		}
	}
}
