package dialect

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestPostgresValue(t *testing.T) {
	tests := []struct {
		name string
		oid  uint32
		in   *string
		want wire.Value
	}{
		{"null", oidInt4, nil, wire.NullValue()},
		{"int8", oidInt8, ptr("-9223372036854775808"), wire.Value{Type: wire.Integer, Text: "-9223372036854775808"}},
		{"float8", oidFloat8, ptr("0.30000000000000004"), wire.RealValue(0.30000000000000004)},
		{"float8 infinity", oidFloat8, ptr("Infinity"), wire.RealValue(math.Inf(1))},
		{"numeric keeps its digits", oidNumeric, ptr("0.80"), wire.Value{Type: wire.Numeric, Text: "0.80"}},
		{"boolean", oidBool, ptr("t"), wire.Value{Type: wire.Boolean, Text: "true"}},
		{"bytea", oidBytea, ptr(`\x00ff`), wire.Value{Type: wire.Blob, Text: "00ff"}},
		{"varchar", oidVarchar, ptr("Baab"), wire.TextValue("Baab")},
		{"an array is text", 1007, ptr("{1,2}"), wire.TextValue("{1,2}")},
		{"empty text is not null", oidText, ptr(""), wire.TextValue("")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b []byte
			if tt.in != nil {
				b = []byte(*tt.in)
			}
			if got := PostgresValue(tt.oid, b); got != tt.want {
				t.Errorf("PostgresValue(%d, %v) = %+v, want %+v", tt.oid, tt.in, got, tt.want)
			}
		})
	}
}

func TestLaneSteps(t *testing.T) {
	plan := wire.LivePlan{Lane: "postgres", MaxRows: 2, Steps: []wire.LivePlanStep{
		{LaneStepHead: wire.LaneStepHead{Index: 1, Conn: "default", Kind: "exec", SQL: "BEGIN; SELECT ?", SQLFrom: "step"}, Statements: []wire.LivePlanStatement{
			{SQL: "BEGIN", Send: "BEGIN"}, {SQL: "SELECT ?", Send: "SELECT 1"},
		}},
		{LaneStepHead: wire.LaneStepHead{Index: 2, Conn: "default", Kind: "exec", NotApplicable: "PRAGMA is SQLite's own"}},
		{LaneStepHead: wire.LaneStepHead{Index: 3, Conn: "other", Kind: "exec"}, NotLive: notLiveConn},
		{LaneStepHead: wire.LaneStepHead{Index: 4, Conn: "default", Kind: "exec", SQL: "SELECT x; SELECT 2", SQLFrom: "step"}, Statements: []wire.LivePlanStatement{
			{SQL: "SELECT x", Send: "SELECT x"}, {SQL: "SELECT 2", Send: "SELECT 2"},
		}},
		{LaneStepHead: wire.LaneStepHead{Index: 5, Conn: "default", Kind: "exec", SQL: "SELECT g FROM g", SQLFrom: "step"}, Statements: []wire.LivePlanStatement{
			{SQL: "SELECT g FROM g", Send: "SELECT g FROM g"},
		}},
	}}
	answer := `{"version": "PostgreSQL 18.6 (PGlite 0.5.16) on wasm32", "collation": "C", "steps": [
		{"index": 1, "txn": "active", "results": [{"rowCount": 0, "changes": 0},
			{"columns": [{"name": "?column?", "typeOid": 23}], "rows": [["1"]], "rowCount": 1, "changes": 0}]},
		{"index": 4, "txn": "failed", "results": [{"rowCount": 0, "changes": 0,
			"error": {"code": "42703", "message": "column \"x\" does not exist", "detail": "d"}}]},
		{"index": 5, "txn": "failed", "results": [{"columns": [{"name": "g", "typeOid": 20}], "rows": [["1"], [null]], "rowCount": 3, "changes": 0}]}
	]}`
	ans, err := DecodeAnswer([]byte(answer))
	if err != nil {
		t.Fatal(err)
	}
	steps, err := LaneSteps(plan, ans)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(steps)
	want := `[{"index":1,"conn":"default","kind":"exec","source":"","sql":"BEGIN; SELECT ?","sqlFrom":"step","statements":[{"sql":"BEGIN","rowCount":0,"done":true,"changes":0,"elapsedMs":0},{"sql":"SELECT ?","columns":[{"name":"?column?","declType":"int4"}],"rows":[[{"type":"integer","text":"1"}]],"rowCount":1,"done":true,"changes":0,"elapsedMs":0}],"states":[{"name":"default","txn":"active","autocommit":false}]},` +
		`{"index":2,"conn":"default","kind":"exec","source":"","notApplicable":"PRAGMA is SQLite's own","states":[{"name":"default","txn":"active","autocommit":false}]},` +
		`{"index":3,"conn":"other","kind":"exec","source":"","notApplicable":"` + notLiveConn + `","states":[{"name":"default","txn":"active","autocommit":false}]},` +
		`{"index":4,"conn":"default","kind":"exec","source":"","sql":"SELECT x; SELECT 2","sqlFrom":"step","statements":[{"sql":"SELECT x","rowCount":0,"done":true,"changes":0,"error":{"code":"42703","extended":"42703","message":"column \"x\" does not exist\nDETAIL: d"},"elapsedMs":0}],"error":{"code":"42703","extended":"42703","message":"column \"x\" does not exist\nDETAIL: d"},"states":[{"name":"default","txn":"failed","autocommit":false}]},` +
		`{"index":5,"conn":"default","kind":"exec","source":"","sql":"SELECT g FROM g","sqlFrom":"step","statements":[{"sql":"SELECT g FROM g","columns":[{"name":"g","declType":"int8"}],"rows":[[{"type":"integer","text":"1"}],[{"type":"null","text":""}]],"rowCount":3,"truncated":"kept the first 2 rows","done":true,"changes":0,"elapsedMs":0}],"states":[{"name":"default","txn":"failed","autocommit":false}]}]`
	if string(got) != want {
		t.Errorf("LaneSteps:\n got %s\nwant %s", got, want)
	}
	if label := LiveLabel(ans); !strings.HasPrefix(label, "PostgreSQL 18.6, live in your browser (PGlite): one connection, collation C") {
		t.Errorf("LiveLabel = %q", label)
	}
}

