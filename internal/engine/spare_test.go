package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/golden"
	"github.com/dbquirks/dbquirks/internal/scenario"
)

// expectSameRun fails the test when a run with spare differs from a run
// of sc with its own connections, or leaves a connection open.
func expectSameRun(t *testing.T, what string, sc *scenario.Scenario, spare *Spare) {
	t.Helper()
	before, held := openConns.Load(), int64(spare.Open())
	with := RunWithSpare(t.Context(), sc, Options{}, spare)
	if left := openConns.Load() - before + held; left != 0 {
		t.Errorf("%s: %d connections left open by the run", what, left)
	}
	if spare.Open() != 0 {
		t.Errorf("%s: the spare still holds %d connections after the run", what, spare.Open())
	}
	without := Run(t.Context(), sc, Options{})
	if a, b := golden.Timeless(t, with), golden.Timeless(t, without); !reflect.DeepEqual(a, b) {
		ja, _ := json.MarshalIndent(a, "", " ")
		jb, _ := json.MarshalIndent(b, "", " ")
		t.Errorf("%s: the run with a spare differs from the run without:\n%s\nwant\n%s", what, ja, jb)
	}
}

func openSpare(t *testing.T, storage string, n int, opt Options) *Spare {
	t.Helper()
	s, err := OpenSpare(storage, n, opt)
	if err != nil {
		t.Fatal(err)
	}
	if s.Open() != n {
		t.Fatalf("OpenSpare(%s, %d) holds %d connections", storage, n, s.Open())
	}
	return s
}

