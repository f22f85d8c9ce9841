package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/lane"
	"github.com/dbquirks/dbquirks/internal/play"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

const tiny = "---\ntitle: Tiny\n---\n\nTwo values:\n\n```sql rows=1\nSELECT 1 AS a, 'x' AS b\n```\n"

// playTiny plays tiny through the bridge function and decodes its answer.
func playTiny(t *testing.T) wire.Play {
	t.Helper()
	out, err := playJSON(context.Background(), tiny, "tiny", "/", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	var p wire.Play
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPlayJSON checks that one call returns everything a Run shows: the
// document, the transcript the command line prints (byte for byte once
// timings are zeroed), the digest and the markup, under a kept run.
func TestPlayJSON(t *testing.T) {
	parsed = play.LastParse{} // tiny is new to the module
	parses := func() int64 {
		out, _ := countersJSON()
		var c counters
		json.Unmarshal(out, &c)
		return c.Parses
	}
	before := parses()
	p := playTiny(t)
	if n := parses() - before; n != 1 {
		t.Errorf("a play parsed %d times, want 1", n)
	}
	before = parses()
	playTiny(t)
	if n := parses() - before; n != 0 {
		t.Errorf("a play of the same source again parsed %d times, want 0", n)
	}
	if p.Run == 0 || p.Document == nil || p.Document.ID != "tiny" || len(p.Diagnostics) != 0 || p.Digest == "" || p.HTML == nil {
		t.Fatalf("play = %+v", p)
	}
	if !strings.Contains(p.Document.Steps[0].ExplanationHTML, "<p>Two values:</p>") {
		t.Errorf("explanation = %q", p.Document.Steps[0].ExplanationHTML)
	}
	sc, err := scenario.Parse("tiny.md", []byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(p.Transcript)
	want, _ := json.Marshal(engine.Run(context.Background(), sc, engine.Options{}))
	if a, b := zeroTimes(t, got), zeroTimes(t, want); a != b {
		t.Errorf("transcript differs:\n got %s\nwant %s", a, b)
	}
	if len(p.HTML.Steps) != 1 || !strings.Contains(p.HTML.Steps[0].Result, `data-verdict="met"`) || !strings.Contains(p.HTML.Article, `data-result="live"`) {
		t.Errorf("html = %+v", p.HTML)
	}
}

func TestPlayJSONDiagnostics(t *testing.T) {
	out, err := playJSON(context.Background(), "```sql bogus=1\nSELECT 1\n```\n", "broken", "/", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	var p wire.Play
	json.Unmarshal(out, &p)
	if len(p.Diagnostics) == 0 || p.Document != nil || p.HTML != nil || p.Run != 0 {
		t.Fatalf("play of a malformed scenario = %s", out)
	}
	if d := p.Diagnostics[0]; d.File != "broken.md" || d.Line != 1 || d.Column < 1 {
		t.Errorf("diagnostic = %+v", d)
	}
}

func zeroTimes(t *testing.T, b []byte) string {
	t.Helper()
	var tr wire.Transcript
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	tr.ElapsedMs = 0
	for i := range tr.Steps {
		tr.Steps[i].ElapsedMs = 0
		for j := range tr.Steps[i].Statements {
			tr.Steps[i].Statements[j].ElapsedMs = 0
		}
	}
	out, _ := json.Marshal(tr)
	return string(out)
}

// TestWarmup checks that the warmup scenario holds, so that a failure in
// the browser can only mean the engine is broken there.
func TestWarmup(t *testing.T) {
	out, err := warmupJSON(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var w warmup
	if err := json.Unmarshal(out, &w); err != nil {
		t.Fatal(err)
	}
	if w.Failures != 0 || w.Stopped != nil {
		sc, _ := scenario.Parse("warmup.md", []byte(warmupScenario))
		tr := engine.Run(context.Background(), sc, engine.Options{})
		b, _ := json.MarshalIndent(tr.Steps, "", " ")
		t.Errorf("warmup: %+v\n%s", w, b)
	}
}

// TestPlayJSONShowsRecordedLanes plays a catalogue scenario with its
// recordings as the page data carries them, then an edit of its second
// step: the lanes show, differences marked, and the edited step's answer
// no longer applies.
func TestPlayJSONShowsRecordedLanes(t *testing.T) {
	const id = "sqlite-like-ascii-case"
	src, err := os.ReadFile(filepath.Join("..", "scenarios", id+".md"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := lane.Load(filepath.Join("..", "scenarios"), id)
	if err != nil || len(recs) != 2 {
		t.Fatalf("recordings: %d, %v", len(recs), err)
	}
	data, _ := json.Marshal(recs)
	stepResult := func(source string, index int) string {
		out, err := playJSON(context.Background(), source, id, "/", string(data), "", "")
		if err != nil {
			t.Fatal(err)
		}
		var p wire.Play
		if err := json.Unmarshal(out, &p); err != nil || p.HTML == nil {
			t.Fatalf("play: %v, %s", err, out[:min(len(out), 300)])
		}
		return p.HTML.Steps[index-1].Result
	}
	got := stepResult(string(src), 2)
	for _, want := range []string{`data-lane="postgres" data-lane-state="answered" data-differs="true"`, `data-lane="mariadb"`} {
		if !strings.Contains(got, want) {
			t.Errorf("step 2 lacks %s", want)
		}
	}
	edited := strings.Replace(string(src), "LIKE ? ESCAPE", "LIKE ?  ESCAPE", 1)
	if got := stepResult(edited, 2); strings.Count(got, `data-lane-state="edited"`) != 2 {
		t.Errorf("the edited step 2 does not say both recordings no longer apply:\n%s", got)
	}
	if got := stepResult(edited, 1); strings.Contains(got, `data-lane-state="edited"`) {
		t.Errorf("step 1, before the edit, says its recordings no longer apply")
	}
	if _, err := playJSON(context.Background(), string(src), id, "/", "{", "", ""); err == nil {
		t.Errorf("broken recordings were accepted")
	}
}

// TestPlayJSONIsPlainMarkup: the answer carries the markup as it is, not
// escaped for a <script> (a quarter larger, for JSON.parse to undo).
func TestPlayJSONIsPlainMarkup(t *testing.T) {
	out, err := playJSON(context.Background(), tiny, "tiny", "/", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), `\u003c`) || !strings.Contains(string(out), `<`) {
		t.Errorf("the play's markup is escaped: %.200s", out)
	}
}

// TestRecordingsCache: the same recordings text is decoded once and the
// same recordings come back; another text is decoded anew, and a broken
// one is an error even after a good one.
func TestRecordingsCache(t *testing.T) {
	var c recordingsCache
	recs, _ := lane.Load(filepath.Join("..", "scenarios"), "sqlite-like-ascii-case")
	other, _ := lane.Load(filepath.Join("..", "scenarios"), "sqlite-decimal-real")
	a, _ := json.Marshal(recs)
	b, _ := json.Marshal(other)
	first, err := c.decode(string(a))
	if err != nil || len(first) != 2 {
		t.Fatalf("decode: %d recordings, %v", len(first), err)
	}
	if again, _ := c.decode(string(a)); &again[0] != &first[0] {
		t.Errorf("the same text was decoded again")
	}
	if o, _ := c.decode(string(b)); len(o) == 0 || o[0].Scenario != "sqlite-decimal-real" {
		t.Errorf("another text gave the last recordings: %+v", o)
	}
	if _, err := c.decode("{"); err == nil {
		t.Errorf("broken recordings were accepted after good ones")
	}
	if none, err := c.decode(""); err != nil || none != nil {
		t.Errorf("no recordings: %v, %v", none, err)
	}
}

// TestPrepareCollectsGarbage: dbquirks.prepare ends with a collection, so
// that the next Run does not pay for one that the last Run made due.
func TestPrepareCollectsGarbage(t *testing.T) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if err := prepareNext(); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if after.NumGC == before.NumGC {
		t.Error("prepare collected no garbage")
	}
}
