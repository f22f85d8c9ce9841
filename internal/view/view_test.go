package view

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/golden"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// load parses testdata/<name>.md and plays it with the native engine, as
// the site build does.
func load(t *testing.T, name string) (*wire.Document, *wire.Transcript) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name+".md"))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse(name+".md", src)
	if err != nil {
		t.Fatal(err)
	}
	doc := sc.Document()
	tr := engine.Run(context.Background(), sc, engine.Options{})
	return &doc, tr
}

// expectGolden compares got with testdata/<name>.golden.html.
func expectGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name+".golden.html"), got)
}

func TestScenarioGolden(t *testing.T) {
	for _, name := range []string{"locked", "values", "hostile"} {
		t.Run(name, func(t *testing.T) {
			doc, tr := load(t, name)
			var b bytes.Buffer
			b.WriteString(Scenario("/base/", name, doc, tr, nil, Prerendered))
			expectGolden(t, "scenario-"+name, b.Bytes())
		})
	}
}

func TestScenarioWithoutTranscript(t *testing.T) {
	doc, _ := load(t, "locked")
	var b bytes.Buffer
	b.WriteString(Scenario("/", "locked", doc, nil, nil, Prerendered))
	out := b.String()
	expectGolden(t, "scenario-locked-norun", b.Bytes())
	if n := strings.Count(out, `data-result="none"`); n != len(doc.Steps) {
		t.Errorf("%d steps marked data-result=none, want %d", n, len(doc.Steps))
	}
	for _, unwanted := range []string{`data-result="prerendered"`, `class="verdict`, `run-summary">` + "\n<p"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("a page without a transcript contains %q", unwanted)
		}
	}
}

func TestGalleryGolden(t *testing.T) {
	var entries []Entry
	for _, name := range []string{"locked", "values", "hostile"} {
		doc, _ := load(t, name)
		entries = append(entries, Entry{ID: name, Meta: doc.Meta})
	}
	entries = append(entries, Entry{ID: "untitled", Meta: wire.Meta{Title: "No topic"}})
	var b bytes.Buffer
	b.WriteString(Gallery("/dbquirks/", entries))
	expectGolden(t, "gallery", b.Bytes())
}

