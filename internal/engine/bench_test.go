package engine

import (
	"os"
	"testing"

	"github.com/dbquirks/dbquirks/internal/scenario"
)

// BenchmarkScenario plays catalogue scenarios from a fresh database, the
// work one Run button does. `make bench` runs it natively and under
// WebAssembly; compare the two in one run, never against a fixed time.
func BenchmarkScenario(b *testing.B) {
	for _, id := range []string{"sqlite-like-ascii-case", "sqlite-database-locked", "sqlite-iterator-isolation", "sqlite-decimal-real"} {
		src, err := os.ReadFile("../../scenarios/" + id + ".md")
		if err != nil {
			b.Fatal(err)
		}
		sc, err := scenario.Parse(id+".md", src)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(id, func(b *testing.B) {
			for b.Loop() {
				if tr := Run(b.Context(), sc, Options{}); tr.Failures > 0 {
					b.Fatalf("%s: %d failures", id, tr.Failures)
				}
			}
		})
	}
}

// BenchmarkOpen is the fixed cost of a run: a new database and one
// connection, one statement.
func BenchmarkOpen(b *testing.B) {
	sc, err := scenario.Parse("open.md", []byte("```sql\nSELECT 1\n```\n"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Run(b.Context(), sc, Options{})
	}
}
