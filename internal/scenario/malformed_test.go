package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/golden"
)

// TestMalformedCorpus parses every file under testdata/malformed; each must
// be refused with exactly the diagnostics in its .err file (refresh with
// -update and read the diff).
func TestMalformedCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/malformed/*.md")
	if len(files) == 0 {
		t.Fatal("no malformed corpus")
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			_, perr := Parse(name, src)
			if perr == nil {
				t.Fatalf("%s parsed without a diagnostic", name)
			}
			golden.Check(t, strings.TrimSuffix(f, ".md")+".err", []byte(perr.Error()+"\n"))
		})
	}
}
