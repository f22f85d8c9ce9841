package play

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/permalink"
	"github.com/dbquirks/dbquirks/internal/view"
)

const source = "---\ntitle: t\n---\n\nMake a table.\n\n```sql\nCREATE TABLE t (a)\n```\n\n```sql rows=1\nSELECT 1\n```\n"

func TestPlayParsesOnceAndRendersEveryStep(t *testing.T) {
	before := Parses()
	o := Play(t.Context(), "t.md", []byte(source), Options{HTML: true, Base: "/b/"})
	if n := Parses() - before; n != 1 {
		t.Errorf("Play parsed %d times, want 1", n)
	}
	if o.Scenario == nil || o.Document == nil || o.Transcript == nil || len(o.Diagnostics) != 0 {
		t.Fatalf("outcome %+v", o.Play)
	}
	if o.Transcript.Failures != 0 {
		t.Errorf("%d failures", o.Transcript.Failures)
	}
	if want := permalink.ResultDigest(o.Transcript); o.Digest != want || want == "" {
		t.Errorf("digest %q, want %q", o.Digest, want)
	}
	h := o.HTML
	if h == nil || len(h.Steps) != 2 {
		t.Fatalf("html %+v", h)
	}
	for i, s := range h.Steps {
		if s.Index != i+1 || !strings.Contains(h.Article, `data-testid="step-result" data-hash="`+s.Hash+`">`+s.Result+"</div>") {
			t.Errorf("step %d: its result is not in the article as it is, under its hash", s.Index)
		}
		if s.Hash != view.AreaHash(s.Result) {
			t.Errorf("step %d: hash %q, want view.AreaHash of its result", s.Index, s.Hash)
		}
	}
	if h.SummaryHash != view.AreaHash(h.Summary) || !strings.Contains(h.Article, `data-hash="`+h.SummaryHash+`">`+h.Summary+"</div>") {
		t.Errorf("summary hash %q is not the summary's, as in the article", h.SummaryHash)
	}
	if !strings.Contains(h.Article, `data-result="live"`) || !strings.Contains(h.Article, `href="/b/"`) {
		t.Error("the article is not a live one under base /b/")
	}
	if h.Article != view.Scenario("/b/", "t", o.Document, o.Transcript, nil, view.Live) {
		t.Error("the article differs from the view's")
	}
}

func TestPlayMistakesAreDiagnostics(t *testing.T) {
	o := Play(t.Context(), "bad.md", []byte("---\ntitle: t\ncnn: 1\n---\n"), Options{HTML: true})
	if o.Scenario != nil || o.Document != nil || o.Transcript != nil || o.HTML != nil {
		t.Errorf("a scenario with mistakes was played: %+v", o.Play)
	}
	if len(o.Diagnostics) == 0 || o.Diagnostics[0].File != "bad.md" || o.Diagnostics[0].Line != 3 {
		t.Errorf("diagnostics %+v, want one at bad.md:3", o.Diagnostics)
	}
}

func TestStoppedRunHasNoDigest(t *testing.T) {
	ctx, cancel := contextCancelled(t)
	cancel()
	o := Play(ctx, "t.md", []byte(source), Options{})
	if o.Transcript.Stopped == nil || o.Digest != "" {
		t.Errorf("stopped %v, digest %q; want stopped and no digest", o.Transcript.Stopped, o.Digest)
	}
}

func TestRecentKeepsTheLastRuns(t *testing.T) {
	r := NewRecent(2)
	var runs []int
	for range 3 {
		o := Play(t.Context(), "t.md", []byte(source), Options{})
		r.Add(o)
		runs = append(runs, o.Run)
	}
	if runs[0] == runs[1] || runs[1] == runs[2] || runs[0] == 0 {
		t.Fatalf("run numbers %v are not distinct", runs)
	}
	if _, err := r.Get(runs[0]); !errors.Is(err, ErrUnknownRun) {
		t.Errorf("the oldest run is still kept (err %v)", err)
	}
	for _, run := range runs[1:] {
		if o, err := r.Get(run); err != nil || o.Run != run {
			t.Errorf("run %d: %v", run, err)
		}
	}
	bad := Play(t.Context(), "bad.md", []byte("---\n"), Options{})
	r.Add(bad)
	if bad.Run != 0 {
		t.Errorf("a scenario with mistakes was kept as run %d", bad.Run)
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{"": "scenario.md", "a": "a.md", "a.md": "a.md", "../x/y": "y.md", `c:\z`: "z.md", "/": "scenario.md"} {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func contextCancelled(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}

// TestShownShapeLeavesTheArticleOut: a Run whose document has the shape
// of the article on the page (Run again) returns only the results; an
// edited step, or no shape, returns the article too.
func TestShownShapeLeavesTheArticleOut(t *testing.T) {
	const src = "---\ntitle: Shapes\n---\n\nOne:\n\n```sql rows=1\nSELECT 1\n```\n"
	first := Play(t.Context(), "shapes.md", []byte(src), Options{HTML: true})
	if first.HTML.Article == "" || first.Document.Shape == "" {
		t.Fatalf("no article or no shape without Shown: %q", first.Document.Shape)
	}
	again := Play(t.Context(), "shapes.md", []byte(src), Options{HTML: true, Shown: first.Document.Shape})
	if again.HTML.Article != "" || len(again.HTML.Steps) != 1 || again.HTML.Summary == "" {
		t.Errorf("Run again: the article came back, or the results did not")
	}
	edited := Play(t.Context(), "shapes.md", []byte(strings.Replace(src, "SELECT 1", "SELECT 2", 1)), Options{HTML: true, Shown: first.Document.Shape})
	if edited.HTML.Article == "" || edited.Document.Shape == first.Document.Shape {
		t.Errorf("an edited step has the old shape or no article")
	}
}
