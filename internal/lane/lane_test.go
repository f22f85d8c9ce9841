package lane

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/catalog"
	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

const scenarios = "../../scenarios"

// TestCatalogueRecordingsApply holds the stored recordings to the
// scenarios as written: a scenario edited without recording it again
// would show its lanes as "edited since" on its own page.
func TestCatalogueRecordingsApply(t *testing.T) {
	all, err := catalog.Load(scenarios)
	if err != nil {
		t.Fatal(err)
	}
	recorded := 0
	for _, sc := range all {
		recs, err := Load(scenarios, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range Lanes(recs, sc) {
			recorded++
			if len(l.Steps) != len(sc.Steps) {
				t.Errorf("%s, %s: %d steps recorded, the scenario has %d: run dbquirks record", sc.ID, l.Name, len(l.Steps), len(sc.Steps))
			}
			for _, st := range l.Steps {
				if st.Edited {
					t.Errorf("%s step %d, %s: recorded for another version of the step: run dbquirks record", sc.ID, st.Index, l.Name)
				}
			}
		}
	}
	if recorded < 40 {
		t.Errorf("only %d recorded lanes found in %s", recorded, scenarios)
	}
}

// TestRecordedMarksEditedSteps edits a catalogue scenario's second step
// and expects its answer and every later one to stop applying.
func TestRecordedMarksEditedSteps(t *testing.T) {
	file := filepath.Join(scenarios, "sqlite-like-ascii-case.md")
	sc, err := catalog.LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := Load(scenarios, sc.ID)
	if err != nil || len(recs) != 2 {
		t.Fatalf("recordings: %d, %v", len(recs), err)
	}
	edited, err := scenario.Parse(file, []byte(strings.Replace(sc.Source, "LIKE ? ESCAPE", "LIKE ?  ESCAPE", 1)))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range Lanes(recs, edited) {
		for _, st := range l.Steps {
			if want := st.Index >= 2; st.Edited != want {
				t.Errorf("%s step %d: Edited = %v, want %v", l.Name, st.Index, st.Edited, want)
			}
		}
		if l.Provenance != "recorded "+recs[0].Recorded || !strings.HasPrefix(l.Label, map[string]string{"postgres": "PostgreSQL", "mariadb": "MariaDB"}[l.Name]) {
			t.Errorf("lane %s described as %+v", l.Name, l.Desc)
		}
	}
	fewer, err := scenario.Parse(file, []byte(sc.Source[:strings.Index(sc.Source, "This is the query")]))
	if err != nil {
		t.Fatal(err)
	}
	if l := Recorded(recs[0], fewer); len(l.Steps) != 1 || l.Steps[0].Edited {
		t.Errorf("a scenario cut after step 1 keeps %d recorded steps (%+v)", len(l.Steps), l.Steps)
	}
}

// TestCompareWithTheEngine compares the quirk step of a catalogue scenario
// as SQLite plays it with its PostgreSQL recording: SQLite finds 2 rows,
// PostgreSQL's case-sensitive LIKE 1.
func TestCompareWithTheEngine(t *testing.T) {
	sc, err := catalog.LoadFile(filepath.Join(scenarios, "sqlite-like-ascii-case.md"))
	if err != nil {
		t.Fatal(err)
	}
	tr := engine.Run(context.Background(), sc, engine.Options{})
	recs, err := Load(scenarios, sc.ID)
	if err != nil {
		t.Fatal(err)
	}
	pg := Recorded(recs[0], sc)
	if pg.Name != scenario.LanePostgres {
		t.Fatalf("first lane is %s", pg.Name)
	}
	if d := Compare(tr.Steps[0], pg.Step(1).LaneStep); d.Differs() {
		t.Errorf("step 1 differs: %q", d.Notes)
	}
	d := Compare(tr.Steps[1], pg.Step(2).LaneStep)
	if want := []string{"1 row where SQLite has 2"}; strings.Join(d.Notes, "|") != strings.Join(want, "|") {
		t.Errorf("step 2 notes %q, want %q", d.Notes, want)
	}
	if !d.Marked(Cell{0, 0, 0}) || !d.Marked(Cell{0, 0, 1}) {
		t.Errorf("step 2: PostgreSQL's only row (Baab) is not SQLite's first (Aabb), yet it is not marked")
	}
}

func TestDecodeAndLanesKeepTheScenariosRecordings(t *testing.T) {
	recs, err := Decode(`[{"version":1,"scenario":"a","lane":"postgres","steps":[]},` +
		`{"version":1,"scenario":"b","lane":"postgres"},{"version":99,"scenario":"a","lane":"mariadb"},null]`)
	if err != nil || len(recs) != 2 {
		t.Fatalf("Decode kept %d recordings (%v)", len(recs), err)
	}
	sc, err := scenario.Parse("a.md", []byte("```sql\nSELECT 1\n```\n"))
	if err != nil {
		t.Fatal(err)
	}
	if lanes := Lanes(recs, sc); len(lanes) != 1 || lanes[0].Name != "postgres" {
		t.Errorf("Lanes kept %+v of scenario a", lanes)
	}
	if _, err := Decode("{"); err == nil {
		t.Errorf("Decode accepted broken JSON")
	}
	if recs, err := Decode(""); recs != nil || err != nil {
		t.Errorf("Decode of nothing: %v, %v", recs, err)
	}
}

func TestTextOfAnAnswer(t *testing.T) {
	rows := wire.Statement{Columns: []wire.Column{{Name: "x"}}, Rows: [][]wire.Value{{wire.IntegerValue(2)}}, RowCount: 1, Done: true}
	sqlite := &wire.Step{Statements: []wire.Statement{{Columns: rows.Columns, Rows: [][]wire.Value{{wire.IntegerValue(1)}, {wire.IntegerValue(2)}}, RowCount: 2, Done: true}}}
	tests := []struct {
		name             string
		ls               *Step
		sqlite           *wire.Step
		verdict, outcome string
	}{
		{"missing", nil, sqlite, "", MissingNote},
		{"edited", &Step{Edited: true, LaneStep: wire.LaneStep{Statements: []wire.Statement{rows}}}, sqlite, "", EditedNote},
		{"not applicable", &Step{LaneStep: wire.LaneStep{LaneStepHead: wire.LaneStepHead{NotApplicable: "typeof() is SQLite's"}}}, sqlite, "", "not applicable: typeof() is SQLite's"},
		{"rows", &Step{LaneStep: wire.LaneStep{Statements: []wire.Statement{rows}}}, sqlite, "differs from SQLite: 1 row where SQLite has 2", "1 row"},
		{"no SQLite run", &Step{LaneStep: wire.LaneStep{Statements: []wire.Statement{rows}}}, nil, "", "1 row"},
		{"MariaDB's error", &Step{LaneStep: wire.LaneStep{Error: &wire.Error{Code: "23000", Extended: "1062", Message: "Duplicate entry"}}},
			&wire.Step{Error: &wire.Error{Code: "SQLITE_CONSTRAINT", Extended: "SQLITE_CONSTRAINT_UNIQUE"}}, "same as SQLite", "error SQLSTATE 23000 (error 1062): Duplicate entry"},
		{"blocked", &Step{LaneStep: wire.LaneStep{Blocked: &wire.Blocked{Message: "blocked: waits for default's lock"}}}, &wire.Step{}, "differs from SQLite: waits for a lock where SQLite goes ahead", "blocked: waits for default's lock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Verdict(tt.ls, tt.sqlite); got != tt.verdict {
				t.Errorf("Verdict = %q, want %q", got, tt.verdict)
			}
			if got := Outcome(tt.ls); got != tt.outcome {
				t.Errorf("Outcome = %q, want %q", got, tt.outcome)
			}
		})
	}
}
