package lane

import (
	"reflect"
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestSame(t *testing.T) {
	tests := []struct {
		name          string
		sqlite, other wire.Value
		want          bool
	}{
		{"integers", wire.Value{Type: wire.Integer, Text: "1"}, wire.Value{Type: wire.Integer, Text: "1"}, true},
		{"other integers", wire.Value{Type: wire.Integer, Text: "1"}, wire.Value{Type: wire.Integer, Text: "2"}, false},
		{"real vs exact decimal", wire.Value{Type: wire.Real, Text: "0.30000000000000004"}, wire.Value{Type: wire.Numeric, Text: "0.3"}, false},
		{"same-looking real vs decimal", wire.Value{Type: wire.Real, Text: "0.8"}, wire.Value{Type: wire.Numeric, Text: "0.8"}, false},
		{"integer vs whole decimal", wire.Value{Type: wire.Integer, Text: "6"}, wire.Value{Type: wire.Numeric, Text: "6"}, true},
		{"integer vs decimal with a fraction", wire.Value{Type: wire.Integer, Text: "6"}, wire.Value{Type: wire.Numeric, Text: "6.00"}, false},
		{"reals", wire.Value{Type: wire.Real, Text: "2.5"}, wire.Value{Type: wire.Real, Text: "2.5"}, true},
		{"integer vs real", wire.Value{Type: wire.Integer, Text: "1"}, wire.Value{Type: wire.Real, Text: "1.0"}, false},
		{"text exactly", wire.Value{Type: wire.Text, Text: "Baab"}, wire.Value{Type: wire.Text, Text: "Baab"}, true},
		{"text case", wire.Value{Type: wire.Text, Text: "abc"}, wire.Value{Type: wire.Text, Text: "ABC"}, false},
		{"text trailing space", wire.Value{Type: wire.Text, Text: "a"}, wire.Value{Type: wire.Text, Text: "a "}, false},
		{"text vs integer", wire.Value{Type: wire.Text, Text: "1"}, wire.Value{Type: wire.Integer, Text: "1"}, false},
		{"true is 1", wire.Value{Type: wire.Integer, Text: "1"}, wire.Value{Type: wire.Boolean, Text: "true"}, true},
		{"false is 0", wire.Value{Type: wire.Integer, Text: "0"}, wire.Value{Type: wire.Boolean, Text: "false"}, true},
		{"true is not 2", wire.Value{Type: wire.Integer, Text: "2"}, wire.Value{Type: wire.Boolean, Text: "true"}, false},
		{"true is not text", wire.Value{Type: wire.Text, Text: "true"}, wire.Value{Type: wire.Boolean, Text: "true"}, false},
		{"nulls", wire.Value{Type: wire.Null}, wire.Value{Type: wire.Null}, true},
		{"null vs empty text", wire.Value{Type: wire.Null}, wire.Value{Type: wire.Text, Text: ""}, false},
		{"blob hex case", wire.Value{Type: wire.Blob, Text: "0A"}, wire.Value{Type: wire.Blob, Text: "0a"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Same(tt.sqlite, tt.other); got != tt.want {
				t.Errorf("Same(%v, %v) = %v, want %v", tt.sqlite, tt.other, got, tt.want)
			}
		})
	}
}

func ints(rows ...[]int) [][]wire.Value {
	var out [][]wire.Value
	for _, r := range rows {
		var row []wire.Value
		for _, n := range r {
			row = append(row, wire.Value{Type: wire.Integer, Text: itoa(n)})
		}
		out = append(out, row)
	}
	return out
}

func itoa(n int) string { return string(rune('0' + n)) }

func selectOf(rows [][]wire.Value) wire.Statement {
	cols := []wire.Column{}
	if len(rows) > 0 {
		for range rows[0] {
			cols = append(cols, wire.Column{Name: "c"})
		}
	} else {
		cols = []wire.Column{{Name: "c"}}
	}
	return wire.Statement{SQL: "SELECT", Columns: cols, Rows: rows, RowCount: int64(len(rows)), Done: true}
}

func TestCompare(t *testing.T) {
	uniqueErr := &wire.Error{Code: "SQLITE_CONSTRAINT", Extended: "SQLITE_CONSTRAINT_UNIQUE", Message: "UNIQUE constraint failed: t.x"}
	busy := &wire.Error{Code: "SQLITE_BUSY", Extended: "SQLITE_BUSY", Message: "database is locked"}
	syntax := &wire.Error{Code: "SQLITE_ERROR", Extended: "SQLITE_ERROR", Message: "near x: syntax error"}
	insert := wire.Statement{SQL: "INSERT", Changes: 1, Done: true}
	tests := []struct {
		name      string
		sqlite    wire.Step
		lane      wire.LaneStep
		wantNotes []string
		wantCells []Cell
	}{
		{
			name:   "same rows",
			sqlite: wire.Step{Statements: []wire.Statement{selectOf(ints([]int{1, 2}))}},
			lane:   wire.LaneStep{Statements: []wire.Statement{selectOf(ints([]int{1, 2}))}},
		},
		{
			name:      "a row fewer",
			sqlite:    wire.Step{Statements: []wire.Statement{selectOf(ints([]int{1}, []int{2}))}},
			lane:      wire.LaneStep{Statements: []wire.Statement{selectOf(ints([]int{2}))}},
			wantNotes: []string{"1 row where SQLite has 2"},
			wantCells: []Cell{{0, 0, 0}},
		},
		{
			name:      "one value differs",
			sqlite:    wire.Step{Statements: []wire.Statement{selectOf(ints([]int{1, 2}, []int{3, 4}))}},
			lane:      wire.LaneStep{Statements: []wire.Statement{selectOf(ints([]int{1, 2}, []int{3, 5}))}},
			wantNotes: []string{"1 value differs from SQLite's"},
			wantCells: []Cell{{0, 1, 1}},
		},
		{
			name:      "a row more",
			sqlite:    wire.Step{Statements: []wire.Statement{selectOf(ints([]int{1}))}},
			lane:      wire.LaneStep{Statements: []wire.Statement{selectOf(ints([]int{1}, []int{2}))}},
			wantNotes: []string{"2 rows where SQLite has 1"},
			wantCells: []Cell{{0, 1, 0}},
		},
		{
			name:   "statements that return no rows are not paired with one that does",
			sqlite: wire.Step{Statements: []wire.Statement{insert, selectOf(ints([]int{7}))}},
			lane:   wire.LaneStep{Statements: []wire.Statement{{SQL: "PRAGMA x", Note: "not run here: SQLite only"}, insert, selectOf(ints([]int{7}))}},
		},
		{
			name:      "fails where SQLite succeeds",
			sqlite:    wire.Step{Statements: []wire.Statement{insert}},
			lane:      wire.LaneStep{Statements: []wire.Statement{{SQL: "INSERT"}}, Error: &wire.Error{Code: "22001", Extended: "22001"}},
			wantNotes: []string{"fails (22001) where SQLite succeeds"},
		},
		{
			name:      "succeeds where SQLite fails",
			sqlite:    wire.Step{Statements: []wire.Statement{{Error: uniqueErr}}, Error: uniqueErr},
			lane:      wire.LaneStep{Statements: []wire.Statement{insert}},
			wantNotes: []string{"succeeds where SQLite fails (SQLITE_CONSTRAINT_UNIQUE)", "changes 1 row where SQLite changes 0"}[:1],
		},
		{
			name:   "the same class of error, MariaDB's number",
			sqlite: wire.Step{Error: uniqueErr},
			lane:   wire.LaneStep{Error: &wire.Error{Code: "23000", Extended: "1062"}},
		},
		{
			name:      "another class of error",
			sqlite:    wire.Step{Error: uniqueErr},
			lane:      wire.LaneStep{Error: &wire.Error{Code: "23502", Extended: "23502"}},
			wantNotes: []string{"fails with a not-null violation where SQLite's error is a unique violation"},
		},
		{
			name:   "two errors of no known class",
			sqlite: wire.Step{Error: syntax},
			lane:   wire.LaneStep{Error: &wire.Error{Code: "42601", Extended: "42601"}},
		},
		{
			name:      "blocked where SQLite is busy",
			sqlite:    wire.Step{Error: busy, Statements: []wire.Statement{{Error: busy, Busy: &wire.Busy{}}}},
			lane:      wire.LaneStep{Blocked: &wire.Blocked{Statement: 1, Message: "blocked: waits for default's lock"}, Statements: []wire.Statement{{}}},
			wantNotes: []string{"waits for a lock where SQLite fails at once (SQLITE_BUSY)"},
		},
		{
			name:      "blocked where SQLite goes ahead",
			sqlite:    wire.Step{Statements: []wire.Statement{insert}},
			lane:      wire.LaneStep{Blocked: &wire.Blocked{Statement: 1}, Statements: []wire.Statement{{}}},
			wantNotes: []string{"waits for a lock where SQLite goes ahead"},
		},
		{
			name:      "goes ahead where SQLite is busy",
			sqlite:    wire.Step{Error: busy},
			lane:      wire.LaneStep{Statements: []wire.Statement{insert}},
			wantNotes: []string{"goes ahead where SQLite is refused a lock (SQLITE_BUSY)"},
		},
		{
			name:      "changes differ",
			sqlite:    wire.Step{Statements: []wire.Statement{{Changes: 2}}},
			lane:      wire.LaneStep{Statements: []wire.Statement{{Changes: 0}}},
			wantNotes: []string{"changes 0 rows where SQLite changes 2"},
		},
		{
			name:   "not applicable is not compared",
			sqlite: wire.Step{Statements: []wire.Statement{selectOf(ints([]int{1}))}},
			lane:   wire.LaneStep{LaneStepHead: wire.LaneStepHead{NotApplicable: "typeof() is SQLite's"}},
		},
		{
			name:   "a step SQLite skipped is not compared",
			sqlite: wire.Step{Skipped: true},
			lane:   wire.LaneStep{Statements: []wire.Statement{selectOf(ints([]int{1}))}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Compare(tt.sqlite, tt.lane)
			if !reflect.DeepEqual(d.Notes, tt.wantNotes) {
				t.Errorf("notes:\n got %q\nwant %q", d.Notes, tt.wantNotes)
			}
			if d.Differs() != (len(tt.wantNotes) > 0) {
				t.Errorf("Differs() = %v with notes %q", d.Differs(), d.Notes)
			}
			var cells []Cell
			for s, st := range tt.lane.Statements {
				for r, row := range st.Rows {
					for c := range row {
						if d.Marked(Cell{s, r, c}) {
							cells = append(cells, Cell{s, r, c})
						}
					}
				}
			}
			if !reflect.DeepEqual(cells, tt.wantCells) {
				t.Errorf("marked cells: got %v, want %v", cells, tt.wantCells)
			}
		})
	}
}
