package scenario

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestLaneBlocksAndOptions(t *testing.T) {
	src := "```sql lanes=sqlite,postgres rows.postgres=2 expect.mariadb=1062 txn.postgres=failed\n" +
		"SELECT 1\n```\n" +
		"```rows\n1\n```\n" +
		"```sql postgres\nSELECT 1 -- postgres\n```\n" +
		"```rows postgres\n0.80, TRUE, 'it''s', x'0A', null\n2, -1.5e3, ''\n```\n" +
		"```sql mariadb\nSELECT `x`\n```\n" +
		"Prose.\n\n```sql\nSELECT 2\n```\n"
	sc, err := Parse("lanes.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Steps) != 2 {
		t.Fatalf("lane blocks became steps: %d steps", len(sc.Steps))
	}
	got := sc.Steps[0].Lanes
	want := StepLanes{
		Only: []string{"sqlite", "postgres"},
		SQL:  map[string]string{"postgres": "SELECT 1 -- postgres", "mariadb": "SELECT `x`"},
		Expect: []LaneExpectation{
			{Lane: "postgres", Kind: "rowCount", Want: "2", Line: 1},
			{Lane: "mariadb", Kind: "error", Want: "1062", Line: 1},
			{Lane: "postgres", Kind: "txn", Want: "failed", Line: 1},
			{Lane: "postgres", Kind: "rows", Want: "0.80, true, 'it''s', x'0a', NULL\n2, -1.5e3, ''", Line: 10},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lanes:\n got %+v\nwant %+v", got, want)
	}
	if !got.Runs("postgres") || got.Runs("mariadb") || !sc.Steps[1].Lanes.Runs("mariadb") {
		t.Errorf("Runs disagrees with lanes=")
	}
	if doc := sc.Document(); strings.Contains(doc.Steps[1].ExplanationHTML, "postgres") || !strings.Contains(doc.Steps[1].ExplanationHTML, "Prose.") {
		t.Errorf("lane blocks leaked into prose: %q", doc.Steps[1].ExplanationHTML)
	}
}

func TestLaneMistakes(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"lane block after prose", "```sql\nSELECT 1\n```\nProse.\n```sql postgres\nSELECT 1\n```\n",
			"lanes.md:5:4: a sql postgres block must come right after the sql step it is about (or after that step's rows block)"},
		{"lane block first", "```rows mariadb\n1\n```\n```sql\nSELECT 1\n```\n",
			"lanes.md:1:4: a rows mariadb block must come right after the sql step it is about (or after that step's rows block)"},
		{"options on a lane block", "```sql\nSELECT 1\n```\n```sql postgres rows=1\nSELECT 1\n```\n",
			`lanes.md:4:4: a sql postgres block takes no options, found "rows=1": state the lane's expectations on the step (rows.postgres=1)`},
		{"two blocks for a lane", "```sql\nSELECT 1\n```\n```sql mariadb\nSELECT 1\n```\n```sql mariadb\nSELECT 2\n```\n",
			"lanes.md:7:4: step 1 already has a sql mariadb block"},
		{"empty lane block", "```sql\nSELECT 1\n```\n```sql postgres\n```\n", "lanes.md:4:4: this sql postgres block is empty"},
		{"unknown lane", "```sql rows.oracle=1\nSELECT 1\n```\n", `lanes.md:1:8: unknown lane "oracle" in rows.oracle: use postgres or mariadb`},
		{"bad expectation", "```sql expect.postgres=SQLITE_BUSY\nSELECT 1\n```\n",
			"lanes.md:1:8: expect.postgres=SQLITE_BUSY: use ok, blocked, an SQLSTATE such as 23505, or a server error number such as 1062"},
		{"bad txn", "```sql txn.mariadb=write\nSELECT 1\n```\n", "lanes.md:1:8: txn.mariadb=write: use none, active or failed"},
		{"lanes without sqlite", "```sql lanes=postgres\nSELECT 1\n```\n", "lanes.md:1:8: lanes=postgres must include sqlite: every step runs on SQLite"},
		{"lanes typo", "```sql lanes=sqlite,postgre\nSELECT 1\n```\n", `lanes.md:1:8: lanes=sqlite,postgre: unknown lane "postgre" (lanes are sqlite, postgres, mariadb)`},
		{"bad lane row", "```sql\nSELECT 1\n```\n```rows postgres\n1, 'open\n```\n", "lanes.md:5:4: rows postgres: text is never closed with '"},
		{"lane option twice", "```sql rows.postgres=1 rows.postgres=2\nSELECT 1\n```\n", `lanes.md:1:24: option "rows.postgres" given twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("lanes.md", []byte(tt.src))
			d, ok := err.(Diagnostics)
			if !ok || len(d) == 0 {
				t.Fatalf("no diagnostics, err = %v", err)
			}
			if got := d[0].Error(); got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestLaneRow(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"1, 'a, b', NULL", []string{"1", "'a, b'", "NULL"}, ""},
		{"  0.80 ,true,FALSE , X'FF'", []string{"0.80", "true", "false", "x'ff'"}, ""},
		{"'it''s', -Inf, nan, 1e+21", []string{"'it''s'", "-Inf", "NaN", "1e+21"}, ""},
		{"1,", nil, "expected a value: 12, 0.80, 1.5e-3, 'text', x'00ff', NULL, true or false"},
		{"1 2", nil, "expected a comma between values"},
		{"abc", nil, "expected a value: 12, 0.80, 1.5e-3, 'text', x'00ff', NULL, true or false"},
		{"x'abc'", nil, "expected a value: 12, 0.80, 1.5e-3, 'text', x'00ff', NULL, true or false"},
		{"'open", nil, "text is never closed with '"},
	}
	for _, tt := range tests {
		got, err := LaneRow(tt.in)
		switch {
		case tt.wantErr != "":
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("LaneRow(%q) error %v, want %q", tt.in, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("LaneRow(%q): %v", tt.in, err)
		case !slices.Equal(got, tt.want):
			t.Errorf("LaneRow(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzLaneRow: whatever the line, LaneRow returns values or an error that
// points inside it, and what it returns reads back as itself.
func FuzzLaneRow(f *testing.F) {
	for _, seed := range []string{"1, 'a', NULL", "0.80, true, x'00ff'", "'it''s', -1e-3", "1,", "'", "x''", " , "} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		vals, err := LaneRow(line)
		if err != nil {
			le, ok := err.(*literalError)
			if !ok || le.offset < 0 || le.offset > len(line) || le.msg == "" {
				t.Fatalf("LaneRow(%q): bad error %#v", line, err)
			}
			return
		}
		again, err := LaneRow(strings.Join(vals, ", "))
		if err != nil || !slices.Equal(again, vals) {
			t.Fatalf("LaneRow(%q) = %q does not read back: %q, %v", line, vals, again, err)
		}
	})
}
