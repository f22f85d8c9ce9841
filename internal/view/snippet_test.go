package view

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestSnippetGolden(t *testing.T) {
	doc, tr := load(t, "locked")
	var b bytes.Buffer
	b.WriteString(Snippet("https://example.org/dbquirks/", "locked", doc, tr))
	out := b.String()
	for _, want := range []string{`href="https://example.org/dbquirks/s/locked/"`, "SQLITE_BUSY", "waited 5000 ms (virtual)", "Recorded with SQLite " + tr.Engine.SQLite} {
		if !strings.Contains(out, want) {
			t.Errorf("snippet lacks %q", want)
		}
	}
	expectGolden(t, "snippet-locked", b.Bytes())
}

// TestSnippetHostile checks that a snippet, which docs sites paste into
// their pages as is, carries no markup but its own: its style attributes
// are the template's, and everything from the scenario is text.
func TestSnippetHostile(t *testing.T) {
	doc, tr := load(t, "hostile")
	doc.Meta.Title = payload
	doc.Steps[0].SQL = payload
	s := &tr.Steps[0].Statements[0]
	s.Rows = append(s.Rows, []wire.Value{wire.TextValue(payload), wire.NullValue()})
	s.Error = &wire.Error{Code: payload, Extended: payload, Message: payload, Note: payload}
	var b bytes.Buffer
	b.WriteString(Snippet("https://example.org", payload, doc, tr))
	out := b.String()
	allowed := map[string]bool{"figure": true, "figcaption": true, "a": true, "div": true, "pre": true, "code": true,
		"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true, "small": true, "i": true, "b": true}
	for i := strings.IndexByte(out, '<'); i >= 0; i = next(out, i) {
		m := tagRE.FindStringSubmatch(out[i:])
		if m == nil {
			t.Fatalf("unexpected markup at %q", excerpt(out[i:]))
		}
		if !allowed[m[2]] {
			t.Errorf("unexpected element <%s>", m[2])
		}
		for _, a := range attrRE.FindAllStringSubmatch(m[3], -1) {
			if strings.HasPrefix(a[1], "on") || a[1] == "src" || (a[1] == "href" && !strings.HasPrefix(a[2], "https://example.org/s/")) {
				t.Errorf("unexpected attribute %s=%q", a[1], a[2])
			}
		}
	}
}

func next(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '<')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}