func TestGroupByTopic(t *testing.T) {
	tests := []struct {
		name string
		in   []string // topics, one entry each
		want []string
	}{
		{"known order", []string{"types", "text", "schema", "numbers", "transactions"}, []string{"text", "numbers", "transactions", "schema", "types"}},
		{"unknown after known, empty last", []string{"", "zebra", "text", "apple"}, []string{"text", "apple", "zebra", ""}},
		{"case and space", []string{" Text", "text"}, []string{"text"}},
		{"none", nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var entries []Entry
			for i, topic := range tt.in {
				entries = append(entries, Entry{ID: string(rune('a' + i)), Meta: wire.Meta{Topic: topic}})
			}
			got := []string{}
			for _, tv := range groupByTopic(entries) {
				got = append(got, tv.Topic)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("topics %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCell(t *testing.T) {
	long := strings.Repeat("é", longValue+1)
	tests := []struct {
		name string
		in   wire.Value
		want cellView
	}{
		{"null", wire.NullValue(), cellView{Type: "null", Text: "NULL"}},
		{"text NULL", wire.TextValue("NULL"), cellView{Type: "text", Badge: "text", Text: "NULL"}},
		{"empty text", wire.TextValue(""), cellView{Type: "text", Badge: "text", Empty: true}},
		{"blob", wire.BlobValue([]byte{0, 255}), cellView{Type: "blob", Badge: "blob", Text: "x'00ff'"}},
		{"real", wire.RealValue(1), cellView{Type: "real", Badge: "real", Text: "1.0"}},
		{"long text", wire.TextValue(long), cellView{Type: "text", Badge: "text", Text: long,
			Head: strings.Repeat("é", headLength) + "…", Size: "121 characters"}},
		{"long blob", wire.BlobValue(make([]byte, 60)), cellView{Type: "blob", Badge: "blob",
			Text: "x'" + strings.Repeat("00", 60) + "'", Head: "x'" + strings.Repeat("0", headLength-2) + "…", Size: "60 bytes"}},
		{"exactly the limit", wire.TextValue(long[:longValue*2]), cellView{Type: "text", Badge: "text", Text: long[:longValue*2]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newCell(tt.in); got != tt.want {
				t.Errorf("newCell(%v) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestChecksVerdict(t *testing.T) {
	implicitOK := wire.Check{Kind: "error", Want: "ok", Got: "ok", OK: true, Implicit: true}
	tests := []struct {
		name        string
		in          []wire.Check
		wantVerdict string
		wantTexts   []string
	}{
		{"only implicit", []wire.Check{implicitOK}, "ok", nil},
		{"met", []wire.Check{implicitOK, {Kind: "rowCount", Want: "2", Got: "2", OK: true}}, "met", []string{"rows=2"}},
		{"failed", []wire.Check{{Kind: "busy", Want: "5000", Got: "none", Line: 9}}, "failed", []string{"busy=5000, got none"}},
		{"implicit failed", []wire.Check{{Kind: "error", Want: "ok", Got: "SQLITE_BUSY", Implicit: true}}, "failed", []string{"expected no error, got SQLITE_BUSY"}},
		{"rows", []wire.Check{{Kind: "rows", Want: "1", Got: "1", OK: true}, {Kind: "rows", Want: "1", Line: 4}}, "failed", []string{"rows as listed", "rows differ from those listed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			views, verdict, _ := newChecks(tt.in)
			var texts []string
			for _, v := range views {
				texts = append(texts, v.Text)
			}
			if verdict != tt.wantVerdict || !slices.Equal(texts, tt.wantTexts) {
				t.Errorf("got %s %q, want %s %q", verdict, texts, tt.wantVerdict, tt.wantTexts)
			}
		})
	}
}

func TestPager(t *testing.T) {
	// The gallery's order: topic text (b, d), then numbers (a), then no topic (c).
	entries := []Entry{
		{ID: "a", Meta: wire.Meta{Title: "A", Topic: "numbers"}},
		{ID: "b", Meta: wire.Meta{Title: "B", Topic: "text"}},
		{ID: "c", Meta: wire.Meta{Title: "C"}},
		{ID: "d", Meta: wire.Meta{Title: "D <&>", Topic: "text"}},
	}
	tests := []struct {
		id         string
		prev, next string // "" for none
	}{
		{"b", "", "d"},
		{"d", "b", "a"},
		{"a", "d", "c"},
		{"c", "a", ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			prev, next, ok := neighbors(tt.id, entries)
			if !ok {
				t.Fatal("not found")
			}
			if id(prev) != tt.prev || id(next) != tt.next {
				t.Errorf("neighbors %q, %q; want %q, %q", id(prev), id(next), tt.prev, tt.next)
			}
		})
	}

	var b bytes.Buffer
	b.WriteString(Pager("/dbquirks/", "d", entries))
	expectGolden(t, "pager", b.Bytes())

	b.Reset()
	if got := Pager("/", "missing", entries); got != "" {
		t.Errorf("a scenario that is not in the catalog got %q; want nothing", got)
	}
}

func id(e *Entry) string {
	if e == nil {
		return ""
	}
	return e.ID
}

func TestTopicAnchor(t *testing.T) {
	for in, want := range map[string]string{"": "topic-other", "text": "topic-text", "a b\"é": "topic-a-b--"} {
		if got := topicAnchor(in); got != want {
			t.Errorf("topicAnchor(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOutcomesGolden pins the markup of every way a step can end: a failed
// expectation, a rows diff, values with control characters, a run stopped
// at its time limit and a step it skipped. A live run's step results are
// StepResult's bytes, which the article holds unchanged.
func TestOutcomesGolden(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "outcomes.md"))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("outcomes.md", src)
	if err != nil {
		t.Fatal(err)
	}
	doc := sc.Document()
	tr := engine.Run(t.Context(), sc, engine.Options{RunTimeout: 300 * time.Millisecond, StatementTimeout: 5 * time.Second})
	tr.Stopped.Message = strings.ReplaceAll(tr.Stopped.Message, "300ms", "<limit>")
	verdicts := []string{}
	for _, st := range tr.Steps {
		_, v, _ := newChecks(st.Checks)
		if st.Skipped {
			v = "skipped"
		}
		verdicts = append(verdicts, v)
	}
	if want := []string{"failed", "failed", "failed", "skipped"}; !slices.Equal(verdicts, want) || tr.Stopped == nil {
		t.Fatalf("verdicts %q, stopped %v; the test scenario no longer has every outcome (want %q, stopped)", verdicts, tr.Stopped, want)
	}
	article := Scenario("/", "outcomes", &doc, tr, nil, Live)
	expectGolden(t, "scenario-outcomes", []byte(article))
	for _, ds := range doc.Steps {
		if !strings.Contains(article, areaOf("step-result", StepResult(&doc, tr, nil, ds))) {
			t.Errorf("step %d: the article does not hold StepResult's bytes under their hash", ds.Index)
		}
	}
	if !strings.Contains(article, `<div class="run-summary" data-testid="run-summary" data-hash="`+AreaHash(Summary(tr))+`">`+Summary(tr)+"</div>") {
		t.Error("the article does not hold Summary's bytes under their hash")
	}
	for _, want := range []string{`data-verdict="failed"`, `class="rows-diff"`, `data-verdict="skipped"`, `data-testid="stopped"`, `<span class="ctl" title="control character">\x00</span>`, `\x1b</span>[31m`} {
		if !strings.Contains(article, want) {
			t.Errorf("the outcomes article lacks %s", want)
		}
	}
}

// areaOf is a result area (testid step-result or quirk-result) as an
// article holds it: its element, named by the hash of markup, around
// markup's very bytes.
func areaOf(testid, markup string) string {
	return `<div class="step-result" data-testid="` + testid + `" data-hash="` + AreaHash(markup) + `">` + markup + "</div>"
}

// TestAreaHash: the hash names the bytes, so that a page can tell an area
// it was served with from another run's; it is an attribute value as it is.
func TestAreaHash(t *testing.T) {
	a, b := AreaHash(`<p class="summary-line">1 step run</p>`), AreaHash(`<p class="summary-line">2 steps run</p>`)
	if a == b {
		t.Errorf("two markups, one hash %q", a)
	}
	if a != AreaHash(`<p class="summary-line">1 step run</p>`) {
		t.Error("the same markup hashed twice differs")
	}
	for _, h := range []string{a, b, AreaHash("")} {
		if h == "" || strings.Trim(h, "0123456789abcdefghijklmnopqrstuvwxyz") != "" {
			t.Errorf("hash %q is not a short lowercase name", h)
		}
	}
}
