package wire_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/dbquirks/dbquirks/internal/golden"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// The JSON of a recorded lane's step and of a live lane's plan is what the
// stored recordings (scenarios/recorded/) and the page hold: these goldens
// pin their field names and order, so that a change to the Go types that
// would change a byte of either fails here. Each fixture sets every field,
// at every depth, so that no field hides behind omitempty; a field added
// later fails the test until the fixture sets it too.

func TestLaneStepEncoding(t *testing.T) {
	one := int64(7)
	step := wire.LaneStep{
		LaneStepHead: wire.LaneStepHead{
			Index: 3, Conn: "other", Kind: "fetch", Cursor: "c",
			Source: "0123456789abcdef", SQL: "SELECT ?", SQLFrom: "rewritten",
			// Not applicable and run at once, as no real step is: every
			// field is set so that every field is encoded.
			NotApplicable: "PRAGMA is SQLite's own",
		},
		Statements: []wire.Statement{{
			SQL:             "SELECT 1",
			Columns:         []wire.Column{{Name: "n", DeclType: "numeric"}},
			Rows:            [][]wire.Value{{{Type: wire.Numeric, Text: "0.80"}}},
			RowCount:        2,
			CountIncomplete: true,
			Truncated:       "1 row more",
			Done:            true,
			Changes:         1,
			LastInsertRowID: &one,
			Error:           &wire.Error{Code: "23505", Extended: "23505", Message: "duplicate key", Limit: "rows", Note: "a note"},
			Busy:            &wire.Busy{TimeoutMs: 100, WaitedMs: 100, Refused: true},
			Note:            "not run here: SQLite only",
			ElapsedMs:       1.5,
		}},
		Error:   &wire.Error{Code: "40001", Extended: "40001", Message: "could not serialize", Limit: "time", Note: "a note"},
		Blocked: &wire.Blocked{Statement: 1, WaitsFor: []string{"default"}, Message: "blocked: waits for default's lock"},
		States:  []wire.ConnState{{Name: "default", Txn: "active", Autocommit: true, Cursors: []string{"c"}}},
	}
	checkEncoding(t, step, "lanestep.json")
}

func TestLivePlanEncoding(t *testing.T) {
	plan := wire.LivePlan{
		Run: 2, Lane: "postgres", MaxRows: 50, Setup: []string{"SET TIME ZONE 'UTC'"},
		Steps: []wire.LivePlanStep{{
			LaneStepHead: wire.LaneStepHead{
				Index: 3, Conn: "other", Kind: "open", Cursor: "c",
				Source: "0123456789abcdef", SQL: "SELECT ?", SQLFrom: "lane",
				// As in TestLaneStepEncoding, every field at once.
				NotApplicable: "PRAGMA is SQLite's own",
			},
			NotLive: "PGlite has one connection",
			Statements: []wire.LivePlanStatement{{
				SQL: "SELECT ?", Send: "SELECT 1", Note: "not run here: SQLite only",
				Error: "parameter ? has no value",
			}},
		}},
	}
	checkEncoding(t, plan, "liveplan.json")
}

// checkEncoding fails unless v has every field set and encodes as the
// golden file testdata/name says.
func checkEncoding(t *testing.T, v any, name string) {
	t.Helper()
	for _, f := range unset(reflect.ValueOf(v), reflect.TypeOf(v).Name()) {
		t.Errorf("the fixture leaves %s unset: set it so that its encoding is pinned too", f)
	}
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", name), append(got, '\n'))
}

// unset lists the zero fields of v, at every depth: through pointers, the
// first element of slices, and embedded and nested structs.
func unset(v reflect.Value, path string) []string {
	if v.IsZero() {
		return []string{path}
	}
	switch v.Kind() {
	case reflect.Pointer:
		return unset(v.Elem(), path)
	case reflect.Slice:
		return unset(v.Index(0), path+"[0]")
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			out = append(out, unset(v.Field(i), path+"."+v.Type().Field(i).Name)...)
		}
		return out
	}
	return nil
}
