package permalink

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/golden"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

func runFile(t *testing.T, path string) *wire.Transcript {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse(path, src)
	if err != nil {
		t.Fatal(err)
	}
	return engine.Run(context.Background(), sc, engine.Options{})
}

func TestDigestIsStable(t *testing.T) {
	a := ResultDigest(runFile(t, "testdata/busy.md"))
	b := ResultDigest(runFile(t, "testdata/busy.md"))
	if a != b {
		t.Fatalf("two runs of one scenario digest differently: %s, %s", a, b)
	}
	if !isDigest(a) {
		t.Fatalf("digest %q has the wrong form", a)
	}
	if ResultDigest(nil) != "" {
		t.Error("a missing transcript should have no digest")
	}
}

// TestDigestGolden pins ResultDigest: links in the wild carry digests it
// made, and any change to it would make all of them claim that results
// differ. The transcript is frozen in testdata, so engine changes do not
// move it; only a change to the digest does.
func TestDigestGolden(t *testing.T) {
	const path, want = "testdata/transcript-busy.json", "testdata/transcript-busy.digest"
	if _, err := os.Stat(path); os.IsNotExist(err) && golden.Updating() {
		b, _ := json.MarshalIndent(runFile(t, "testdata/busy.md"), "", "  ")
		os.WriteFile(path, append(b, '\n'), 0o644)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tr wire.Transcript
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	got := ResultDigest(&tr)
	if _, err := os.Stat(want); os.IsNotExist(err) && golden.Updating() {
		os.WriteFile(want, []byte(got+"\n"), 0o644)
	}
	w, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if got != strings.TrimSpace(string(w)) {
		t.Errorf("ResultDigest of the frozen transcript = %s, want %s: old links would all report different results", got, w)
	}
}

// TestDigestIgnores changes every field that is not a result and checks the
// digest stays; then changes results and checks it moves.
func TestDigestIgnores(t *testing.T) {
	base := runFile(t, "testdata/busy.md")
	want := ResultDigest(base)
	clone := func() *wire.Transcript {
		b, _ := json.Marshal(base)
		var c wire.Transcript
		json.Unmarshal(b, &c)
		return &c
	}
	same := map[string]func(*wire.Transcript){
		"timings": func(c *wire.Transcript) {
			c.ElapsedMs += 17
			for i := range c.Steps {
				c.Steps[i].ElapsedMs += 3.5
				for j := range c.Steps[i].Statements {
					c.Steps[i].Statements[j].ElapsedMs += 1.25
				}
			}
		},
		"engine and sqlite version": func(c *wire.Transcript) { c.Engine = wire.Engine{Version: "9.9.9", SQLite: "4.0.0"} },
		"scenario id and title":     func(c *wire.Transcript) { c.Scenario, c.Title = "other", "Other" },
		"limits":                    func(c *wire.Transcript) { c.Limits.StatementMs = 1 },
		"statement text and note": func(c *wire.Transcript) {
			c.Steps[0].Statements[0].SQL = "select 2"
			c.Steps[0].Statements[0].Note = "a note"
		},
		"error note": func(c *wire.Transcript) { c.Steps[1].Error.Note = "explained differently" },
		"check want and line": func(c *wire.Transcript) {
			c.Steps[1].Checks[0].Want, c.Steps[1].Checks[0].Line = "other", 99
		},
	}
	for name, change := range same {
		c := clone()
		change(c)
		if got := ResultDigest(c); got != want {
			t.Errorf("changing %s changed the digest", name)
		}
	}
	last := len(base.Steps) - 1
	differ := map[string]func(*wire.Transcript){
		"a value":           func(c *wire.Transcript) { c.Steps[last].Statements[0].Rows[0][1] = wire.TextValue("10") },
		"a storage class":   func(c *wire.Transcript) { c.Steps[last].Statements[0].Rows[0][1].Type = wire.Real },
		"an error message":  func(c *wire.Transcript) { c.Steps[1].Error.Message = "database table is locked" },
		"a wait":            func(c *wire.Transcript) { c.Steps[1].Statements[0].Busy.WaitedMs = 0 },
		"a transaction":     func(c *wire.Transcript) { c.Steps[0].States[0].Txn = "none" },
		"a row count":       func(c *wire.Transcript) { c.Steps[last].Statements[0].RowCount++ },
		"a skipped step":    func(c *wire.Transcript) { c.Steps[last].Skipped = true },
		"a check's outcome": func(c *wire.Transcript) { c.Steps[1].Checks[0].OK = !c.Steps[1].Checks[0].OK },
	}
	for name, change := range differ {
		c := clone()
		change(c)
		if got := ResultDigest(c); got == want {
			t.Errorf("changing %s kept the digest", name)
		}
	}
}
