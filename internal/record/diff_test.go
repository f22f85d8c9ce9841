package record

import (
	"slices"
	"testing"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestBlockedMessage(t *testing.T) {
	tests := []struct {
		waitsFor []string
		want     string
	}{
		{nil, "blocked: waits for a lock"},
		{[]string{"default"}, "blocked: waits for default's lock"},
		{[]string{"default", "worker"}, "blocked: waits for a lock held by default or worker"},
		{[]string{"a", "b", "c"}, "blocked: waits for a lock held by a, b or c"},
	}
	for _, tt := range tests {
		if got := blockedMessage(tt.waitsFor); got != tt.want {
			t.Errorf("blockedMessage(%q) = %q, want %q", tt.waitsFor, got, tt.want)
		}
	}
}

func TestHoldersAreTheOtherOpenTransactions(t *testing.T) {
	p := &player{states: []wire.ConnState{{Name: "default", Txn: "active"}, {Name: "worker", Txn: "none"}, {Name: "third", Txn: "failed"}}}
	if got := p.holders("worker"); !slices.Equal(got, []string{"default", "third"}) {
		t.Errorf("holders = %q", got)
	}
}

func TestDiffNamesScenarioStepAndLane(t *testing.T) {
	tests := []struct {
		name   string
		change func(*wire.Recording)
		want   []string
	}{
		{"same results, other day and version", func(r *wire.Recording) { r.Recorded, r.Server.Version = "2030-01-01", "16.1" }, nil},
		{"rows", func(r *wire.Recording) { r.Steps[0].Statements[0].Rows[0][0].Text = "0.8" }, []string{
			"demo step 1, postgres: rows differ: recorded 1 row [0.80, true, 'a<b>&'], live 1 row [0.8, true, 'a<b>&']"}},
		{"error", func(r *wire.Recording) { r.Steps[3].Error = nil }, []string{
			`demo step 4, postgres: errors differ: recorded 23505 "duplicate key", live no error`}},
		{"no longer blocked", func(r *wire.Recording) { r.Steps[2].Blocked = nil }, []string{
			"demo step 3, postgres: waits differ: recorded statement 1 blocked: waits for default's lock, live not blocked"}},
		{"now runs", func(r *wire.Recording) { r.Steps[1].NotApplicable = "" }, []string{
			`demo step 2, postgres: not-applicable reasons differ: recorded "PRAGMA is SQLite's own", live none (it runs)`}},
		{"setting", func(r *wire.Recording) { r.Server.Settings[0].Value = "en_US.UTF-8" }, []string{
			`demo, postgres: setting datcollate differs: recorded "C.UTF-8", live "en_US.UTF-8"`}},
		{"columns and states", func(r *wire.Recording) {
			r.Steps[0].Statements[0].Columns[0].DeclType = "float8"
			r.Steps[0].States[0].Txn = "active"
		}, []string{
			"demo step 1, postgres: columns differ: recorded numeric numeric, bool bool, text text, live numeric float8, bool bool, text text",
			"demo step 1, postgres: transaction states differ: recorded default none, live default active"}},
		{"a step less", func(r *wire.Recording) { r.Steps = r.Steps[:3] }, []string{
			"demo, postgres: recorded 4 steps, the scenario now has 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			live := sample()
			tt.change(live)
			if got := diff(sample(), live); !slices.Equal(got, tt.want) {
				t.Errorf("diff:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestUnmetLaneClaims(t *testing.T) {
	parse := func(src string) *scenario.Scenario {
		t.Helper()
		sc, err := scenario.Parse("demo.md", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	holds := parse("```sql rows.postgres=1 txn.postgres=none\nSELECT 1\n```\n```rows postgres\n0.80, TRUE, 'a<b>&'\n```\n" +
		"```sql\nPRAGMA x\n```\n" +
		"```sql conn=default expect.postgres=blocked changes.postgres=0\nSELECT 3\n```\n" +
		"```sql expect.postgres=23505\nSELECT 4\n```\n")
	if got := unmet(holds, sample()); got != nil {
		t.Errorf("claims that hold are reported: %q", got)
	}
	fails := parse("```sql rows.postgres=2 txn.postgres=active\nSELECT 1\n```\n```rows postgres\n0.8, true, 'a<b>&'\n```\n" +
		"```sql rows.postgres=0\nPRAGMA x\n```\n" +
		"```sql expect.postgres=ok\nSELECT 3\n```\n" +
		"```sql expect.postgres=1062\nSELECT 4\n```\n")
	want := []string{
		"demo step 1, postgres: rows.postgres=2, got 1 (line 1)",
		"demo step 1, postgres: txn.postgres=active, got none (line 1)",
		"demo step 1, postgres: rows differ from the rows postgres block: want [0.8, true, 'a<b>&'], got [0.80, true, 'a<b>&'] (line 4)",
		"demo step 2, postgres: the step states rows.postgres but does not run on this lane: PRAGMA is SQLite's own (line 7)",
		"demo step 3, postgres: expect.postgres=ok, got blocked (blocked: waits for default's lock) (line 10)",
		`demo step 4, postgres: expect.postgres=1062, got 23505 "duplicate key" (line 13)`,
	}
	if got := unmet(fails, sample()); !slices.Equal(got, want) {
		t.Errorf("unmet:\n got %q\nwant %q", got, want)
	}
}
