package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

const tiny = "---\ntitle: Tiny\n---\n\nTwo values:\n\n```sql rows=1\nSELECT 1 AS a, 'x' AS b\n```\n"

func TestFileName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"like-case", "like-case.md"},
		{"like-case.md", "like-case.md"},
		{"", "scenario.md"},
		{"../../etc/passwd", "passwd.md"},
		{`a\b`, "b.md"},
		{"/", "scenario.md"},
	}
	for _, tt := range tests {
		if got := fileName(tt.in); got != tt.want {
			t.Errorf("fileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseJSON(t *testing.T) {
	out, err := parseJSON(tiny, "tiny")
	if err != nil {
		t.Fatal(err)
	}
	var doc wire.Document
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ID != "tiny" || doc.Meta.Title != "Tiny" || len(doc.Steps) != 1 || doc.Steps[0].Line != 7 {
		t.Errorf("document = %+v", doc)
	}
	if !strings.Contains(doc.Steps[0].ExplanationHTML, "<p>Two values:</p>") {
		t.Errorf("explanation = %q", doc.Steps[0].ExplanationHTML)
	}
}

func TestParseJSONDiagnostics(t *testing.T) {
	_, err := parseJSON("```sql bogus=1\nSELECT 1\n```\n", "broken")
	d := diagnostics(err)
	if len(d) == 0 {
		t.Fatalf("err = %v, want diagnostics", err)
	}
	if d[0].File != "broken.md" || d[0].Line != 1 || d[0].Column < 1 {
		t.Errorf("diagnostic = %+v", d[0])
	}
	if !strings.HasPrefix(err.Error(), "broken.md:1:") {
		t.Errorf("message = %q", err)
	}
}

// TestRunJSON checks that the bridge returns what the command line prints:
// the engine's transcript, byte for byte once timings are zeroed.
func TestRunJSON(t *testing.T) {
	out, err := runJSON(context.Background(), tiny, "tiny")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("tiny.md", []byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(engine.Run(context.Background(), sc, engine.Options{}))
	if a, b := zeroTimes(t, out), zeroTimes(t, want); a != b {
		t.Errorf("transcript differs:\n got %s\nwant %s", a, b)
	}
	if _, err := runJSON(context.Background(), "```sql txn=maybe\nSELECT 1\n```\n", "x"); diagnostics(err) == nil {
		t.Errorf("run of a malformed scenario: err = %v, want diagnostics", err)
	}
}

func zeroTimes(t *testing.T, b []byte) string {
	t.Helper()
	var tr wire.Transcript
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	tr.ElapsedMs = 0
	for i := range tr.Steps {
		tr.Steps[i].ElapsedMs = 0
		for j := range tr.Steps[i].Statements {
			tr.Steps[i].Statements[j].ElapsedMs = 0
		}
	}
	out, _ := json.Marshal(tr)
	return string(out)
}

// TestWarmup checks that the warmup scenario holds, so that a failure in
// the browser can only mean the engine is broken there.
func TestWarmup(t *testing.T) {
	out, err := warmupJSON(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var w warmup
	if err := json.Unmarshal(out, &w); err != nil {
		t.Fatal(err)
	}
	if w.Failures != 0 || w.Stopped != nil {
		sc, _ := scenario.Parse("warmup.md", []byte(warmupScenario))
		tr := engine.Run(context.Background(), sc, engine.Options{})
		b, _ := json.MarshalIndent(tr.Steps, "", " ")
		t.Errorf("warmup: %+v\n%s", w, b)
	}
}
