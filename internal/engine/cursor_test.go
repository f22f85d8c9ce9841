package engine

import (
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestCursorSeesOwnConnectionChanges(t *testing.T) {
	tr := play(t, steps(
		"\nCREATE TABLE t(id INTEGER PRIMARY KEY, v); INSERT INTO t(v) VALUES ('a'), ('b'), ('c')",
		"cursor=it fetch=1 rows=1 txn=read\nSELECT id, v FROM t ORDER BY id",
		"changes=1\nUPDATE t SET v = 'B' WHERE id = 2",
		"cursor=it fetch=all rows=2\n",
		"cursor=it close txn=none\n",
	), Options{})
	expectClean(t, tr)
	rows := tr.Steps[3].Statements[0].Rows
	if len(rows) != 2 || rows[0][1] != wire.TextValue("B") {
		t.Errorf("rows fetched after the update = %+v", rows)
	}
	if st := tr.Steps[1].States[0]; len(st.Cursors) != 1 || st.Cursors[0] != "it" {
		t.Errorf("state with an open cursor = %+v", st)
	}
	if cols := tr.Steps[3].Statements[0].Columns; len(cols) != 2 || cols[1].Name != "v" {
		t.Errorf("a fetch step reports the cursor's columns, got %+v", cols)
	}
}

func TestCursorFailures(t *testing.T) {
	tr := play(t, steps(
		"cursor=c expect=SQLITE_ERROR\nSELECT * FROM missing",
		"cursor=c fetch=1 expect=DBQUIRKS\n",
		"cursor=d expect=DBQUIRKS\nSELECT 1; SELECT 2",
	), Options{})
	expectClean(t, tr)
	if msg := tr.Steps[1].Error.Message; !strings.Contains(msg, "cursor c is not open") {
		t.Errorf("fetch from a failed cursor: %q", msg)
	}
}

// A cursor that has returned its last row stays exhausted: SQLite would
// reset a statement stepped after SQLITE_DONE and run it again from the
// start, which no database driver does (Python's sqlite3 returns no rows).

func TestExhaustedCursorReturnsNoRowsAgain(t *testing.T) {
	tr := play(t, steps(
		"\nCREATE TABLE t(x); INSERT INTO t VALUES (1), (2)",
		"cursor=c fetch=all rows=2\nSELECT x FROM t",
		"cursor=c fetch=all rows=0\n",
		"cursor=c fetch=1 rows=0\n",
		"cursor=c close\n",
	), Options{})
	expectClean(t, tr)
	for _, i := range []int{2, 3} {
		s := tr.Steps[i].Statements[0]
		if !s.Done || !strings.Contains(s.Note, "cursor c is exhausted") {
			t.Errorf("step %d: done %v, note %q; want done and the cursor said to be exhausted", i+1, s.Done, s.Note)
		}
		if len(s.Columns) != 1 {
			t.Errorf("step %d: an exhausted cursor still reports its columns, got %+v", i+1, s.Columns)
		}
	}
	if s := tr.Steps[1].Statements[0]; s.Note != "" {
		t.Errorf("the fetch that reached the end has a note: %q", s.Note)
	}
}

// TestCursorReachesItsEndOnALaterFetch: a fetch that takes exactly the rows
// left does not know yet that none follow; the next one finds out, and only
// the one after that is a fetch from an exhausted cursor.
func TestCursorReachesItsEndOnALaterFetch(t *testing.T) {
	tr := play(t, steps(
		"cursor=c fetch=2 rows=2\nSELECT 1 UNION ALL SELECT 2",
		"cursor=c fetch=1 rows=0\n",
		"cursor=c fetch=1 rows=0\n",
	), Options{})
	expectClean(t, tr)
	if s := tr.Steps[0].Statements[0]; s.Done {
		t.Errorf("a fetch that stopped at its count claims the cursor is done")
	}
	if s := tr.Steps[1].Statements[0]; !s.Done || s.Note != "" {
		t.Errorf("the fetch that met the end: done %v, note %q", s.Done, s.Note)
	}
	if s := tr.Steps[2].Statements[0]; !strings.Contains(s.Note, "exhausted") {
		t.Errorf("fetch after the end: note %q", s.Note)
	}
}

// TestCursorOnInsertRunsOnce opens a cursor on an INSERT, which runs at its
// first step; fetching from it twice more must not insert twice more.
func TestCursorOnInsertRunsOnce(t *testing.T) {
	tr := play(t, steps(
		"\nCREATE TABLE t(x)",
		"cursor=c fetch=1 rows=0 changes=1\nINSERT INTO t VALUES (1)",
		"cursor=c fetch=1 rows=0 changes=0\n",
		"cursor=c fetch=all rows=0 changes=0\n",
		"cursor=c close\n",
		"\nSELECT count(*) FROM t",
	)+"```rows\n1\n```\n", Options{})
	expectClean(t, tr)
	open := tr.Steps[1].Statements[0]
	if !open.Done || !strings.Contains(open.Note, "returns no rows") {
		t.Errorf("opening a cursor on an INSERT: done %v, note %q; want a note that it returns no rows", open.Done, open.Note)
	}
	for _, i := range []int{2, 3} {
		if s := tr.Steps[i].Statements[0]; !strings.Contains(s.Note, "cursor c is exhausted") {
			t.Errorf("step %d: note %q, want the cursor said to be exhausted", i+1, s.Note)
		}
	}
}

// TestCursorOnCreateTableRunsOnce opens the cursor without stepping it
// (fetch=0, the default): the first fetch creates the table, and a second
// must not try again and fail with "table t already exists".
func TestCursorOnCreateTableRunsOnce(t *testing.T) {
	tr := play(t, steps(
		"cursor=c\nCREATE TABLE t(x)",
		"cursor=c fetch=1 rows=0\n",
		"cursor=c fetch=1 rows=0\n",
		"cursor=c close\n",
		"rows=0\nSELECT * FROM t",
	), Options{})
	expectClean(t, tr)
	if s := tr.Steps[0].Statements[0]; s.Done || !strings.Contains(s.Note, "returns no rows") {
		t.Errorf("opening a cursor on CREATE TABLE without a fetch: done %v, note %q", s.Done, s.Note)
	}
	if s := tr.Steps[2].Statements[0]; !strings.Contains(s.Note, "cursor c is exhausted") {
		t.Errorf("fetch from a finished CREATE TABLE: note %q", s.Note)
	}
}
