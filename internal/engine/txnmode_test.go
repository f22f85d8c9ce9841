package engine

import (
	"testing"

	"github.com/dbquirks/dbquirks/internal/scenario"
)

// TestTransactionModeRewritesPlainBegin: with Django's transaction_mode a
// plain BEGIN takes the write lock at once, so the read-then-write upgrade
// that SQLite refuses with SQLITE_BUSY (TestReadUpgradeIsRefused) becomes a
// wait at BEGIN instead, which the busy timeout can resolve.
func TestTransactionModeRewritesPlainBegin(t *testing.T) {
	src := "---\nconnections:\n  default:\n    transaction_mode: IMMEDIATE\n  other:\n    transaction_mode: IMMEDIATE\n    busy_timeout: 5000\n---\n" + steps(
		"\nCREATE TABLE t(x)",
		"txn=write\nbegin transaction; SELECT count(*) FROM t",
		"conn=other expect=SQLITE_BUSY busy=5000 txn=none\nBEGIN",
		"\nBEGIN EXCLUSIVE",
	)
	tr := play(t, src, Options{})
	got := tr.Steps[1].Statements[0]
	if got.SQL != "BEGIN IMMEDIATE" || got.Note == "" {
		t.Errorf("rewritten BEGIN = %q (note %q), want BEGIN IMMEDIATE with a note", got.SQL, got.Note)
	}
	for _, st := range tr.Steps[:3] {
		for _, c := range st.Checks {
			if !c.OK {
				t.Errorf("step %d: %s want %s got %s", st.Index, c.Kind, c.Want, c.Got)
			}
		}
	}
	// A BEGIN with its own mode is left as written (and fails: a
	// transaction is already open).
	if sql := tr.Steps[3].Statements[0].SQL; sql != "BEGIN EXCLUSIVE" {
		t.Errorf("BEGIN EXCLUSIVE ran as %q", sql)
	}
}

func TestIsPlainBegin(t *testing.T) {
	for sql, want := range map[string]bool{
		"BEGIN": true, "begin;": true, "BEGIN  TRANSACTION ;": true, "begin deferred": true,
		"BEGIN DEFERRED TRANSACTION": true, "BEGIN IMMEDIATE": false, "BEGIN EXCLUSIVE TRANSACTION": false,
		"SELECT 1": false, "BEGINX": false,
	} {
		if got := isPlainBegin(sql); got != want {
			t.Errorf("isPlainBegin(%q) = %v, want %v", sql, got, want)
		}
	}
}

// TestFlippedScenarioPlaysDifferently: the flip a scenario offers changes
// what the same steps answer, on every connection.
func TestFlippedScenarioPlaysDifferently(t *testing.T) {
	src := "---\nflips:\n  case_sensitive_like: \"ON\"\n---\n" + steps(
		"\nCREATE TABLE p(name); INSERT INTO p VALUES ('Aabb'), ('Baab')",
		"rows=2\nSELECT name FROM p WHERE name LIKE '%aa%'",
	)
	sc, err := scenario.Parse("t.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, flipped, err := scenario.Flipped(sc, "case_sensitive_like")
	if err != nil {
		t.Fatal(err)
	}
	tr := Run(t.Context(), flipped, Options{})
	if n := tr.Steps[1].Statements[0].RowCount; n != 1 {
		t.Errorf("flipped LIKE found %d rows, want 1", n)
	}
	failed := false
	for _, c := range tr.Steps[1].Checks {
		failed = failed || c.Kind == "rowCount" && !c.OK
	}
	if !failed {
		t.Errorf("the scenario's rows=2 check should fail on the flipped lane: %+v", tr.Steps[1].Checks)
	}
	if orig := Run(t.Context(), sc, Options{}); orig.Steps[1].Statements[0].RowCount != 2 {
		t.Errorf("Flipped changed the original scenario")
	}
}
