package report

import (
	"reflect"
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestUnmet(t *testing.T) {
	tr := &wire.Transcript{
		Stopped: &wire.Stop{Reason: "run-time", Message: "stopped: too long"},
		Steps: []wire.Step{
			{Index: 1, Checks: []wire.Check{{Kind: "rows", Want: "1\n2", Got: "", Line: 7}, {Kind: "rowCount", Want: "2", Got: "2", OK: true}}},
			{Index: 2, Error: &wire.Error{Message: "database is locked"},
				Checks: []wire.Check{{Kind: "error", Want: "ok", Got: "SQLITE_BUSY", Line: 9, Implicit: true}}},
		},
	}
	want := []string{
		"s.md: run stopped: stopped: too long",
		"s.md:7: step 1: rows: expected 1 / 2, got (nothing)",
		"s.md:9: step 2: error: expected no error, got SQLITE_BUSY (database is locked)",
	}
	if got := Unmet("s.md", tr); !reflect.DeepEqual(got, want) {
		t.Errorf("Unmet =\n%q\nwant\n%q", got, want)
	}
}
