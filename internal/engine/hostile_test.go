package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// hostileOptions shortens the statement-time limit so that the runaway
// entries of the corpus stop sooner, and lowers the database cap so that
// the size bomb reaches it after 8 MiB of writes instead of 64. The time
// limit still leaves honest statements room on a loaded machine (make test
// runs packages in parallel with the browser tests); under WebAssembly the
// engine is several times slower and compiles functions lazily on first
// call. The browser test plays the corpus again with the default limits.
var hostileOptions = Options{
	StatementTimeout: map[bool]time.Duration{false: time.Second, true: 3 * time.Second}[runtime.GOOS == "js"],
	DatabaseBytes:    8 << 20,
}

// hostileLimits names the engine limit each failing or truncated step of
// the corpus must report, by file and step. The files' own expectations
// pin the SQLite result codes; this pins which limit explains them.
var hostileLimits = map[string]map[int]string{
	"runaway.md": {1: "statement-time", 2: "statement-time", 3: "statement-time"},
	"rows.md":    {1: "rows-per-step", 2: "result-size"},
	"cursors.md": {},
	"bombs.md":   {1: "value-size", 2: "value-size", 3: "value-size", 4: "value-size", 5: "value-size", 6: "value-size", 7: "value-size"},
	"dbsize.md":  {2: "database-size"},
	"nesting.md": {1: "expression-depth", 3: "expression-depth", 5: "trigger-depth"},
	"sandbox.md": {1: "sandbox", 2: "sandbox", 3: "sandbox", 4: "sandbox", 5: "sandbox", 6: "sandbox",
		7: "sandbox", 8: "sandbox", 9: "sandbox", 10: "sandbox", 12: "attached", 14: "sandbox", 15: "sandbox"},
}

// hostileLowerBounds lists, by file, the steps whose row count a limit
// stopped while rows were still coming: their count is a lower bound.
var hostileLowerBounds = map[string]map[int]bool{
	"runaway.md": {2: true, 3: true},
}

// TestHostileCorpus plays every scenario under testdata/hostile: each states
// the exact outcome it must get (codes, rows), and hostileLimits says which
// limit must be named for it. The same test runs under WebAssembly in
// `make wasm-test`.
func TestHostileCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/hostile/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no hostile corpus: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		want, listed := hostileLimits[name]
		if !listed {
			t.Errorf("%s: add it to hostileLimits", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := scenario.Parse(name, src)
			if err != nil {
				t.Fatal(err)
			}
			tr := Run(t.Context(), sc, hostileOptions)
			expectClean(t, tr)
			for _, st := range tr.Steps {
				if got := stepLimit(st); got != want[st.Index] {
					t.Errorf("step %d (line %d): limit %q, want %q", st.Index, st.Line, got, want[st.Index])
				}
				if got := resultOf(st).CountIncomplete; got != hostileLowerBounds[name][st.Index] {
					t.Errorf("step %d (line %d): count incomplete %v, want %v", st.Index, st.Line, got, !got)
				}
			}
		})
	}
}

// stepLimit is the limit a step ran into: the one its error names, or the
// one that truncated its rows.
func stepLimit(st wire.Step) string {
	if st.Error != nil {
		if st.Error.Limit != "" && st.Error.Note == "" {
			return "limit without a note"
		}
		return st.Error.Limit
	}
	for _, s := range st.Statements {
		switch {
		case strings.Contains(s.Truncated, "rows-per-step"):
			return "rows-per-step"
		case strings.Contains(s.Truncated, "result-size"):
			return "result-size"
		}
	}
	return ""
}

func TestRunTimeLimitStopsTheRun(t *testing.T) {
	runaway := "\nWITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM r) SELECT count(*) FROM r"
	tr := play(t, steps(runaway, runaway, runaway, "\nSELECT 1"),
		Options{StatementTimeout: 200 * time.Millisecond, RunTimeout: 300 * time.Millisecond})
	if tr.Stopped == nil || tr.Stopped.Reason != "run-time" || !strings.Contains(tr.Stopped.Message, "run-time limit") {
		t.Fatalf("stopped = %+v, want the run-time limit", tr.Stopped)
	}
	last := tr.Steps[len(tr.Steps)-1]
	if !last.Skipped {
		t.Errorf("the last step ran after the run's time was up: %+v", last)
	}
	if tr.Failures == 0 {
		t.Errorf("a stopped run must count as failed")
	}
}

