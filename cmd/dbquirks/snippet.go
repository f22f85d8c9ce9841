package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/dbquirks/dbquirks/internal/view"
)

const snippetUsage = "snippet [--site URL] [--dir DIR] FILE|ID"

// snippetCmd prints a scenario's steps and results as static HTML for
// documentation that allows no script: paste it where an embed cannot go.
func snippetCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("snippet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	siteURL := fs.String("site", "https://dbquirks.github.io/dbquirks/", "where the hosted playground lives, for the link to the live page")
	dir := fs.String("dir", "scenarios", "directory in which to look up scenario ids")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: dbquirks "+snippetUsage)
		return 2
	}
	o, ok := playArg(*dir, fs.Arg(0), stderr)
	if !ok {
		return 1
	}
	if t := o.Transcript; t.Failures > 0 || t.Stopped != nil {
		fmt.Fprintf(stderr, "dbquirks: %s does not hold (%d unmet expectations); run `dbquirks check` first\n", o.Scenario.File, t.Failures)
		return 1
	}
	if _, err := io.WriteString(stdout, view.Snippet(*siteURL, o.Scenario.ID, o.Document, o.Transcript)); err != nil {
		fmt.Fprintln(stderr, "dbquirks:", err)
		return 1
	}
	return 0
}
