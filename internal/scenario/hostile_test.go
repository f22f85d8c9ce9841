package scenario

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// dangerousHTML matches what would run script if it reached the page as
// HTML: element names, event handler attributes and script URLs.
var dangerousHTML = regexp.MustCompile(`(?i)<\s*(script|iframe|img|svg|div|a\s[^>]*href\s*=\s*["']?\s*(javascript|data|vbscript):)|\son\w+\s*=|(href|src)\s*=\s*["']?\s*(javascript|data|vbscript):`)

// TestHostileProseRendersInert renders a scenario whose every field carries
// script. Markdown prose must come out without raw HTML or script URLs;
// plain fields (title, SQL, values) stay plain text for the page to insert
// as text, which the render and browser tests check.
func TestHostileProseRendersInert(t *testing.T) {
	src, err := os.ReadFile("testdata/hostile/xss.md")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Parse("xss.md", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script>", `<img src=x onerror=a()>`, `<a href="javascript:x">`, `<a href=' data:x'>`, `<p onclick="x">`} {
		if !dangerousHTML.MatchString(bad) {
			t.Fatalf("the check itself misses %s", bad)
		}
	}
	doc := sc.Document()
	html := []string{doc.Meta.Django.NoteHTML, doc.EpilogueHTML}
	for _, st := range doc.Steps {
		html = append(html, st.ExplanationHTML)
	}
	for i, h := range html {
		if m := dangerousHTML.FindString(h); m != "" {
			t.Errorf("rendered HTML %d carries %q:\n%s", i, m, h)
		}
	}
	if !strings.Contains(doc.Meta.Django.NoteHTML, `href="https://docs.djangoproject.com/"`) {
		t.Errorf("a safe link was dropped too: %s", doc.Meta.Django.NoteHTML)
	}
	// The JSON the page receives escapes <, > and & so that it can sit in a
	// <script type="application/json"> element without ending it.
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "</script") {
		t.Error("the document's JSON can end a script element")
	}
}
