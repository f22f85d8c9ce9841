package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// hostile is scenario text that would take over a terminal printed raw:
// clear the screen, retitle the window, return to the line start, CSI.
const hostile = "\x1b[2J\x1b]0;pwned\x07\r\u009b31m"

// expectNoControls fails for any byte of out a terminal would act on.
func expectNoControls(t *testing.T, where, out string) {
	t.Helper()
	for i, r := range out {
		if r == utf8.RuneError || r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f {
			t.Errorf("%s: control %q at byte %d: %q", where, r, i, out[max(0, i-20):min(len(out), i+20)])
			return
		}
	}
}

func writeScenario(t *testing.T, name, src string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestOutputShowsControlsAsEscapes runs every command that prints scenario
// text on a scenario full of controls.
func TestOutputShowsControlsAsEscapes(t *testing.T) {
	file := writeScenario(t, "controls.md", "---\ntitle: \"T\\e[2J\\a\"\n---\n"+
		"```sql rows=2\nSELECT '"+hostile+"' AS \""+hostile+"\"\n```\n```rows\n'x'\n```\n")
	for _, args := range [][]string{{"run", file}, {"check", filepath.Dir(file)}} {
		_, out, errOut := call(t, args...)
		expectNoControls(t, args[0]+" stdout", out)
		expectNoControls(t, args[0]+" stderr", errOut)
		if !strings.Contains(out, `\x1b[2J`) {
			t.Errorf("%s: ESC is not shown as \\x1b:\n%s", args[0], out)
		}
	}
	bad := writeScenario(t, "bad.md", "```sql cnn="+hostile+"\nSELECT 1\n```\n")
	_, _, errOut := call(t, "run", bad)
	expectNoControls(t, "a diagnostic", errOut)
	if !strings.Contains(errOut, `unknown option "cnn"`) {
		t.Errorf("no diagnostic: %s", errOut)
	}
}

// TestJSONEscapesC1Controls: JSON escapes C0 controls itself, not C1 ones,
// which some terminals act on; the value must still read back the same.
func TestJSONEscapesC1Controls(t *testing.T) {
	file := writeScenario(t, "c1.md", "```sql\nSELECT '"+hostile+"'\n```\n")
	code, out, errOut := call(t, "run", "--json", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	expectNoControls(t, "--json", out)
	var tr wire.Transcript
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatal(err)
	}
	if got := tr.Steps[0].Statements[0].Rows[0][0]; got != wire.TextValue(hostile) {
		t.Errorf("value read back from the JSON = %q, want %q", got.Text, hostile)
	}
}

// TestVisibleWriterAcrossWrites: a character or a CR LF cut between two
// writes comes out as it would have in one.
func TestVisibleWriterAcrossWrites(t *testing.T) {
	for _, whole := range []string{"é — ✓", "a\r\nb", "\x1b[1m\u009b", "end\r", "cut \xe2\x94"} {
		for cut := 0; cut <= len(whole); cut++ {
			var b strings.Builder
			w := &visibleWriter{w: &b}
			w.Write([]byte(whole[:cut]))
			w.Write([]byte(whole[cut:]))
			w.Flush()
			if want := report.Visible(whole); b.String() != want {
				t.Errorf("%q cut at %d: %q, want %q", whole, cut, b.String(), want)
			}
		}
	}
}
