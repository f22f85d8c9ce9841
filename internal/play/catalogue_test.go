package play

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dbquirks/dbquirks/internal/catalog"
	"github.com/dbquirks/dbquirks/internal/golden"
	"github.com/dbquirks/dbquirks/internal/report"
)

const scenarios = "../../scenarios"

// TestCatalogueTranscripts plays every built-in scenario the way the page,
// the command line and the site build do, and compares its text transcript
// with testdata/catalogue/<id>.txt. Run with -update after a deliberate
// change, and read the diff before committing it.
func TestCatalogueTranscripts(t *testing.T) {
	ids, err := catalog.IDs(scenarios)
	if err != nil || len(ids) == 0 {
		t.Fatalf("no scenarios in %s (%v)", scenarios, err)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		seen[id+".txt"] = true
		t.Run(id, func(t *testing.T) {
			file := filepath.Join(scenarios, id+".md")
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			o := Play(t.Context(), file, src, Options{})
			if len(o.Diagnostics) > 0 {
				t.Fatalf("%s: %v", file, o.Diagnostics)
			}
			if tr := o.Transcript; tr.Failures > 0 || tr.Stopped != nil {
				t.Errorf("%s: %d unmet expectations, stopped %+v (run `dbquirks check scenarios`)", file, tr.Failures, tr.Stopped)
			}
			var got bytes.Buffer
			if err := report.Text(&got, o.Transcript, report.Options{}); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "catalogue", id+".txt"), got.Bytes())
		})
	}
	orphans(t, seen)
}

// orphans fails for golden files whose scenario no longer exists.
func orphans(t *testing.T, seen map[string]bool) {
	files, _ := filepath.Glob(filepath.Join("testdata", "catalogue", "*.txt"))
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			if golden.Updating() {
				os.Remove(f)
				continue
			}
			t.Errorf("%s has no scenario: delete it (or run -update)", f)
		}
	}
}