// TestLaneStepsStopped: the step a stopped run was playing says so, the
// later ones were not run, and an answer missing a step without a stop is
// an error.
func TestLaneStepsStopped(t *testing.T) {
	step := func(i int) wire.LivePlanStep {
		return wire.LivePlanStep{LaneStepHead: wire.LaneStepHead{Index: i, Conn: "default", Kind: "exec", SQL: "SELECT 1", SQLFrom: "step"},
			Statements: []wire.LivePlanStatement{{SQL: "SELECT 1", Send: "SELECT 1"}}}
	}
	plan := wire.LivePlan{MaxRows: 10, Steps: []wire.LivePlanStep{step(1), step(2), step(3)}}
	ans := wire.LiveAnswer{Stopped: "stopped by you", Steps: []wire.LiveStepAnswer{{Index: 1, Txn: "none", Results: []wire.LiveResult{{}}}}}
	steps, err := LaneSteps(plan, ans)
	if err != nil {
		t.Fatal(err)
	}
	if steps[0].Error != nil || steps[1].Error == nil || steps[1].Error.Message != "stopped by you" || !strings.Contains(steps[2].NotApplicable, "stopped") {
		t.Errorf("stopped run: %+v", steps)
	}
	ans.Stopped = ""
	if _, err := LaneSteps(plan, ans); err == nil || !strings.Contains(err.Error(), "no step 2") {
		t.Errorf("an answer without step 2 and no stop: err = %v", err)
	}
	ans.Steps[0].Results = append(ans.Steps[0].Results, wire.LiveResult{})
	ans.Steps = append(ans.Steps, ans.Steps[0])
	ans.Steps[1].Index = 2
	if _, err := LaneSteps(plan, ans); err == nil {
		t.Error("an answer with more results than statements sent is accepted")
	}
}

func TestDecodeAnswerRejects(t *testing.T) {
	for _, in := range []string{
		``, `[]`, `{"steps": 1}`, `{"steps": [], "extra": 1}`, `{} {}`,
		`{"steps": [{"index": 2, "txn": "none"}, {"index": 1, "txn": "none"}]}`,
		`{"steps": [{"index": 1, "txn": "maybe"}]}`,
		`{"steps": [{"index": 1, "txn": "none", "results": [{"columns": [{"name": "a", "typeOid": 25}], "rows": [["x", "y"]], "rowCount": 1}]}]}`,
		`{"steps": [{"index": 1, "txn": "none", "results": [{"columns": [{"name": "a", "typeOid": 25}], "rows": [["x"]], "rowCount": 0}]}]}`,
	} {
		if _, err := DecodeAnswer([]byte(in)); err == nil {
			t.Errorf("DecodeAnswer(%s) accepted it", in)
		}
	}
}

// FuzzDecodeAnswer feeds arbitrary text to the decoder of the PGlite
// worker's answer and lays whatever it accepts onto a plan: never a panic,
// and an accepted answer's rows are as wide as their columns.
func FuzzDecodeAnswer(f *testing.F) {
	f.Add(`{"version": "PostgreSQL 18.6", "collation": "C", "steps": [{"index": 1, "txn": "active", "results": [{"columns": [{"name": "a", "typeOid": 700}], "rows": [["1.5"], [null]], "rowCount": 2, "changes": 0}]}]}`)
	f.Add(`{"steps": [{"index": 1, "txn": "failed", "results": [{"rowCount": 0, "changes": 0, "error": {"code": "25P02", "message": "m"}}]}], "stopped": "stopped by you"}`)
	f.Add(`{"steps": [{"index": 1, "txn": "none", "results": [{"columns": [{"name": "b", "typeOid": 17}], "rows": [["\\x00"]], "rowCount": 9}]}]}`)
	plan := wire.LivePlan{MaxRows: 1, Steps: []wire.LivePlanStep{
		{LaneStepHead: wire.LaneStepHead{Index: 1, Conn: "default", Kind: "exec"}, Statements: []wire.LivePlanStatement{{SQL: "a", Send: "a"}, {SQL: "b", Send: "b"}}},
		{LaneStepHead: wire.LaneStepHead{Index: 2, Conn: "default", Kind: "exec"}, Statements: []wire.LivePlanStatement{{SQL: "c", Send: "c"}}},
	}}
	f.Fuzz(func(t *testing.T, in string) {
		ans, err := DecodeAnswer([]byte(in))
		if err != nil {
			return
		}
		for _, st := range ans.Steps {
			for _, r := range st.Results {
				for _, row := range r.Rows {
					if len(row) != len(r.Columns) {
						t.Fatalf("accepted a row of %d values for %d columns", len(row), len(r.Columns))
					}
				}
			}
		}
		steps, err := LaneSteps(plan, ans)
		if err == nil && len(steps) != len(plan.Steps) {
			t.Fatalf("%d lane steps for %d planned", len(steps), len(plan.Steps))
		}
		_ = LiveLabel(ans)
	})
}

func ptr(s string) *string { return &s }
