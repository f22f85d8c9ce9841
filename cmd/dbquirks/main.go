// Command dbquirks plays scenario scripts of SQLite quirks, checks their
// claims, and builds and serves the browser playground.
//
//	dbquirks run [--json] [--timings] FILE|ID   play one scenario and print its transcript
//	dbquirks check [DIR]                        run every scenario and verify every expectation
//	dbquirks build [--out dist] [--base /]      write the static site
//	dbquirks serve [--addr 127.0.0.1:8080]      build, serve and rebuild the site on changes
//	dbquirks snippet [--site URL] FILE|ID       static HTML of a scenario's results, for docs without script
//	dbquirks record [--check] [ID...]           play scenarios on real PostgreSQL and MariaDB; keep or verify what they answered
//	dbquirks django --out FILE [DIR]            every scenario's Django side as JSON, for make test-django
package main

import (
	"fmt"
	"io"
	"os"
)

// command is one subcommand: its usage line and what it runs.
type command struct {
	usage string
	run   func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{
	"run":     {runUsage, runCmd},
	"check":   {checkUsage, checkCmd},
	"build":   {buildUsage, buildCmd},
	"serve":   {serveUsage, serveCmd},
	"snippet": {snippetUsage, snippetCmd},
	"record":  {recordUsage, recordCmd},
	"django":  {djangoUsage, djangoCmd},
}

func main() {
	os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
}

// dispatch runs the command args name. Everything it prints goes through
// a visibleWriter, since much of it is scenario text.
func dispatch(args []string, stdout, stderr io.Writer) int {
	out, errOut := &visibleWriter{w: stdout}, &visibleWriter{w: stderr}
	defer out.Flush()
	defer errOut.Flush()
	return dispatchTo(args, out, errOut)
}

func dispatchTo(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		return 2
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "dbquirks: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage:")
	for _, name := range []string{"run", "check", "build", "serve", "snippet", "record", "django"} {
		if c, ok := commands[name]; ok {
			fmt.Fprintf(w, "  dbquirks %s\n", c.usage)
		}
	}
}
