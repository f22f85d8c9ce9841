package engine

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// play parses src and runs it with opt.
func play(t *testing.T, src string, opt Options) *wire.Transcript {
	t.Helper()
	sc, err := scenario.Parse("t.md", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return Run(context.Background(), sc, opt)
}

// expectClean fails the test for every unmet check of tr.
func expectClean(t *testing.T, tr *wire.Transcript) {
	t.Helper()
	for _, st := range tr.Steps {
		for _, c := range st.Checks {
			if !c.OK {
				msg := ""
				if st.Error != nil {
					msg = " (" + st.Error.Message + ")"
				}
				t.Errorf("step %d (line %d): %s: want %q, got %q%s", st.Index, st.Line, c.Kind, c.Want, c.Got, msg)
			}
		}
	}
	if tr.Stopped != nil {
		t.Errorf("run stopped: %s", tr.Stopped.Message)
	}
}

// steps joins sql blocks into a scenario body; each argument is "info\nSQL".
func steps(blocks ...string) string {
	var b strings.Builder
	for _, s := range blocks {
		info, sql, _ := strings.Cut(s, "\n")
		b.WriteString("```sql " + info + "\n" + sql + "\n```\n\n")
	}
	return b.String()
}

const twoConns = "---\nconnections:\n  default:\n    busy_timeout: 5000\n  other:\n    busy_timeout: 5000\n---\n"

func TestWriterBlocksWriter(t *testing.T) {
	tr := play(t, twoConns+steps(
		"txn=write\nCREATE TABLE t(x); BEGIN; INSERT INTO t VALUES (1)",
		"conn=other expect=SQLITE_BUSY busy=5000 txn=none\nINSERT INTO t VALUES (2)",
		"changes=0\nCOMMIT",
		"conn=other changes=1 busy=none\nINSERT INTO t VALUES (2)",
	), Options{})
	expectClean(t, tr)
	if tr.VirtualMs != 5000 {
		t.Errorf("virtual clock = %d ms, want 5000", tr.VirtualMs)
	}
	got := tr.Steps[1].Statements[0]
	if got.Error.Code != "SQLITE_BUSY" || got.Error.Message != "database is locked" || got.Busy.WaitedMs != 5000 || got.Busy.Refused {
		t.Errorf("busy statement = %+v busy %+v", got.Error, got.Busy)
	}
}

func TestBusyTimeoutNeverSleeps(t *testing.T) {
	src := "---\nconnections:\n  other:\n    busy_timeout: 3600000\n---\n" + steps(
		"\nCREATE TABLE t(x); BEGIN; INSERT INTO t VALUES (1)",
		"conn=other expect=SQLITE_BUSY busy=3600000\nINSERT INTO t VALUES (2)",
	)
	// Inside a synctest bubble the clock moves only when every goroutine in
	// it sleeps, so any sleep on the way, SQLite's or ours, shows exactly.
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		tr := play(t, src, Options{})
		expectClean(t, tr)
		if d := time.Since(start); d != 0 {
			t.Errorf("an hour-long busy timeout slept %s", d)
		}
	})
}

func TestReadUpgradeIsRefused(t *testing.T) {
	tr := play(t, twoConns+steps(
		"\nCREATE TABLE t(x); INSERT INTO t VALUES (1)",
		"conn=other txn=read\nBEGIN; SELECT * FROM t",
		"txn=write\nBEGIN; INSERT INTO t VALUES (2)",
		"conn=other expect=SQLITE_BUSY busy=refused\nINSERT INTO t VALUES (3)",
		"expect=SQLITE_BUSY busy=5000\nCOMMIT",
		"conn=other txn=none\nROLLBACK",
		"txn=none\nCOMMIT",
	), Options{})
	expectClean(t, tr)
}

func TestBusyWithoutTimeout(t *testing.T) {
	tr := play(t, "---\nconnections:\n  other:\n---\n"+steps(
		"\nCREATE TABLE t(x); BEGIN; INSERT INTO t VALUES (1)",
		"conn=other expect=SQLITE_BUSY busy=0\nINSERT INTO t VALUES (2)",
	), Options{})
	expectClean(t, tr)
}