// TestSpareRunsTheCatalogueAsWithout plays every catalogue scenario with a
// spare of its own shape, and with the spare the previous scenario's Run
// would have left (another storage, fewer or more connections than it
// needs, a setup of its own).
func TestSpareRunsTheCatalogueAsWithout(t *testing.T) {
	files, err := filepath.Glob("../../scenarios/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	prev := Options{}.withDefaults()
	prevStorage, prevConns := scenario.StorageMemdb, 1
	for _, f := range files {
		if filepath.Base(f) == "README.md" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := scenario.Parse(filepath.Base(f), src)
		if err != nil {
			t.Fatal(err)
		}
		expectSameRun(t, sc.ID+" with its own spare", sc, openSpare(t, sc.Meta.Storage, len(sc.Meta.Connections), prev))
		expectSameRun(t, sc.ID+" with the previous scenario's spare", sc, openSpare(t, prevStorage, prevConns, prev))
		prevStorage, prevConns = sc.Meta.Storage, len(sc.Meta.Connections)
	}
}

// TestSpareFitsWhatTheScenarioSetsUp: the scenario's own settings (edited
// since the spare was opened) apply to a spare's connections as to new
// ones, and a spare that does not fit is not used.
func TestSpareFitsWhatTheScenarioSetsUp(t *testing.T) {
	const twoConnsEdited = "---\nconnections:\n  default:\n    busy_timeout: 300\n    transaction_mode: IMMEDIATE\n" +
		"    pragmas:\n      foreign_keys: \"ON\"\n    limits:\n      variable_number: 2\n      sql_length: 300\n" +
		"  other:\n    pragmas:\n      case_sensitive_like: \"ON\"\n---\n"
	body := steps(
		"\nCREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p REFERENCES p)",
		"expect=SQLITE_CONSTRAINT_FOREIGNKEY\nINSERT INTO c VALUES (1)",
		"expect=SQLITE_ERROR\nSELECT ?, ?, ?",
		"conn=other rows=0\nSELECT 1 WHERE 'a' LIKE 'A'",
		"\nBEGIN",
		"conn=other expect=SQLITE_BUSY\nBEGIN IMMEDIATE",
		"expect=SQLITE_TOOBIG\nSELECT '"+strings.Repeat("longer than the SQL length of the scenario ", 8)+"'",
	)
	parse := func(src string) *scenario.Scenario {
		sc, err := scenario.Parse("t.md", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	edited := parse(twoConnsEdited + body)
	mvcc := parse("---\nstorage: mvcc\nconnections:\n  default: {}\n  other: {}\n---\n" + body)
	memdb, def := scenario.StorageMemdb, Options{}
	for _, tc := range []struct {
		name  string
		sc    *scenario.Scenario
		spare *Spare
	}{
		{"two connections set up by the scenario", edited, openSpare(t, memdb, 2, def)},
		{"fewer spare connections than the scenario's", edited, openSpare(t, memdb, 1, def)},
		{"more spare connections than the scenario's", edited, openSpare(t, memdb, 5, def)},
		{"a spare of another storage", mvcc, openSpare(t, memdb, 2, def)},
		{"a spare with other limits", edited, openSpare(t, memdb, 2, Options{HeapBytes: 8 << 20})},
		{"a spare closed before the run", edited, func() *Spare { s := openSpare(t, memdb, 2, def); s.Close(); return s }()},
		{"no spare", edited, nil},
	} {
		expectSameRun(t, tc.name, tc.sc, tc.spare)
	}
	expectClean(t, Run(t.Context(), edited, Options{}))
}

// TestSpareLeavesNothingBehind: a spare closed unused closes its
// connections and forgets its database; so does a run that stops at a
// connection's setup before it took every spare connection.
func TestSpareLeavesNothingBehind(t *testing.T) {
	before := openConns.Load()
	s := openSpare(t, scenario.StorageMemdb, 2, Options{})
	if err := s.conns[0].db.Exec("CREATE TABLE left_behind (x)"); err != nil {
		t.Fatal(err)
	}
	dsn := s.db.dsn
	s.Close()
	s.Close()
	if n := openConns.Load() - before; n != 0 {
		t.Errorf("%d connections open after Close", n)
	}
	c, werr := openBare(dsn, Options{}.withDefaults())
	if werr != nil {
		t.Fatal(werr.Message)
	}
	if tables, err := c.queryText("SELECT count(*) FROM sqlite_schema"); err != nil || tables != "0" {
		t.Errorf("the closed spare's database still has %s tables (%v)", tables, err)
	}
	c.close()

	failing, err := scenario.Parse("t.md", []byte("---\nconnections:\n  default:\n    pragmas:\n      temp_store: file\n  other: {}\n---\n"+steps("\nSELECT 1")))
	if err != nil {
		t.Fatal(err)
	}
	tr := RunWithSpare(t.Context(), failing, Options{}, openSpare(t, scenario.StorageMemdb, 2, Options{}))
	if tr.Stopped == nil || tr.Stopped.Reason != "setup" {
		t.Errorf("stopped %+v, want a setup stop", tr.Stopped)
	}
	if n := openConns.Load() - before; n != 0 {
		t.Errorf("%d connections open after a run that stopped at setup", n)
	}
}

// TestScenarioLimitsDoNotHoldTheEngineSetup: a scenario may lower the SQL
// length below the engine's own setup statements; the limit holds its
// steps, and the engine still sets the connection up.
func TestScenarioLimitsDoNotHoldTheEngineSetup(t *testing.T) {
	tr := play(t, "---\nconnections:\n  default:\n    limits:\n      sql_length: 12\n---\n"+steps(
		"rows=1\nSELECT 1",
		"expect=SQLITE_TOOBIG\nSELECT 1 + 1 + 1",
	), Options{})
	expectClean(t, tr)
	if !strings.HasPrefix(tr.Engine.SQLite, "3.") {
		t.Errorf("SQLite version %q", tr.Engine.SQLite)
	}
	// The refusal names the scenario's limit, not the value size (as it
	// did when it compared with the engine's own SQL-length limit).
	if e := tr.Steps[1].Statements[0].Error; e == nil || e.Limit != "sql-length" || !strings.Contains(e.Note, "at most 12 bytes") {
		t.Errorf("the refused statement's error: %+v", e)
	}
}
