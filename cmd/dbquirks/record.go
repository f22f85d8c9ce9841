package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/dbquirks/dbquirks/internal/record"
)

const recordUsage = "record [--check] [--dir DIR] [ID...]"

// recordCmd plays scenarios on real PostgreSQL and MariaDB servers and
// writes, or with --check verifies, their recordings. The servers come from
// the environment: DBQUIRKS_POSTGRES (a connection URL) and
// DBQUIRKS_MARIADB (a go-sql-driver DSN); `make test-servers` starts
// throwaway ones and runs --check.
func recordCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("record", flag.ContinueOnError)
	fs.SetOutput(stderr)
	check := fs.Bool("check", false, "compare with the stored recordings instead of writing them; fails on any difference")
	dir := fs.String("dir", "scenarios", "the scenarios folder; recordings live in its recorded/ folder")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	opt := record.Options{
		Dir:      *dir,
		Postgres: os.Getenv("DBQUIRKS_POSTGRES"),
		MariaDB:  os.Getenv("DBQUIRKS_MARIADB"),
		Check:    *check,
		IDs:      fs.Args(),
		Today:    time.Now().UTC().Format(time.DateOnly),
		Log:      stdout,
	}
	if len(opt.IDs) == 0 {
		opt.IDs = nil
	}
	start := time.Now()
	sum, err := record.Run(context.Background(), opt)
	if err != nil {
		fmt.Fprintln(stderr, "dbquirks record:", err)
		return 1
	}
	for _, p := range sum.Problems {
		fmt.Fprintln(stdout, "  "+p)
	}
	verb := "recorded"
	if *check {
		verb = "checked"
	}
	fmt.Fprintf(stdout, "%s in %s; %d scenarios have both lanes recorded; %d problems\n",
		verb, time.Since(start).Round(100*time.Millisecond), sum.Both, len(sum.Problems))
	if len(sum.Problems) > 0 {
		return 1
	}
	return 0
}
