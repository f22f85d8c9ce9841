package scenario

import (
	"strings"
	"testing"
)

// digestBase is a scenario of three steps; each case edits it and says
// from which step (1-based) on the postgres digests must change, 0 for none.
const digestBase = "---\ntitle: t\nconnections:\n  other: {}\n---\n\nFirst.\n\n" +
	"```sql\nCREATE TABLE t (x)\n```\n\n" +
	"```sql conn=other params=1 rows=0\nSELECT * FROM t WHERE x = ?\n```\n\n" +
	"```sql postgres\nSELECT 1\n```\n\n" +
	"```sql\nSELECT 2\n```\n"

func TestLaneDigestsChainFromTheEditedStep(t *testing.T) {
	tests := []struct {
		name, old, new string
		from           int
	}{
		{"prose", "First.", "Edited prose.", 0},
		{"expectation", "rows=0", "rows=3", 0},
		{"busy timeout", "other: {}", "other: {busy_timeout: 50}", 0},
		{"first step's SQL", "CREATE TABLE t (x)", "CREATE TABLE t (y)", 1},
		{"a parameter", "params=1", "params=2", 2},
		{"a connection", "conn=other ", "", 2},
		{"the lane's own SQL", "SELECT 1\n", "SELECT 10\n", 2},
		{"last step", "SELECT 2", "SELECT 3", 3},
		{"a new connection", "other: {}", "other: {}\n  third: {}", 1},
	}
	base := mustParse(t, digestBase).LaneDigests(LanePostgres)
	if len(base) != 3 {
		t.Fatalf("%d digests for 3 steps", len(base))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(digestBase, tt.old) {
				t.Fatalf("the base scenario has no %q", tt.old)
			}
			got := mustParse(t, strings.Replace(digestBase, tt.old, tt.new, 1)).LaneDigests(LanePostgres)
			for i := range base {
				changed := got[i] != base[i]
				if want := tt.from > 0 && i+1 >= tt.from; changed != want {
					t.Errorf("step %d: changed = %v, want %v", i+1, changed, want)
				}
			}
		})
	}
}

func TestLaneDigestsAreOfTheirLane(t *testing.T) {
	sc := mustParse(t, digestBase)
	edited := mustParse(t, strings.Replace(digestBase, "SELECT 1\n", "SELECT 10\n", 1))
	pg, maria := sc.LaneDigests(LanePostgres), sc.LaneDigests(LaneMariaDB)
	if pg[0] != maria[0] {
		t.Errorf("step 1 asks both lanes the same, digests %s and %s", pg[0], maria[0])
	}
	if got := edited.LaneDigests(LaneMariaDB); got[1] != maria[1] {
		t.Errorf("editing the postgres block changed mariadb's step 2 digest")
	}
	if again := mustParse(t, digestBase).LaneDigests(LanePostgres); again[2] != pg[2] {
		t.Errorf("digests are not stable: %s then %s", pg[2], again[2])
	}
}
