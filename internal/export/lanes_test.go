//go:build !js

package export

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/golden"
	"github.com/dbquirks/dbquirks/internal/lane"
)

// TestLanesGolden exports a scenario with its recorded PostgreSQL and
// MariaDB lanes (frozen copies under testdata/lanes): each step's answers
// follow SQLite's, the quirk step's PostgreSQL row marked ≠, in Markdown
// that renders safely and in a Django test Python accepts.
func TestLanesGolden(t *testing.T) {
	dir := filepath.Join("testdata", "lanes")
	sc, doc, tr := load(t, filepath.Join(dir, "sqlite-like-ascii-case.md"))
	recs, err := lane.Load(dir, sc.ID)
	if err != nil || len(recs) != 2 {
		t.Fatalf("recordings: %d, %v", len(recs), err)
	}
	lanes := lane.Lanes(recs, sc)
	md := Markdown(doc, tr, lanes, testLink)
	golden.Check(t, filepath.Join(dir, "sqlite-like-ascii-case.md.golden"), []byte(md))
	checkMarkdownSafe(t, "lanes", md)
	for _, want := range []string{
		"On **PostgreSQL 15.18",
		"Differs from SQLite: 1 row where SQLite has 2.",
		"| 2 ≠ | 'Baab' ≠ |",
		"On **MariaDB 10.11",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown export lacks %q", want)
		}
	}
	py := DjangoTest(sc, tr, lanes, testLink)
	golden.Check(t, filepath.Join(dir, "sqlite-like-ascii-case.py.golden"), []byte(py))
	checkPython(t, map[string]string{"lanes": py})
	if !strings.Contains(py, "# On PostgreSQL 15.18") || !strings.Contains(py, "differs from SQLite: 1 row\n") || !strings.Contains(py, "# (2, 'Baab')") {
		t.Errorf("the Django test does not tell PostgreSQL's answer to the quirk step")
	}
}