func TestBusyTimeoutPragmaIsVirtual(t *testing.T) {
	tr := play(t, "---\nconnections:\n  other:\n---\n"+steps(
		"\nCREATE TABLE t(x); BEGIN; INSERT INTO t VALUES (1)",
		"conn=other\nPRAGMA busy_timeout = 250",
		"conn=other\nPRAGMA busy_timeout",
		"conn=other expect=SQLITE_BUSY busy=250\nINSERT INTO t VALUES (2)",
	), Options{})
	expectClean(t, tr)
	read := tr.Steps[2].Statements[0]
	if len(read.Rows) != 1 || read.Rows[0][0] != wire.IntegerValue(250) || read.Columns[0].Name != "timeout" || read.Note == "" {
		t.Errorf("PRAGMA busy_timeout read = %+v", read)
	}
}

func TestSnapshotStorage(t *testing.T) {
	src := "---\nstorage: mvcc\nconnections:\n  other:\n---\n" + steps(
		"\nCREATE TABLE t(x); INSERT INTO t VALUES (1)",
		"conn=other txn=read rows=1\nBEGIN; SELECT * FROM t",
		"busy=none changes=1\nINSERT INTO t VALUES (2)", // a reader does not block the writer
		"conn=other rows=1\nSELECT * FROM t",            // the snapshot does not move
		"conn=other expect=SQLITE_BUSY busy=refused\nINSERT INTO t VALUES (3)",
		"conn=other\nROLLBACK",
		"conn=other rows=2\nSELECT * FROM t",
	)
	tr := play(t, src, Options{})
	expectClean(t, tr)
	if tr.Storage != "mvcc" {
		t.Errorf("storage = %q", tr.Storage)
	}
}

func TestMemdbReaderBlocksCommit(t *testing.T) {
	tr := play(t, twoConns+steps(
		"\nCREATE TABLE t(x); INSERT INTO t VALUES (1)",
		"conn=other\nBEGIN; SELECT * FROM t",
		"expect=SQLITE_BUSY busy=5000\nINSERT INTO t VALUES (2)",
		"\nPRAGMA journal_mode = WAL",
	), Options{})
	expectClean(t, tr)
	mode := tr.Steps[3].Statements[0].Rows[0][0]
	if mode != wire.TextValue("memory") {
		t.Errorf("journal_mode on memdb = %v, want the text 'memory' (WAL is not available)", mode)
	}
}

func TestParams(t *testing.T) {
	tr := play(t, steps(
		`params="1, 'x', 2.5, x'ff', NULL" rows=1`+"\nSELECT ?, ?, ?, ?, ?",
		`params=":a=1, @b='two', $c=3.0"`+"\nSELECT :a, @b, $c",
		`params="9, :n=8"`+"\nSELECT ?, :n",
		`params="1" expect=DBQUIRKS`+"\nSELECT ?, ?",
		`params="1, 2" expect=DBQUIRKS`+"\nSELECT ?",
		`params=":x=1" expect=DBQUIRKS`+"\nSELECT :y",
		`params="5"`+"\nCREATE TABLE t(x); INSERT INTO t VALUES (?); SELECT x FROM t WHERE x = ?",
	), Options{})
	expectClean(t, tr)
	want := [][]wire.Value{{wire.IntegerValue(1), wire.TextValue("x"), wire.RealValue(2.5), wire.BlobValue([]byte{255}), wire.NullValue()}}
	if got := tr.Steps[0].Statements[0].Rows; !equalRows(got, want) {
		t.Errorf("positional = %v", got)
	}
	if got := tr.Steps[1].Statements[0].Rows[0]; got[1] != wire.TextValue("two") || got[2] != wire.RealValue(3) {
		t.Errorf("named = %v", got)
	}
	if got := tr.Steps[6].Statements[2].Rows; len(got) != 1 {
		t.Errorf("one list serves every statement of a step, got %v", got)
	}
}

