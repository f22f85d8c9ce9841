package permalink

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/golden"
)

// TestMalformedLinkCorpus decodes every link under testdata/malformed-links
// (truncated, corrupt, oversized, wrong-version, deflate bombs, bad JSON):
// each must be refused with exactly the message in its .err file, and
// yield nothing. Refresh the messages with -update and read the diff.
func TestMalformedLinkCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/malformed-links/*.link")
	if len(files) == 0 {
		t.Fatal("no malformed link corpus")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			link, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, derr := Decode(string(link))
			if derr == nil {
				t.Fatalf("accepted: %+v", p)
			}
			if p != (Payload{}) {
				t.Errorf("a refused link still returned %+v", p)
			}
			golden.Check(t, strings.TrimSuffix(f, ".link")+".err", []byte(derr.Error()+"\n"))
		})
	}
}
