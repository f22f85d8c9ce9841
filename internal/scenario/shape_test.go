package scenario

import (
	"strings"
	"testing"
)

// TestShape: every part of a document the page compares to keep its
// article changes the shape; the same source gives the same shape.
func TestShape(t *testing.T) {
	const src = "---\ntitle: Shapes\n---\n\nOne:\n\n```sql rows=1\nSELECT 1\n```\n\nAfter.\n"
	shapeOf := func(src string) string {
		t.Helper()
		sc, err := Parse("shapes.md", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return sc.Document().Shape
	}
	base := shapeOf(src)
	if base == "" || shapeOf(src) != base {
		t.Fatalf("the same source gives shapes %q and %q", base, shapeOf(src))
	}
	for _, c := range []struct{ what, from, to string }{
		{"the title", "title: Shapes", "title: Forms"},
		{"the explanation", "One:", "Uno:"},
		{"the SQL", "SELECT 1", "SELECT 2"},
		{"the options", "rows=1", "rows=2"},
		{"the line", "One:\n", "One:\n\n"},
		{"the epilogue", "After.", "Later."},
		{"the quirk mark", "rows=1", "rows=1 quirk"},
	} {
		if got := shapeOf(strings.Replace(src, c.from, c.to, 1)); got == base {
			t.Errorf("changing %s keeps the shape", c.what)
		}
	}
}
