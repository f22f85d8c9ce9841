package engine

import (
	"strings"
	"testing"
)

// TestLockingModeExclusiveIsRefused: a connection in exclusive locking mode
// keeps its lock until it closes, and the others then find every table
// missing. The sandbox refuses the mode; reading it or choosing normal is
// fine.
func TestLockingModeExclusiveIsRefused(t *testing.T) {
	tr := play(t, twoConns+steps(
		"expect=SQLITE_AUTH\nPRAGMA locking_mode = EXCLUSIVE",
		"expect=SQLITE_AUTH\nPRAGMA main.locking_mode = 'exclusive'",
		"\nCREATE TABLE t(x); INSERT INTO t VALUES (1)",
		"conn=other rows=1\nSELECT * FROM t",
		"rows=1\nPRAGMA locking_mode = normal",
	)+"```rows\n'normal'\n```\n", Options{})
	expectClean(t, tr)
	for _, i := range []int{0, 1} {
		if e := tr.Steps[i].Error; e == nil || e.Limit != "sandbox" || !strings.Contains(e.Note, "locking_mode") {
			t.Errorf("step %d: error %+v, want the sandbox to name locking_mode", i+1, e)
		}
	}
}

// TestSchemaUnreadableUnderAnotherConnectionsLock: while one connection
// holds an exclusive lock, another that has not read the schema yet gets
// "no such table" for a table that exists. The statement's note says why.
func TestSchemaUnreadableUnderAnotherConnectionsLock(t *testing.T) {
	tr := play(t, twoConns+steps(
		"\nCREATE TABLE t(x); INSERT INTO t VALUES (1)",
		"\nBEGIN EXCLUSIVE",
		"conn=other expect=SQLITE_ERROR\nSELECT * FROM t",
		"conn=other expect=SQLITE_ERROR\nSELECT * FROM missing",
		"\nCOMMIT",
		"conn=other rows=1\nSELECT * FROM t",
		"conn=other expect=SQLITE_ERROR\nSELECT * FROM missing",
	), Options{})
	expectClean(t, tr)
	for _, i := range []int{2, 3} {
		s := tr.Steps[i].Statements[0]
		if !strings.Contains(s.Note, "connection default holds an exclusive lock") || !strings.Contains(s.Note, "schema") {
			t.Errorf("step %d: %q, note %q; want it explained by default's exclusive lock", i+1, s.Error.Message, s.Note)
		}
	}
	if s := tr.Steps[6].Statements[0]; s.Note != "" {
		t.Errorf("a table that is missing with no lock held gets a note: %q", s.Note)
	}
}

// TestSchemaUnreadableWhileACommitWaits: a COMMIT that readers hold up
// keeps the pending lock, which lets no new reader in, not even to read
// the schema.
func TestSchemaUnreadableWhileACommitWaits(t *testing.T) {
	tr := play(t, "---\nconnections:\n  reader:\n  late:\n---\n"+steps(
		"\nCREATE TABLE t(x); INSERT INTO t VALUES (1)",
		"conn=reader txn=read\nBEGIN; SELECT * FROM t",
		"\nBEGIN; INSERT INTO t VALUES (2)",
		"expect=SQLITE_BUSY\nCOMMIT",
		"conn=late expect=SQLITE_ERROR\nSELECT * FROM t",
	), Options{})
	expectClean(t, tr)
	if s := tr.Steps[4].Statements[0]; !strings.Contains(s.Note, "connection default holds an exclusive lock") {
		t.Errorf("%q, note %q; want it explained by default's lock", s.Error.Message, s.Note)
	}
}
