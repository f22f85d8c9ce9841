package play

import (
	"context"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/lane"
)

const flippable = "---\nflips:\n  case_sensitive_like: \"ON\"\n  transaction_mode: IMMEDIATE\n---\n\n" +
	"```sql\nCREATE TABLE p(name); INSERT INTO p VALUES ('Aabb'), ('Baab')\n```\n\n" +
	"```sql\nSELECT name FROM p WHERE name LIKE '%aa%'\n```\n\n" +
	"```sql\nBEGIN; SELECT count(*) FROM p; COMMIT\n```\n"

// TestFlipIsASecondSQLiteLane: a flip plays the scenario again with the
// setting changed, shown first among the lanes and marked where it
// differs from the scenario as written.
func TestFlipIsASecondSQLiteLane(t *testing.T) {
	o := Play(context.Background(), "f.md", []byte(flippable), Options{HTML: true, Flip: "case_sensitive_like"})
	if len(o.Diagnostics) > 0 || len(o.Lanes) != 1 || o.Lanes[0].Name != lane.FlipName {
		t.Fatalf("diagnostics %v, lanes %+v", o.Diagnostics, o.Lanes)
	}
	l := o.Lanes[0]
	if !strings.Contains(l.Label, "PRAGMA case_sensitive_like = ON on every connection") || l.Provenance != lane.Live {
		t.Errorf("flip lane described as %+v", l.Desc)
	}
	if n := l.Step(2).Statements[0].RowCount; n != 1 {
		t.Errorf("flipped LIKE found %d rows, want 1", n)
	}
	if got := o.Transcript.Steps[1].Statements[0].RowCount; got != 2 {
		t.Errorf("the scenario as written found %d rows, want 2", got)
	}
	step2 := o.HTML.Steps[1].Result
	if !strings.Contains(step2, `data-lane="flip"`) || !strings.Contains(step2, `data-differs="true"`) {
		t.Errorf("step 2's markup does not show the flip lane differing:\n%s", step2)
	}
	if step1 := o.HTML.Steps[0].Result; strings.Contains(step1, `data-differs="true"`) {
		t.Errorf("step 1 is the same on both lanes but is marked:\n%s", step1)
	}
}

func TestFlipTransactionModeShowsTheSQLThatRan(t *testing.T) {
	o := Play(context.Background(), "f.md", []byte(flippable), Options{HTML: true, Flip: "transaction_mode"})
	st := o.Lanes[0].Step(3)
	if st == nil || st.SQLFrom != "rewritten" || !strings.HasPrefix(st.SQL, "BEGIN IMMEDIATE;") {
		t.Fatalf("flipped step 3 = %+v", st)
	}
	if o.Lanes[0].Step(2).SQLFrom != "step" {
		t.Errorf("step 2 ran its own SQL but is marked %q", o.Lanes[0].Step(2).SQLFrom)
	}
}

func TestUnknownFlipAddsNoLane(t *testing.T) {
	o := Play(context.Background(), "f.md", []byte(flippable), Options{Flip: "journal_mode"})
	if len(o.Diagnostics) > 0 || len(o.Lanes) != 0 {
		t.Errorf("diagnostics %v, lanes %d", o.Diagnostics, len(o.Lanes))
	}
}
