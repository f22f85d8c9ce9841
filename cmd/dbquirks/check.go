package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dbquirks/dbquirks/internal/catalog"
	"github.com/dbquirks/dbquirks/internal/play"
	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/scenario"
)

const checkUsage = "check [DIR]"

// checkCmd runs every scenario of a directory and verifies every
// expectation, printing what differs. It exits 1 on any mismatch or
// malformed scenario.
func checkCmd(args []string, stdout, stderr io.Writer) int {
	dir := "scenarios"
	switch len(args) {
	case 0:
	case 1:
		dir = args[0]
	default:
		fmt.Fprintln(stderr, "usage: dbquirks "+checkUsage)
		return 2
	}
	ids, err := catalog.IDs(dir)
	if err != nil {
		fmt.Fprintln(stderr, "dbquirks:", err)
		return 1
	}
	if len(ids) == 0 {
		fmt.Fprintf(stderr, "dbquirks: no scenarios in %s\n", dir)
		return 1
	}
	failed := 0
	for _, id := range ids {
		file := filepath.Join(dir, id+".md")
		o, err := play.File(context.Background(), file, play.Options{})
		var mistakes scenario.Diagnostics
		if errors.As(err, &mistakes) {
			failed++
			fmt.Fprintf(stdout, "FAIL %s\n%s\n", id, indent(mistakes.Error()))
			continue
		} else if err != nil {
			fmt.Fprintln(stderr, "dbquirks:", err)
			return 1
		}
		t := o.Transcript
		if t.Failures == 0 && t.Stopped == nil {
			fmt.Fprintf(stdout, "ok   %s (%d steps, %d expectations)\n", id, len(t.Steps), report.Stated(t))
			continue
		}
		failed++
		fmt.Fprintf(stdout, "FAIL %s\n", id)
		for _, line := range report.Unmet(filepath.ToSlash(file), t) {
			fmt.Fprintln(stdout, indent(line))
		}
	}
	if failed > 0 {
		fmt.Fprintf(stdout, "%d of %d scenarios failed\n", failed, len(ids))
		return 1
	}
	fmt.Fprintf(stdout, "all %d scenarios hold\n", len(ids))
	return 0
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
