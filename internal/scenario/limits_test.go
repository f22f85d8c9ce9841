package scenario

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

const oneStep = "```sql\nSELECT 1\n```\n"

// connections declares n connections besides default, one per line from
// line 3 of the source.
func connections(n int) string {
	var b strings.Builder
	b.WriteString("---\nconnections:\n")
	for i := range n {
		fmt.Fprintf(&b, "  c%d:\n", i)
	}
	b.WriteString("---\n")
	return b.String()
}

// TestLimits feeds the parser a scenario past each limit: it must be
// refused with one diagnostic that names the limit, on the line that
// passes it.
func TestLimits(t *testing.T) {
	big := strings.Repeat("x", MaxValueBytes+1)
	long := "---\ntitle: t\n---\n" + oneStep + strings.Repeat("prose line\n", MaxSourceBytes/11+1)
	tests := []struct {
		name     string
		src      string
		wantLine int
		want     string // in the diagnostic's message
	}{
		{"connections", connections(MaxConnections) + oneStep, 2 + MaxConnections, "connections limit"},
		{"connections with default declared", "---\nconnections:\n  default:\n" + strings.TrimPrefix(connections(MaxConnections), "---\nconnections:\n") + oneStep, 3 + MaxConnections, "connections limit"},
		{"steps", strings.Repeat(oneStep, MaxSteps+1), 3*MaxSteps + 1, "steps limit"},
		{"title", "---\ntitle: " + strings.Repeat("é", MaxTitleChars+1) + "\n---\n" + oneStep, 2, "title limit"},
		{"summary", "---\nsummary: >\n  " + strings.Repeat("word ", MaxSummaryChars/5+1) + "\n---\n" + oneStep, 2, "summary limit"},
		{"front-matter value", "---\ndjango:\n  orm: " + big + "\n---\n" + oneStep, 3, "value-size limit"},
		{"long title is one mistake", "---\ntitle: " + big + "\n---\n" + oneStep, 2, "value-size limit"},
		{"source", long, strings.Count(long[:MaxSourceBytes], "\n") + 1, "source-size limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("limits.md", []byte(tc.src))
			var d Diagnostics
			if !errors.As(err, &d) {
				t.Fatalf("parsed without a diagnostic (err %v)", err)
			}
			if len(d) != 1 || d[0].Line != tc.wantLine || !strings.Contains(d[0].Message, tc.want) {
				t.Errorf("diagnostics:\n%v\nwant one at line %d naming the %s", err, tc.wantLine, tc.want)
			}
		})
	}
}

// TestAtTheLimits parses a scenario that reaches every limit without
// passing one.
func TestAtTheLimits(t *testing.T) {
	src := "---\ntitle: " + strings.Repeat("t", MaxTitleChars) +
		"\nsummary: " + strings.Repeat("s", MaxSummaryChars) +
		"\ndjango:\n  orm: " + strings.Repeat("o", MaxValueBytes) +
		strings.TrimPrefix(connections(MaxConnections-1), "---") +
		strings.Repeat(oneStep, MaxSteps)
	if len(src) > MaxSourceBytes {
		t.Fatalf("the test's source is %d bytes, past the source limit", len(src))
	}
	sc, err := Parse("limits.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Meta.Connections) != MaxConnections || len(sc.Steps) != MaxSteps {
		t.Errorf("%d connections, %d steps", len(sc.Meta.Connections), len(sc.Steps))
	}
}