func equalRows(a, b [][]wire.Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

func TestStorageClasses(t *testing.T) {
	tr := play(t, steps(
		"\nCREATE TABLE d(n DECIMAL, i INTEGER, t TEXT, b BLOB); INSERT INTO d VALUES ('1.10', '12abc', 1.5, x'00')",
		"rows=1\nSELECT n, i, t, b, NULL, 'NULL', 0.1 + 0.2, 1.0, 1e21, typeof(n) FROM d",
	)+"```rows\n1.1, '12abc', '1.5', x'00', NULL, 'NULL', 0.30000000000000004, 1.0, 1e+21, 'real'\n```\n", Options{})
	expectClean(t, tr)
	cols := tr.Steps[1].Statements[0].Columns
	if cols[0].DeclType != "DECIMAL" || cols[4].DeclType != "" {
		t.Errorf("declared types = %+v", cols)
	}
}

func TestExpectationsCanFail(t *testing.T) {
	tr := play(t, steps(
		"expect=SQLITE_BUSY\nSELECT 1",
		"rows=2\nSELECT 1",
		"changes=3\nCREATE TABLE t(x)",
		"busy=100\nSELECT 1",
		"txn=write\nSELECT 1",
		"\nSELECT * FROM nowhere",
		"expect=SQLITE_CONSTRAINT_UNIQUE\nCREATE TABLE u(x UNIQUE); INSERT INTO u VALUES (1); INSERT INTO u VALUES (1)",
		"expect=SQLITE_CONSTRAINT\nINSERT INTO u VALUES (1)",
		"\nSELECT 1, 'a'",
	)+"```rows\n1, 'b'\n```\n", Options{})
	var got []string
	for _, st := range tr.Steps {
		for _, c := range st.Checks {
			got = append(got, c.Kind+":"+c.Want+"/"+c.Got+":"+map[bool]string{true: "ok", false: "FAIL"}[c.OK])
		}
	}
	want := []string{
		"error:SQLITE_BUSY/ok:FAIL",
		"error:ok/ok:ok", "rowCount:2/1:FAIL",
		"error:ok/ok:ok", "changes:3/0:FAIL",
		"error:ok/ok:ok", "busy:100/none:FAIL",
		"error:ok/ok:ok", "txn:write/none:FAIL",
		"error:ok/SQLITE_ERROR:FAIL",
		"error:SQLITE_CONSTRAINT_UNIQUE/SQLITE_CONSTRAINT_UNIQUE:ok",
		"error:SQLITE_CONSTRAINT/SQLITE_CONSTRAINT_UNIQUE:ok",
		"error:ok/ok:ok", "rows:1, 'b'/1, 'a':FAIL",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("checks\n got: %q\nwant: %q", got, want)
	}
	if tr.Failures != 7 {
		t.Errorf("failures = %d, want 7", tr.Failures)
	}
}

func TestFailingStatementEndsStepNotRun(t *testing.T) {
	tr := play(t, steps(
		"expect=SQLITE_ERROR\nCREATE TABLE t(x); SELEKT 1; INSERT INTO t VALUES (1)",
		"rows=0\nSELECT * FROM t",
	), Options{})
	expectClean(t, tr)
	st := tr.Steps[0]
	if len(st.Statements) != 2 || st.Statements[1].SQL != "SELEKT 1; INSERT INTO t VALUES (1)" {
		t.Errorf("statements = %+v", st.Statements)
	}
	if !strings.Contains(st.Error.Message, `near "SELEKT"`) {
		t.Errorf("error = %+v", st.Error)
	}
}

func TestRunsDoNotShareState(t *testing.T) {
	src := steps("\nCREATE TABLE t(x)")
	for i := 0; i < 3; i++ {
		expectClean(t, play(t, src, Options{}))
	}
	sc, _ := scenario.Parse("mvcc.md", []byte("---\nstorage: mvcc\n---\n"+src))
	for i := 0; i < 2; i++ {
		expectClean(t, Run(context.Background(), sc, Options{}))
	}
}

func TestConnectionSettings(t *testing.T) {
	tr := play(t, "---\nconnections:\n  default:\n    pragmas:\n      foreign_keys: \"ON\"\n      case_sensitive_like: \"ON\"\n    limits:\n      variable_number: 3\n---\n"+steps(
		"rows=1\nPRAGMA foreign_keys",
		"rows=0\nSELECT 1 WHERE 'a' LIKE 'A'",
		"\nSELECT ?, ?, ?",
		"expect=SQLITE_ERROR\nSELECT ?, ?, ?, ?",
	)+"", Options{})
	// The third step has no params: binding fails before SQLite checks the limit.
	for _, st := range tr.Steps[:2] {
		for _, c := range st.Checks {
			if !c.OK {
				t.Errorf("step %d: %s want %s got %s", st.Index, c.Kind, c.Want, c.Got)
			}
		}
	}
	if got := tr.Steps[0].Statements[0].Rows[0][0]; got != wire.IntegerValue(1) {
		t.Errorf("foreign_keys = %v", got)
	}
	if e := tr.Steps[3].Error; e == nil || !strings.Contains(e.Message, "too many SQL variables") {
		t.Errorf("lowered variable limit: %+v", e)
	}
}

func TestSetupFailureStopsRun(t *testing.T) {
	tr := play(t, "---\nconnections:\n  default:\n    pragmas:\n      temp_store: file\n---\n"+steps("\nSELECT 1"), Options{})
	if tr.Stopped == nil || tr.Stopped.Reason != "setup" || tr.Connections[0].Error == nil {
		t.Fatalf("stopped = %+v, conn = %+v", tr.Stopped, tr.Connections[0])
	}
	if !tr.Steps[0].Skipped || tr.Failures == 0 {
		t.Errorf("steps after a failed setup must be skipped and the run must fail: %+v", tr.Steps[0])
	}
}

func TestCancel(t *testing.T) {
	sc, err := scenario.Parse("t.md", []byte(steps(
		"\nWITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM r) SELECT count(*) FROM r",
		"\nSELECT 1",
	)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	tr := Run(ctx, sc, Options{StatementTimeout: time.Minute})
	if tr.Stopped == nil || tr.Stopped.Reason != "cancelled" || tr.Stopped.Step != 1 {
		t.Fatalf("stopped = %+v", tr.Stopped)
	}
	if e := tr.Steps[0].Error; e == nil || e.Code != "SQLITE_INTERRUPT" || e.Limit != "cancelled" {
		t.Errorf("interrupted step error = %+v", e)
	}
	if !tr.Steps[1].Skipped {
		t.Errorf("the step after a cancel ran")
	}
}

func TestLastInsertRowIDShownForEveryInsert(t *testing.T) {
	tr := play(t, steps(
		"\nCREATE TABLE a(x); CREATE TABLE b(x); INSERT INTO a VALUES (1)",
		"\nINSERT INTO b VALUES (1)",
		"\nUPDATE a SET x = 2",
		"rows=1\nSELECT last_insert_rowid()",
	)+"```rows\n1\n```\n", Options{})
	expectClean(t, tr)
	if id := tr.Steps[1].Statements[0].LastInsertRowID; id == nil || *id != 1 {
		t.Errorf("second insert's rowid = %v, want 1 shown although it equals the previous one", id)
	}
	if id := tr.Steps[2].Statements[0].LastInsertRowID; id != nil {
		t.Errorf("an UPDATE shows last insert rowid %d", *id)
	}
}

// TestLastInsertRowIDIgnoresTriggers: rows a trigger inserts do not count.
// SQLite restores last_insert_rowid() when the trigger ends, so an UPDATE
// that logs through a trigger inserted nothing a caller sees, and an
// INSERT shows its own row's rowid, not its trigger's.
func TestLastInsertRowIDIgnoresTriggers(t *testing.T) {
	tr := play(t, steps(
		"\nCREATE TABLE a(x); CREATE TABLE log(y); "+
			"CREATE TRIGGER a_upd AFTER UPDATE ON a BEGIN INSERT INTO log VALUES (new.x); END; "+
			"CREATE TRIGGER a_ins AFTER INSERT ON a BEGIN INSERT INTO log VALUES (new.x); INSERT INTO log VALUES (new.x); END",
		"\nINSERT INTO a VALUES (1)",
		"\nUPDATE a SET x = 2",
		"rows=1\nSELECT last_insert_rowid()",
	)+"```rows\n1\n```\n", Options{})
	expectClean(t, tr)
	if id := tr.Steps[1].Statements[0].LastInsertRowID; id == nil || *id != 1 {
		t.Errorf("INSERT shows rowid %v, want its own row's 1", id)
	}
	if id := tr.Steps[2].Statements[0].LastInsertRowID; id != nil {
		t.Errorf("an UPDATE whose trigger inserts shows last insert rowid %d", *id)
	}
}

// TestSQLiteBuildDefaults pins the settings the engine's SQLite build
// starts a connection with, which scenarios/README.md tells authors: the
// build turns foreign keys on, and leaves recursive triggers off as stock
// SQLite does.
func TestSQLiteBuildDefaults(t *testing.T) {
	tr := play(t, steps("\nPRAGMA foreign_keys")+"```rows\n1\n```\n\n"+
		steps("\nPRAGMA recursive_triggers")+"```rows\n0\n```\n", Options{})
	expectClean(t, tr)
	for _, st := range tr.Steps {
		if len(st.Checks) == 0 || st.Checks[len(st.Checks)-1].Kind != "rows" {
			t.Errorf("step %d checks no rows: %+v", st.Index, st.Checks)
		}
	}
}
