package scenario

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected diagnostics under testdata/malformed")

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
			got := perr.Error() + "\n"
			want := strings.TrimSuffix(f, ".md") + ".err"
			if *update {
				os.WriteFile(want, []byte(got), 0o644)
				return
			}
			w, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != string(w) {
				t.Errorf("diagnostics changed:\n got: %s\nwant: %s", got, w)
			}
		})
	}
}
