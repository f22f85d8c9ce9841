package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/dbquirks/dbquirks/internal/catalog"
	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/scenario"
)

const runUsage = "run [--json] [--timings] [--dir DIR] FILE|ID"

// runCmd plays one scenario and prints its transcript. It exits 1 when an
// expectation is not met, so that it can be used in scripts.
func runCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the transcript as JSON (the same data the browser receives)")
	timings := fs.Bool("timings", false, "show wall-clock times")
	dir := fs.String("dir", "scenarios", "directory in which to look up scenario ids")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: dbquirks "+runUsage)
		return 2
	}
	sc, ok := loadScenario(*dir, fs.Arg(0), stderr)
	if !ok {
		return 1
	}
	t := engine.Run(context.Background(), sc, engine.Options{})
	var err error
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(t)
	} else {
		err = report.Text(stdout, t, report.Options{Timings: *timings})
	}
	if err != nil {
		fmt.Fprintln(stderr, "dbquirks:", err)
		return 1
	}
	if t.Failures > 0 {
		return 1
	}
	return 0
}

// loadScenario finds a scenario by file or id and parses it, printing why
// when it cannot.
func loadScenario(dir, arg string, stderr io.Writer) (*scenario.Scenario, bool) {
	path, err := catalog.Resolve(dir, arg)
	if err != nil {
		fmt.Fprintln(stderr, "dbquirks:", err)
		return nil, false
	}
	sc, err := catalog.LoadFile(path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, false
	}
	return sc, true
}
