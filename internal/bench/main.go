// Command bench is `make bench`: it builds the site, serves it on
// 127.0.0.1 beside pages that load sql.js and the official
// @sqlite.org/sqlite-wasm (installed by npm into internal/bench/js, never
// into the site), drives headless Chromium through all of them in turns,
// runs the same SQL natively as the floor, and writes docs/benchmarks.md.
//
// It is a benchmark, not a test: nothing here asserts a time. Compare the
// ratios of one run, not numbers from different days.
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

//go:embed workload.json
var workloadJSON []byte

func main() {
	reps := flag.Int("reps", 3, "repetitions of every browser measurement (engines alternate within each)")
	out := flag.String("out", "docs/benchmarks.md", "the report to write")
	chromium := flag.String("chromium", "/usr/bin/chromium", "the browser")
	flag.Parse()
	if err := run(*reps, *out, *chromium); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(reps int, out, chromium string) error {
	start := time.Now()
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(root, "internal", "bench", "js", "node_modules")); err != nil {
		return fmt.Errorf("run from the repository's root after `npm ci` in internal/bench/js (make bench does both): %w", err)
	}
	tmp, err := os.MkdirTemp("", "dbquirks-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	logf("building the site, the module without and with -B, and sqlbench (native, wasm, wasm -B)")
	art, err := buildAll(root, tmp)
	if err != nil {
		return err
	}
	srv, err := serveAll(root, art)
	if err != nil {
		return err
	}
	defer srv.close()
	rep := &Report{Date: time.Now().UTC(), Reps: reps, Machine: machine(), Sizes: art.sizes, Shipped: art.shipped, Scenarios: art.scenarios}

	logf("native floor")
	if err := nativeFloor(art, reps, rep); err != nil {
		return err
	}
	for i := range reps {
		rep.noteLoad()
		logf("repetition %d of %d", i+1, reps)
		if err := browserRound(chromium, srv, art, i, rep); err != nil {
			return err
		}
		// After every repetition, so that a run cut short leaves its
		// numbers (the report says how many repetitions it holds).
		rep.Reps, rep.Elapsed = i+1, time.Since(start)
		if err := write(rep, root, out); err != nil {
			return err
		}
	}
	logf("PGlite, the live PostgreSQL lane (%d fresh profiles)", reps)
	pg, err := pgliteRounds(root, reps)
	if err != nil {
		return err
	}
	rep.PGlite, rep.Elapsed = pg, time.Since(start)
	rep.noteLoad()
	return write(rep, root, out)
}

// write writes the report, with the notes read now, so that they can be
// edited during a long run.
func write(rep *Report, root, out string) error {
	notes, err := os.ReadFile(filepath.Join(root, "internal", "bench", "notes.md"))
	if err != nil {
		return err
	}
	rep.Notes = string(notes)
	if err := os.WriteFile(out, []byte(rep.Markdown()), 0o644); err != nil {
		return err
	}
	logf("wrote %s (%d repetitions, %s)", out, rep.Reps, rep.Elapsed.Round(time.Second))
	return nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

//go:embed pages/engine.html
var enginePage []byte

//go:embed pages/engines.js
var enginesJS []byte
