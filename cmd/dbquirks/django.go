package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dbquirks/dbquirks/internal/catalog"
	"github.com/dbquirks/dbquirks/internal/wire"
)

const djangoUsage = "django --out FILE [DIR]"

// djangoCase is one scenario's Django side as internal/djangocheck/check.py
// reads it: the parser's reading of the front matter, so the Python side
// needs no YAML and cannot read a scenario differently.
type djangoCase struct {
	// File is the scenario's path, for the runner's messages.
	File string `json:"file"`
	// Backend is the database the quirk is about (sqlite, postgresql,
	// mysql…): check.py runs the ORM code on that backend.
	Backend string      `json:"backend"`
	Django  wire.Django `json:"django"`
}

// djangoCmd writes the Django side of every scenario in DIR as a JSON list
// to FILE, for `make test-django` (internal/djangocheck). It writes to a
// file, not stdout: stdout makes control characters visible, JSON must
// arrive as it is.
func djangoCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("django", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the JSON file to write")
	if err := fs.Parse(args); err != nil || *out == "" || fs.NArg() > 1 {
		fmt.Fprintln(stderr, "usage: dbquirks "+djangoUsage)
		return 2
	}
	dir := "scenarios"
	if fs.NArg() == 1 {
		dir = fs.Arg(0)
	}
	ids, err := catalog.IDs(dir)
	if err != nil {
		fmt.Fprintln(stderr, "dbquirks:", err)
		return 1
	}
	cases := []djangoCase{}
	for _, id := range ids {
		file := filepath.Join(dir, id+".md")
		sc, err := catalog.LoadFile(file)
		if err != nil {
			fmt.Fprintln(stderr, "dbquirks:", err)
			return 1
		}
		dj := sc.Meta.Django
		// The point is an excerpt for the page; check.py runs the whole
		// code, which ORM already is, without the point's markers.
		dj.ORMPoint = nil
		cases = append(cases, djangoCase{File: filepath.ToSlash(file), Backend: sc.Meta.Backend, Django: dj})
	}
	b, err := json.MarshalIndent(cases, "", "  ")
	if err == nil {
		err = os.WriteFile(*out, append(b, '\n'), 0o644)
	}
	if err != nil {
		fmt.Fprintln(stderr, "dbquirks:", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote the Django side of %d scenarios to %s\n", len(cases), *out)
	return 0
}
