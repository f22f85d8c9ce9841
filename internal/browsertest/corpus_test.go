package browsertest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// TestHostileCorpusInThePage plays the engine's hostile corpus (runaway
// queries, length and memory bombs, deep nesting, sandbox escapes) through
// the page's own worker, with the page's default limits: every entry must
// get the outcome its file states, each limit must be named, and the page
// must still answer afterwards. The same corpus runs natively and under
// Node in internal/engine.
func TestHostileCorpusInThePage(t *testing.T) {
	files, tb := corpusPage(t, "internal/engine/testdata/hostile/*.md")
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			tb.t = t
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p := playInPage(tb, string(src), strings.TrimSuffix(name, ".md"))
			if p.Transcript == nil {
				t.Fatalf("the engine refused the corpus entry: %v", scenario.Diagnostics(p.Diagnostics))
			}
			tr := p.Transcript
			if tr.Failures > 0 || tr.Stopped != nil {
				t.Errorf("%d expectations unmet in the page, stopped %+v", tr.Failures, tr.Stopped)
			}
			for _, st := range tr.Steps {
				for _, c := range st.Checks {
					if !c.OK {
						t.Errorf("step %d: %s: want %q, got %q", st.Index, c.Kind, c.Want, c.Got)
					}
				}
				if e := st.Error; e != nil && limitCode[e.Code] && (e.Limit == "" || e.Note == "") {
					t.Errorf("step %d: %s without the limit that caused it named: %+v", st.Index, e.Code, e)
				}
			}
		})
	}
	tb.t = t
	if p := playInPage(tb, "```sql\nSELECT 1\n```\n", "after"); p.Transcript == nil || p.Transcript.Failures != 0 {
		t.Errorf("the engine is not usable after the corpus: running SELECT 1 gave %+v", p)
	}
}

// playInPage plays a source with the page's engine, as a Run does, and
// returns what the module answered.
func playInPage(tb *tab, source, id string) wire.Play {
	tb.t.Helper()
	arg, _ := json.Marshal(source)
	out := eval[string](tb, `window.__dbquirks.engineCall("play", `+string(arg)+`, `+jsString(id)+`, "/").then(r => JSON.stringify(r))`)
	var p wire.Play
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		tb.t.Fatalf("the engine's answer is not a play: %v\n%.300s", err, out)
	}
	return p
}

// corpusPage lists a corpus of the repository and opens a scenario page
// whose engine is up, to play the corpus through.
func corpusPage(t *testing.T, pattern string) ([]string, *tab) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(env.repo, pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus at %s: %v", pattern, err)
	}
	tb := newTab(t)
	tb.open("s/" + env.ids[0] + "/")
	tb.waitLive()
	return files, tb
}

// limitCode are the result codes the engine's limits produce; each must
// come with the limit's name and a note.
var limitCode = map[string]bool{"SQLITE_INTERRUPT": true, "SQLITE_TOOBIG": true, "SQLITE_FULL": true, "SQLITE_NOMEM": true, "SQLITE_AUTH": true}

// TestMalformedCorpusInThePage plays the parser's malformed corpus in the
// page: each must be refused with the very diagnostics the native parser
// gives (testdata/malformed/*.err), never a crash.
func TestMalformedCorpusInThePage(t *testing.T) {
	files, tb := corpusPage(t, "internal/scenario/testdata/malformed/*.md")
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			tb.t = t
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(f, ".md") + ".err")
			if err != nil {
				t.Fatal(err)
			}
			// The page hands the worker a JavaScript string: invalid UTF-8
			// arrives as U+FFFD, so only valid sources compare exactly.
			p := playInPage(tb, string(src), strings.TrimSuffix(name, ".md"))
			if !utf8Valid(src) {
				return // what arrives is another, valid text: any answer but a crash will do
			}
			if p.Document != nil || len(p.Diagnostics) == 0 {
				t.Fatal("the page's engine accepted a malformed scenario")
			}
			if p.Transcript != nil || p.HTML != nil {
				t.Error("a scenario with mistakes was run or shown")
			}
			if got := scenario.Diagnostics(p.Diagnostics).Error(); got+"\n" != string(want) {
				t.Errorf("diagnostics differ from the native parser's:\n got: %s\nwant: %s", got, want)
			}
		})
	}
	tb.t = t
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }
