package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/dbquirks/dbquirks/internal/catalog"
	"github.com/dbquirks/dbquirks/internal/play"
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
	o, ok := playArg(*dir, fs.Arg(0), stderr)
	if !ok {
		return 1
	}
	t := o.Transcript
	var err error
	if *asJSON {
		var js []byte
		if js, err = json.MarshalIndent(t, "", "  "); err == nil {
			_, err = stdout.Write(append(escapeC1(js), '\n'))
		}
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

// playArg finds a scenario by file or id and plays it (internal/play, as
// the page and the site build do), printing why when it cannot.
func playArg(dir, arg string, stderr io.Writer) (*play.Outcome, bool) {
	path, err := catalog.Resolve(dir, arg)
	if err != nil {
		fmt.Fprintln(stderr, "dbquirks:", err)
		return nil, false
	}
	return playFile(path, stderr)
}

// playFile plays a scenario file; diagnostics name it as given.
func playFile(path string, stderr io.Writer) (*play.Outcome, bool) {
	o, err := play.File(context.Background(), path, play.Options{})
	var mistakes scenario.Diagnostics
	switch {
	case errors.As(err, &mistakes):
		fmt.Fprintln(stderr, mistakes)
		return nil, false
	case err != nil:
		fmt.Fprintln(stderr, "dbquirks:", err)
		return nil, false
	}
	return o, true
}