// TestSQLLengthLimit lowers the limit: at its default, 256 KiB, no statement
// of a scenario the parser accepts can pass it (scenario.MaxSourceBytes).
func TestSQLLengthLimit(t *testing.T) {
	long := "SELECT '" + strings.Repeat("x", 100<<10) + "'"
	tr := play(t, steps("expect=SQLITE_TOOBIG\n"+long, "\nSELECT 1"), Options{SQLBytes: 64 << 10})
	expectClean(t, tr)
	if e := tr.Steps[0].Error; e == nil || e.Limit != "sql-length" || !strings.Contains(e.Note, "64 KiB") {
		t.Errorf("error = %+v, want the SQL-length limit named", e)
	}
}

func TestMemoryLimit(t *testing.T) {
	// A sort keeps every row in memory (temp_store is memory): with a small
	// heap it must fail with SQLITE_NOMEM and name the limit, not crash.
	tr := play(t, steps("expect=SQLITE_NOMEM\n"+
		"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 200) "+
		"SELECT length(b) FROM (SELECT randomblob(100000) AS b FROM c ORDER BY b)",
		"\nSELECT 1"), Options{HeapBytes: 8 << 20})
	expectClean(t, tr)
	if e := tr.Steps[0].Error; e == nil || e.Limit != "memory" {
		t.Errorf("error = %+v, want the memory limit named", e)
	}
}

// TestConnectionLimitHoldsForScenariosBuiltInGo hands the engine a
// scenario the parser would refuse: it must open no connection at all,
// not as many as it is asked for.
func TestConnectionLimitHoldsForScenariosBuiltInGo(t *testing.T) {
	for _, n := range []int{0, scenario.MaxConnections + 1, 10_000} {
		sc := &scenario.Scenario{ID: "many", Meta: wire.Meta{Storage: scenario.StorageMemdb},
			Steps: []scenario.Step{{Index: 1, Conn: scenario.DefaultConn, Kind: scenario.Exec, SQL: "SELECT 1"}}}
		for i := range n {
			sc.Meta.Connections = append(sc.Meta.Connections, wire.Connection{Name: fmt.Sprintf("c%d", i)})
		}
		tr := Run(t.Context(), sc, Options{})
		if tr.Stopped == nil || tr.Stopped.Reason != "setup" || !strings.Contains(tr.Stopped.Message, "connections") {
			t.Errorf("%d connections: stopped = %+v, want a setup stop that names the connections limit", n, tr.Stopped)
		}
		if len(tr.Steps) != 1 || !tr.Steps[0].Skipped || tr.Failures == 0 {
			t.Errorf("%d connections: steps %+v, failures %d; want the step skipped and the run failed", n, tr.Steps, tr.Failures)
		}
	}
}

// TestCountStoppedByALimitIsALowerBound: a statement that still produced
// rows when the statement-time limit stopped it has no known total; its
// count says so. A statement that fails by itself after some rows has a
// complete count.
func TestCountStoppedByALimitIsALowerBound(t *testing.T) {
	tr := play(t, steps(
		"expect=SQLITE_INTERRUPT\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c",
		"cursor=c fetch=all expect=SQLITE_INTERRUPT\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c",
		"expect=SQLITE_ERROR rows=1\nSELECT json(column1) FROM (VALUES ('1'), ('{'))",
	), Options{StatementTimeout: hostileOptions.StatementTimeout / 3}) // rows must come before the limit, under wasm too
	expectClean(t, tr)
	for _, i := range []int{0, 1} {
		s := tr.Steps[i].Statements[0]
		if !s.CountIncomplete || s.RowCount == 0 || s.Error.Limit != "statement-time" {
			t.Errorf("step %d: count incomplete %v, %d rows, limit %q; want a lower bound stopped by the statement-time limit",
				i+1, s.CountIncomplete, s.RowCount, s.Error.Limit)
		}
	}
	if s := tr.Steps[2].Statements[0]; s.CountIncomplete {
		t.Errorf("a statement that failed by itself after %d rows claims its count is incomplete", s.RowCount)
	}
}
