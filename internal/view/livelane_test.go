package view

import (
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestLiveLaneStep(t *testing.T) {
	hostile := `<img src=x onerror=alert(1)>`
	tests := []struct {
		name    string
		ls      wire.LaneStep
		want    []string
		outcome string
	}{
		{"rows", wire.LaneStep{Index: 2, SQL: "SELECT 1", SQLFrom: "step", Statements: []wire.Statement{{
			SQL: "SELECT 1", Columns: []wire.Column{{Name: hostile}}, Rows: [][]wire.Value{{wire.TextValue(hostile)}}, RowCount: 1, Done: true,
		}}}, []string{`data-step="2"`, "&lt;img src=x onerror=alert(1)&gt;", "live"}, "ok"},
		{"rewritten", wire.LaneStep{Index: 1, SQL: `CREATE TABLE "t" ("id" bigint)`, SQLFrom: "rewritten"},
			[]string{"rewritten for PostgreSQL", "CREATE TABLE &#34;t&#34;"}, "ok"},
		{"error", wire.LaneStep{Index: 3, Statements: []wire.Statement{{SQL: "x", Error: &wire.Error{Code: "42703", Extended: "42703", Message: hostile}}},
			Error: &wire.Error{Code: "42703", Extended: "42703", Message: hostile}, States: []wire.ConnState{{Name: "default", Txn: "failed"}}},
			[]string{"42703", "transaction failed after this step"}, "error"},
		{"not applicable", wire.LaneStep{Index: 4, NotApplicable: hostile}, []string{"&lt;img"}, "not-applicable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LiveLaneStep("PostgreSQL 18.6", `about "it"`, tt.ls)
			if strings.Contains(got, "<img") {
				t.Errorf("unescaped markup in %s", got)
			}
			for _, w := range append(tt.want, `data-outcome="`+tt.outcome+`"`, `title="about &#34;it&#34;"`) {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			if n := strings.Count(got, "42703"); tt.outcome == "error" && n != 1 {
				t.Errorf("the step's error is shown %d times, want once:\n%s", n, got)
			}
		})
	}
}
